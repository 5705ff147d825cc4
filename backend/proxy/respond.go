package proxy

import (
	"encoding/json"
	"strings"
)

// errorBody is the JSON every refusal carries.
type errorBody struct {
	Error     string `json:"error"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
	// RequiredRoles lists, on a 403, the roles any one of which would do.
	RequiredRoles []string `json:"required_roles,omitempty"`
}

// reject answers with the proxy's JSON error body.
func (s *Server) reject(x *exchange, status int, code, message string) {
	s.rejectBody(x, status, errorBody{Error: code, Message: message})
}

func (s *Server) rejectBody(x *exchange, status int, eb errorBody) {
	eb.RequestID = x.idHeader[0]
	body, _ := json.Marshal(eb)
	h := x.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	x.WriteHeader(status)
	_, _ = x.Write(append(body, '\n'))
}

// headerQuote makes text fit an RFC 6750 quoted attribute value, which
// allows printable ASCII except '"' and '\'.
func headerQuote(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"' || r == '\\':
			return '\''
		case r < 0x20 || r > 0x7e:
			return ' '
		}
		return r
	}, s)
}
