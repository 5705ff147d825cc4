package outbound

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirectRefused is wrapped by every redirect SameOriginRedirects refuses.
var ErrRedirectRefused = errors.New("a redirect to another origin was refused")

// maxRedirects is net/http's own limit, kept for the redirects that are allowed.
const maxRedirects = 10

// RedirectError says which redirect was refused: the origin the credential
// was meant for and where the server tried to send it (no query string, which
// may carry a code or a token).
type RedirectError struct {
	From string // origin of the first request, e.g. https://kc.example.com
	To   string // the redirect target without its query
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s: %s answered with a redirect to %s; a request that carries a credential is sent only to the origin it was meant for",
		ErrRedirectRefused, e.From, e.To)
}

// Detail is the sentence without the sentinel's words, for errors that name
// the sentinel on their own.
func (e *RedirectError) Detail() string {
	return fmt.Sprintf("%s answered with a redirect to %s", e.From, e.To)
}

func (e *RedirectError) Unwrap() error { return ErrRedirectRefused }

// SameOriginRedirects is the http.Client CheckRedirect of every client that
// sends a credential (a password or client secret in a form or Basic auth, a
// bearer token). It follows a redirect only to the origin (scheme, host and
// port) of the first request. A 307/308 re-sends the body, so following one
// to another host would hand it the password; Go's client keeps the
// Authorization header for another port of the same host and for an https→http
// downgrade. Any other origin, https→http included, is refused.
func SameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0].URL
	if Origin(first) != Origin(req.URL) {
		return &RedirectError{From: first.Scheme + "://" + first.Host, To: withoutQuery(req.URL)}
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	return nil
}

// Client returns a copy of base (a new client when nil) that follows only
// same-origin redirects. The copy shares base's transport and timeout.
func Client(base *http.Client) *http.Client {
	c := &http.Client{}
	if base != nil {
		cp := *base
		c = &cp
	}
	c.CheckRedirect = SameOriginRedirects
	return c
}

// Origin is scheme://host:port in lower case, the port spelled out even
// when it is the scheme's default, so http://h and http://h:80 compare equal.
func Origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host + ":" + port
}

func withoutQuery(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.User = "", "", nil
	return c.String()
}
