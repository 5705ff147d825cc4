// Package echo is Tandem's demo upstream: it answers every request with a
// JSON description of what it received, so a user (or the route tester) can
// see exactly which path and headers got through the proxy.
package echo

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxBody is how much of a request body the echo repeats.
const MaxBody = 64 << 10

// Response is the JSON body the echo answers with.
type Response struct {
	Method        string            `json:"method"`
	Path          string            `json:"path"`
	RawPath       string            `json:"rawPath"`
	Query         string            `json:"query"`
	Host          string            `json:"host"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyTruncated bool              `json:"bodyTruncated"`
}

// Handler answers every request with a Response. Repeated headers are joined
// with ", " as HTTP allows.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
		resp := Response{
			Method:  r.Method,
			Path:    r.URL.Path,
			RawPath: r.URL.EscapedPath(),
			Query:   r.URL.RawQuery,
			Host:    r.Host,
			Headers: make(map[string]string, len(r.Header)),
		}
		if len(body) > MaxBody {
			body, resp.BodyTruncated = body[:MaxBody], true
		}
		if utf8.Valid(body) {
			resp.Body = string(body)
		} else {
			resp.Body = strings.ToValidUTF8(string(body), "\uFFFD")
		}
		for name, vals := range r.Header {
			resp.Headers[name] = strings.Join(vals, ", ")
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(resp)
	})
}
