// Package echo is Tandem's demo upstream: it answers every request with a
// JSON description of what it received, so a user (or the route tester) can
// see exactly which path and headers got through the proxy.
package echo

import (
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/tandemhq/tandem/backend/routes"
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
		if wantsHTML(r) {
			writePage(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(resp)
	})
}

// wantsHTML reports a browser asking for a page.
func wantsHTML(r *http.Request) bool {
	return strings.Contains(strings.ToLower(r.Header.Get("Accept")), "text/html")
}

// page is what a browser sees: whom the upstream was told it is, from the
// proxy's default identity headers, with a way to sign in or out through the
// proxy's sign-in paths.
var page = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Tandem echo</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}code{background:#f3f3f3;padding:0 .2em}</style>
</head><body>
<h1>Tandem echo</h1>
{{if .User}}<p id="whoami">Signed in as <strong>{{.User}}</strong>{{if .ID}} (<code>{{.ID}}</code>){{end}}</p>
<form method="post" action="{{.Logout}}?rd={{.Here}}"><button type="submit" id="sign-out">Sign out</button></form>
{{else}}<p id="whoami">You are <strong>anonymous</strong>.</p>
<p><a id="sign-in" href="{{.Login}}?rd={{.Here}}">Sign in</a></p>{{end}}
<p>{{.Method}} <code>{{.Path}}</code></p>
</body></html>
`))

func writePage(w http.ResponseWriter, r *http.Request) {
	user := r.Header.Get(routes.HeaderUserName)
	id := r.Header.Get(routes.HeaderUserID)
	if user == "" {
		user = id
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, struct{ User, ID, Method, Path, Here, Login, Logout string }{
		User: user, ID: id, Method: r.Method, Path: r.URL.Path, Here: r.URL.RequestURI(),
		Login: routes.LoginPath, Logout: routes.LogoutPath,
	})
}
