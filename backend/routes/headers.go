package routes

import (
	"net/textproto"
	"slices"
	"strings"
)

// This file is the one home of the rules about header names that the route
// file, the proxy and the tester share: how names are compared, which names
// may never be identity headers, and which headers ask a backend to route
// differently from what the proxy checked.

// AppendNormalizedHeaderName appends name folded the way the proxy contract
// compares header names: ASCII lower case, with "_" read as "-". Servers
// differ in how they fold names (CGI-style servers turn "-" into "_"), so
// two names that fold alike are the same header. Callers on the request path
// pass a stack buffer as dst so that folding allocates nothing.
func AppendNormalizedHeaderName(dst []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_':
			c = '-'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// NormalizeHeaderName returns name folded as AppendNormalizedHeaderName does.
func NormalizeHeaderName(name string) string {
	return string(AppendNormalizedHeaderName(make([]byte, 0, len(name)), name))
}

// SentHeaderName is the spelling in which the proxy sends an identity
// header: "_" written as "-" and the canonical case (x_user_id is sent as
// X-User-Id). nginx, by default, and CGI-style servers drop a header whose
// name holds "_", so an identity sent as written could silently never reach
// the upstream; and two names that fold alike are one header anyway.
func SentHeaderName(name string) string {
	return textproto.CanonicalMIMEHeaderKey(strings.ReplaceAll(name, "_", "-"))
}

// Names the proxy sets on every forwarded request and answer.
const (
	HeaderRequestID = "X-Request-Id"
	HeaderTrace     = "X-Tandem-Trace"
)

// RoutingHeaders ask a backend or framework to route or act differently from
// what the proxy checked (an override of the path or the method). The proxy
// removes them from every request, compared like identity headers.
var RoutingHeaders = []string{
	"X-Original-URL", "X-Rewrite-URL",
	"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
}

// reservedExact are folded names that may not be identity headers: HTTP's
// hop-by-hop and framing headers, the request's own target and credentials,
// and the headers the proxy sets itself.
var reservedExact = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{
		"Authorization", "Host", "Content-Length", "Content-Type", "Content-Encoding",
		"Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
		"Cookie", "Set-Cookie", "Forwarded", "Expect",
		HeaderRequestID,
	} {
		m[NormalizeHeaderName(n)] = true
	}
	for _, n := range RoutingHeaders {
		m[NormalizeHeaderName(n)] = true
	}
	return m
}()

// reservedFamilies are folded name prefixes whose every member is reserved:
// proxies' own headers, forwarding headers and Tandem's headers.
var reservedFamilies = []string{"proxy-", "x-forwarded-", "x-tandem-"}

// IsReservedHeader reports whether name, folded, may not be an identity
// header: the proxy or HTTP itself owns it.
func IsReservedHeader(name string) bool {
	key := NormalizeHeaderName(name)
	if reservedExact[key] {
		return true
	}
	for _, p := range reservedFamilies {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// InjectableHeaders names every header the proxy could inject under cfg,
// one spelling per folded name, sorted: the default identity headers
// (always, so an upstream still reading X-User-Id after the file renamed its
// identity headers cannot be fooled by a client's), the file's
// identity_headers and every route's headers, disabled routes included. The
// proxy removes each of them from every incoming request; the tester spoofs
// the same set and expects none of it to get through.
func InjectableHeaders(cfg Config) []string {
	seen := map[string]bool{}
	var out []string
	add := func(m map[string]string) {
		for _, name := range sortedKeys(m) {
			if key := NormalizeHeaderName(name); !seen[key] {
				seen[key] = true
				out = append(out, name)
			}
		}
	}
	add(DefaultIdentityHeaders())
	add(cfg.IdentityHeaders)
	for _, r := range cfg.Routes {
		add(r.Headers)
	}
	slices.Sort(out)
	return out
}
