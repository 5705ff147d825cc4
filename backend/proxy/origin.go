package proxy

import (
	"context"
	"net/http"
	"strings"
)

// origin is the scheme and host a browser used to reach the proxy: the
// request's own, or, from a trusted proxy (a TLS-terminating load balancer),
// its X-Forwarded-Proto and X-Forwarded-Host. Sign-in builds its callback
// URL from it and marks cookies Secure when the scheme is https.
type origin struct {
	scheme, host string
}

// externalOrigin works out the request's origin; trusted says whether the
// peer is a trusted proxy, whose forwarded headers are believed.
func externalOrigin(r *http.Request, trusted bool) origin {
	o := origin{scheme: "http", host: r.Host}
	if r.TLS != nil {
		o.scheme = "https"
	}
	if !trusted {
		return o
	}
	// A chain of proxies may list several values: the first is the client's.
	if p := firstForwarded(r.Header.Get("X-Forwarded-Proto")); p == "https" || p == "http" {
		o.scheme = p
	}
	if h := firstForwarded(r.Header.Get("X-Forwarded-Host")); h != "" {
		o.host = h
	}
	return o
}

func firstForwarded(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.ToLower(strings.TrimSpace(first))
}

type originKey struct{}

// withOrigin hands the decided origin to sign-in's handlers and cookies,
// which read it with originOf. Only a request whose origin differs from what
// the request says about itself pays for a new context.
func withOrigin(r *http.Request, o origin) *http.Request {
	if o == externalOrigin(r, false) {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), originKey{}, o))
}

// originOf is the origin decided for r (see withOrigin), else the request's
// own scheme and host.
func originOf(r *http.Request) origin {
	if o, ok := r.Context().Value(originKey{}).(origin); ok {
		return o
	}
	return externalOrigin(r, false)
}
