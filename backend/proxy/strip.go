package proxy

import (
	"net/http"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// Names stripHeaders compares, folded as routes.AppendNormalizedHeaderName
// folds every name (lower case, "_" as "-").
var (
	normConnection = routes.NormalizeHeaderName("Connection")
	normUpgrade    = routes.NormalizeHeaderName("Upgrade")
	normTrace      = routes.NormalizeHeaderName(routes.HeaderTrace)
	normRequestID  = routes.NormalizeHeaderName(routes.HeaderRequestID)
)

// routingHeaders holds routes.RoutingHeaders folded: headers that would make
// a backend route or act differently from what the proxy checked.
var routingHeaders = func() map[string]bool {
	m := make(map[string]bool, len(routes.RoutingHeaders))
	for _, name := range routes.RoutingHeaders {
		m[routes.NormalizeHeaderName(name)] = true
	}
	return m
}()

// foldBuf holds a folded header name on the stack; only names longer than
// it make routes.AppendNormalizedHeaderName allocate.
type foldBuf [96]byte

// owns reports whether name (in any case, "_" as "-") is a header the proxy
// sets itself: an identity header of any route, X-Request-Id or
// X-Tandem-Trace.
func (s *Server) owns(name string) bool { return s.current().owns(name) }

func (sn *snapshot) owns(name string) bool {
	var buf foldBuf
	return sn.ownsKey(routes.AppendNormalizedHeaderName(buf[:0], name))
}

func (sn *snapshot) ownsKey(key []byte) bool {
	return sn.strip[string(key)] || string(key) == normRequestID || string(key) == normTrace
}

// stripHeaders cleans the request before anything else reads it. It removes,
// from the headers and the declared trailers, every header the proxy could
// inject, the trace and request-id headers, and the routing headers
// (X-Original-URL, X-HTTP-Method-Override, ...), all compared
// case-insensitively with "_" and "-" alike. It takes the names the proxy
// owns out of the Connection header, so the client cannot point hop-by-hop
// handling at headers the proxy sets. It lets Upgrade through only for a
// WebSocket handshake: any other upgrade (h2c, ...) is dropped with its
// Connection token and the request goes on as plain HTTP/1.1, since a
// protocol switch would carry requests the proxy never sees. It reports
// whether the request carried this server's trace key.
func (s *snapshot) stripHeaders(r *http.Request, x *exchange, traceKey string) (traced bool) {
	upgrade, hasUpgrade := r.Header["Upgrade"]
	dropUpgrade := hasUpgrade && !isWebSocketUpgrade(upgrade, r.Header["Connection"])
	var buf foldBuf
	for name, vals := range r.Header {
		key := routes.AppendNormalizedHeaderName(buf[:0], name)
		switch {
		case string(key) == normTrace:
			for _, v := range vals {
				if v == traceKey {
					traced = true
				}
			}
			delete(r.Header, name)
		case string(key) == normRequestID:
			delete(r.Header, name)
		case s.strip[string(key)] || routingHeaders[string(key)]:
			x.stripped = append(x.stripped, name)
			delete(r.Header, name)
		case string(key) == normUpgrade:
			// Go's ReverseProxy only reads the canonical spelling; any other
			// would travel as an ordinary header.
			if dropUpgrade || name != "Upgrade" {
				x.stripped = append(x.stripped, name)
				delete(r.Header, name)
			}
		case string(key) == normConnection:
			if kept, changed := s.withoutDroppedTokens(vals, x, dropUpgrade); changed {
				if len(kept) == 0 {
					delete(r.Header, name)
				} else {
					r.Header[name] = kept
				}
			}
		}
	}
	// Request trailers declared under the same names go too. Go's
	// ReverseProxy forwards the names a client declares in Trailer but never
	// their values, so no value gets through today; dropping the names means
	// an upstream is not even promised one, whatever forwards values later.
	for name := range r.Trailer {
		key := routes.AppendNormalizedHeaderName(buf[:0], name)
		if s.ownsKey(key) || routingHeaders[string(key)] {
			x.stripped = append(x.stripped, name)
			delete(r.Trailer, name)
		}
	}
	return traced
}

// isWebSocketUpgrade reports whether the request asks to switch to
// WebSocket and nothing else: one Upgrade value "websocket" (any case) and
// an "upgrade" token in Connection, which is what ReverseProxy acts on.
func isWebSocketUpgrade(upgrade, connection []string) bool {
	if len(upgrade) != 1 || !strings.EqualFold(strings.TrimSpace(upgrade[0]), "websocket") {
		return false
	}
	for _, v := range connection {
		for tok := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				return true
			}
		}
	}
	return false
}

// withoutDroppedTokens returns the Connection header values without the
// tokens that name headers the proxy owns (and without "upgrade" when the
// Upgrade header is dropped), and whether any was removed. The common case
// (no such token) allocates nothing.
func (s *snapshot) withoutDroppedTokens(vals []string, x *exchange, dropUpgrade bool) (kept []string, changed bool) {
	for i, v := range vals {
		if !s.anyDroppedToken(v, dropUpgrade) {
			if changed {
				kept = append(kept, v)
			}
			continue
		}
		if !changed {
			kept, changed = append(kept, vals[:i]...), true
		}
		var tokens []string
		for tok := range strings.SplitSeq(v, ",") {
			tok = strings.TrimSpace(tok)
			switch {
			case tok == "":
			case s.dropsToken(tok, dropUpgrade):
				x.stripped = append(x.stripped, "Connection: "+tok)
			default:
				tokens = append(tokens, tok)
			}
		}
		if len(tokens) > 0 {
			kept = append(kept, strings.Join(tokens, ", "))
		}
	}
	return kept, changed
}

// anyDroppedToken reports whether a Connection header value lists a token
// that dropsToken removes.
func (s *snapshot) anyDroppedToken(v string, dropUpgrade bool) bool {
	for v != "" {
		tok, rest, _ := strings.Cut(v, ",")
		if tok = strings.TrimSpace(tok); tok != "" && s.dropsToken(tok, dropUpgrade) {
			return true
		}
		v = rest
	}
	return false
}

// dropsToken reports whether a Connection token goes: it names a header the
// proxy owns, or it is "upgrade" while the Upgrade header is dropped.
func (s *snapshot) dropsToken(tok string, dropUpgrade bool) bool {
	return s.owns(tok) || dropUpgrade && strings.EqualFold(tok, "upgrade")
}
