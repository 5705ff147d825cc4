package proxy

import (
	"net/http"
	"strings"
)

// normConnection is "Connection" normalised like every name the proxy
// compares: lower case, "_" as "-".
const normConnection = "connection"

// normalizeInto writes name in normalised form into buf and returns it; only
// names longer than buf pay an allocation.
func normalizeInto(buf *[96]byte, name string) []byte {
	var key []byte
	if len(name) <= len(buf) {
		key = buf[:copy(buf[:], name)]
	} else {
		key = []byte(name)
	}
	for i, c := range key {
		switch {
		case c == '_':
			key[i] = '-'
		case 'A' <= c && c <= 'Z':
			key[i] = c + 'a' - 'A'
		}
	}
	return key
}

// owns reports whether name (in any case, "_" as "-") is a header the proxy
// sets itself: an identity header of any route, X-Request-Id or
// X-Tandem-Trace.
func (s *Server) owns(name string) bool {
	var buf [96]byte
	key := normalizeInto(&buf, name)
	return s.strip[string(key)] || string(key) == normRequestID || string(key) == normTrace
}

// stripHeaders removes every header the proxy could inject, compared
// case-insensitively with "_" and "-" alike, plus the trace and request-id
// headers, from the request's headers and declared trailers. It also takes
// those names out of the Connection header, so the client cannot point
// hop-by-hop handling at headers the proxy sets. It reports whether the
// request carried this server's trace key.
func (s *Server) stripHeaders(r *http.Request, x *exchange) (traced bool) {
	var buf [96]byte
	for name, vals := range r.Header {
		key := normalizeInto(&buf, name)
		switch {
		case string(key) == normTrace:
			for _, v := range vals {
				if v == s.traceKey {
					traced = true
				}
			}
			delete(r.Header, name)
		case string(key) == normRequestID:
			delete(r.Header, name)
		case s.strip[string(key)]:
			x.stripped = append(x.stripped, name)
			delete(r.Header, name)
		case string(key) == normConnection:
			if kept, changed := s.withoutOwnedTokens(vals, x); changed {
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
		if s.owns(name) {
			x.stripped = append(x.stripped, name)
			delete(r.Trailer, name)
		}
	}
	return traced
}

// withoutOwnedTokens returns the Connection header values without the
// tokens that name headers the proxy owns, and whether any was removed. The
// common case (no such token) allocates nothing.
func (s *Server) withoutOwnedTokens(vals []string, x *exchange) (kept []string, changed bool) {
	for i, v := range vals {
		if !s.anyOwnedToken(v) {
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
			case s.owns(tok):
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

// anyOwnedToken reports whether a Connection header value lists a header
// the proxy owns.
func (s *Server) anyOwnedToken(v string) bool {
	for v != "" {
		tok, rest, _ := strings.Cut(v, ",")
		if tok = strings.TrimSpace(tok); tok != "" && s.owns(tok) {
			return true
		}
		v = rest
	}
	return false
}
