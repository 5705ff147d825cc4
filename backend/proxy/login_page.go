package proxy

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
)

// wantsHTML reports whether the client is a browser asking for a page.
func wantsHTML(r *http.Request) bool {
	for _, v := range r.Header["Accept"] {
		if strings.Contains(strings.ToLower(v), "text/html") {
			return true
		}
	}
	return false
}

// isNavigation reports a browser navigation: GET or HEAD accepting HTML.
// Only these are sent to sign in; an API call keeps its 401.
func isNavigation(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && wantsHTML(r)
}

// writeSignInError answers a sign-in endpoint's failure: a short HTML page
// to a browser, the proxy's JSON error otherwise. It never sets a session.
func writeSignInError(w http.ResponseWriter, r *http.Request, status int, code, message, requestID string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if wantsHTML(r) {
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`<!doctype html><html><head><meta charset="utf-8"><title>Sign-in failed</title>` +
			`<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;padding:0 1em}</style></head><body>` +
			`<h1>Sign-in failed</h1><p>` + html.EscapeString(message) + `</p>` +
			`<p><a href="/">Back to the start</a></p><p><small>Request id ` + html.EscapeString(requestID) + `</small></p></body></html>` + "\n"))
		return
	}
	body, _ := json.Marshal(errorBody{Error: code, Message: message, RequestID: requestID})
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// redirect answers 302 (or 303) to location, uncached.
func redirect(w http.ResponseWriter, status int, location string) {
	w.Header().Set("Location", location)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
}
