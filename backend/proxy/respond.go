package proxy

import (
	"encoding/json"
	"net/http"
	"strconv"
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

// answer gives the proxy's own answer of a decision that does not forward:
// its status, the headers that go with it and the JSON error body.
func (s *Server) answer(x *exchange, d *decision) {
	h := x.Header()
	if d.allow != "" {
		h.Set("Allow", d.allow)
	}
	if d.wwwAuthenticate != "" {
		h.Set("WWW-Authenticate", d.wwwAuthenticate)
	}
	if d.retryAfter > 0 {
		// Whole seconds, rounded up: a client that waits what it is told
		// must find a token in the bucket.
		h.Set("Retry-After", strconv.FormatInt(retryAfterSeconds(d.retryAfter), 10))
	}
	if d.location != "" {
		h.Set("Location", d.location)
	}
	s.rejectBody(x, d.status, errorBody{Error: d.errCode, Message: d.message, RequiredRoles: d.requiredRoles})
}

// reject answers with the proxy's JSON error body.
func (s *Server) reject(x *exchange, status int, code, message string) {
	s.rejectBody(x, status, errorBody{Error: code, Message: message})
}

func (s *Server) rejectBody(x *exchange, status int, eb errorBody) {
	eb.RequestID = x.idHeader[0]
	writeErrorBody(x, status, eb)
}

// writeErrorBody writes the proxy's JSON error body: the one shape of every
// error the proxy answers itself, from a route or from the sign-in endpoints.
func writeErrorBody(w http.ResponseWriter, status int, eb errorBody) {
	body, _ := json.Marshal(eb)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
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
