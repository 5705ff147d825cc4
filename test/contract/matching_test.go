package contract

import (
	"strings"
	"testing"
)

// TestMatching: segment-aware prefixes, most specific route, hosts,
// methods, strip_prefix and no route.
func TestMatching(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	token := s.idp.token(alice)
	for _, c := range []struct {
		name, method, target, host string
		token                      bool
		route                      string // upstream label that must receive it
		uri                        string // exact request-target the upstream must see
	}{
		{name: "exact prefix", target: "/api/feed", route: "feed", uri: "/api/feed"},
		{name: "below the prefix", target: "/api/feed/x", route: "feed", uri: "/api/feed/x"},
		{name: "trailing slash", target: "/api/feed/", route: "feed", uri: "/api/feed/"},
		{name: "feedback is not feed", target: "/api/feedback", route: "feedback", uri: "/api/feedback"},
		{name: "below feedback", target: "/api/feedback/x", route: "feedback", uri: "/api/feedback/x"},
		{name: "longer sibling falls back to feed", target: "/api/feed/itemsx", route: "feed", uri: "/api/feed/itemsx"},
		{name: "most specific: feed/items", target: "/api/feed/items/1", token: true, route: "feed-items", uri: "/api/feed/items/1"},
		{name: "host-specific route", target: "/api/host", host: "api.example.test", route: "host-specific", uri: "/api/host"},
		{name: "host is case-insensitive", target: "/api/host/x", host: "API.Example.TEST", route: "host-specific", uri: "/api/host/x"},
		// docs/proxy.md: a route host without a port matches any port.
		{name: "host with a port", target: "/api/host", host: "api.example.test:8443", route: "host-specific", uri: "/api/host"},
		{name: "other host falls back", target: "/api/host", host: "other.example.test", route: "host-any", uri: "/api/host"},
		{name: "method route wins", target: "/api/m", route: "m-get", uri: "/api/m"},
		{name: "other method goes to the route without methods", method: "DELETE", target: "/api/m", token: true, route: "m-any", uri: "/api/m"},
		// A route that takes GET takes HEAD too, as HTTP servers do (RFC 9110,
		// 9.1 and 9.3.2: HEAD is GET without the response content); the
		// design's "optional methods" do not say otherwise (docs/proxy.md).
		{name: "HEAD on a GET route", method: "HEAD", target: "/api/only/x", route: "only-get", uri: "/api/only/x"},
		{name: "HEAD prefers the GET route", method: "HEAD", target: "/api/m", route: "m-get", uri: "/api/m"},
		{name: "strip_prefix", target: "/api/strip/x/y", route: "strip", uri: "/x/y"},
		{name: "strip_prefix, exact", target: "/api/strip", route: "strip", uri: "/"},
		{name: "strip_prefix, trailing slash", target: "/api/strip/", route: "strip", uri: "/"},
		{name: "strip_prefix keeps the query", target: "/api/strip/x?a=1&b=%2F", route: "strip", uri: "/x?a=1&b=%2F"},
	} {
		var headers [][2]string
		if c.token {
			headers = append(headers, bearer(token))
		}
		r := s.px.send(t, req{Method: c.method, Target: c.target, Host: c.host, Headers: headers})
		if r.Status != 200 {
			t.Errorf("%s: %s %s (Host %q): got %s, want 200 from %s", c.name, c.method, c.target, c.host, r, c.route)
			continue
		}
		got, ok := s.forwarded(t, c.name, r)
		if !ok {
			continue
		}
		if got.Upstream != c.route || got.RequestURI != c.uri {
			t.Errorf("%s: %s went to %s as %q, want %s as %q", c.name, c.target, got.Upstream, got.RequestURI, c.route, c.uri)
		}
	}

	// Nothing matches: 404, JSON, never forwarded, logged no-route.
	var logs logChecks
	for _, target := range []string{"/", "/api", "/api/fee", "/api/feedbackx", "/api/stripx", "/other?x=/api/feed"} {
		r := s.px.get(t, target, bearer(token))
		if r.Status != 404 {
			t.Errorf("no route %s: got %s, want 404", target, r)
			continue
		}
		s.notForwarded(t, "no route "+target, r)
		errorOf(t, "no route "+target, r)
		logs.add(r, func(rec map[string]any, ok bool) {
			if !ok || rec["decision"] != "no-route" || rec["status"] != float64(404) {
				t.Errorf("no route %s: log record %v, want decision no-route, status 404", target, rec)
			}
		})
	}
	logs.run(s.px)

	// Whether paths match case-sensitively is not specified; either way a
	// differently cased protected path must not reach an upstream without a
	// token.
	for _, target := range []string{"/API/admin", "/api/ADMIN", "/Api/Me"} {
		r := s.px.get(t, target)
		if r.Status != 404 && r.Status != 401 {
			t.Errorf("%s without a token: got %s, want 404 or 401", target, r)
		}
		s.notForwarded(t, target+" without a token", r)
	}

	// A path matched by a route whose methods exclude the request's method.
	// Judgement call: the design says "no matching route → 404"; the docs
	// promise 405 with an Allow header. Either is accepted, but it is never
	// forwarded and answers with the JSON error body.
	for _, method := range []string{"POST", "DELETE"} {
		r := s.px.send(t, req{Method: method, Target: "/api/only/x"})
		what := method + " /api/only/x (route allows GET)"
		s.notForwarded(t, what, r)
		switch r.Status {
		case 404:
		case 405:
			if allow := r.Header.Get("Allow"); !strings.Contains(allow, "GET") {
				t.Errorf("%s: 405 with Allow %q, want it to list GET", what, allow)
			}
		default:
			t.Errorf("%s: got %s, want 404 or 405", what, r)
			continue
		}
		errorOf(t, what, r)
	}
}

// TestNormalisation: the path is normalised before matching, the upstream
// receives exactly the normalised path, no traversal reaches another route's
// upstream, and ambiguous paths are refused with 400.
func TestNormalisation(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	logs := s.logChecksAtEnd(t)
	for _, c := range []struct {
		target string
		route  string // "" when the request must be refused
		uri    string // what the upstream receives
		status int
	}{
		{"/api/feed/./x", "feed", "/api/feed/x", 200},
		{"/api/feed//x", "feed", "/api/feed/x", 200},
		{"//api///feed", "feed", "/api/feed", 200},
		{"/api/feed/x/../y", "feed", "/api/feed/y", 200},
		{"/api/feed/%2e/x", "feed", "/api/feed/x", 200},
		{"/api/feed/%2E%2E/feed/z", "feed", "/api/feed/z", 200},
		{"/api/feed%2Fx", "feed", "/api/feed/x", 200},
		{"/api/feed%2fx%2F%2Fy", "feed", "/api/feed/x/y", 200},
		{"/../../api/feed", "feed", "/api/feed", 200},
		{"/api/feed/a%20b", "feed", "/api/feed/a%20b", 200},
		{"/api/feed/x?q=a%2Fb&r=..%2F..", "feed", "/api/feed/x?q=a%2Fb&r=..%2F..", 200},
		// traversal out of a public route lands on the route it resolves to
		{"/api/public/../feed/x", "feed", "/api/feed/x", 200},
		{"/api/public/%2e%2e/feed", "feed", "/api/feed", 200},
		{"/api/public/%2E%2E/feed", "feed", "/api/feed", 200},
		{"/api/public/.%2e/feed", "feed", "/api/feed", 200},
		{"/api/public%2F..%2Ffeed", "feed", "/api/feed", 200},
		{"/api/feedback/..%2Ffeed", "feed", "/api/feed", 200},
		{"/api/strip/../feed", "feed", "/api/feed", 200},
		// ... and a required route still asks for a token
		{"/api/public/../me", "", "", 401},
		{"/api/public/%2e%2e/me", "", "", 401},
		{"/api/public/..%2f..%2fapi/me", "", "", 401},
		{"/api/feed/%2e%2e/admin", "", "", 401},
		{"/api/strip/..%2Fme", "", "", 401},
		// ambiguous: 400
		{"/api/public/..;/me", "", "", 400},
		{"/api/public/..;jsessionid=1/me", "", "", 400},
		{"/api/public/.;x/me", "", "", 400},
		{"/api/public/%2e%2e;/me", "", "", 400},
		{"/api/public/%252e%252e/me", "", "", 400},
		{"/api/public/%252E", "", "", 400},
		{"/api/public/%252fme", "", "", 400},
		{"/api/public/%5c..%5cme", "", "", 400},
		{"/api/public/%5C", "", "", 400},
		{"/api/public/x%255cy", "", "", 400},
		{`/api/public\..\me`, "", "", 400},
		{`/api/public/x\y`, "", "", 400},
		{"/api/public/%zz", "", "", 400},
		{"/api/public/%2", "", "", 400},
		{"/api/public/%00", "", "", 400},
	} {
		r := s.px.get(t, c.target)
		if r.Status != c.status {
			t.Errorf("%s: got %s, want %d", c.target, r, c.status)
			s.notForwardedUnless(t, c.target, r, c.route)
			continue
		}
		if c.route == "" {
			s.notForwarded(t, c.target, r)
			if r.Status == 400 && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") && strings.Contains(c.target, "%") {
				// Judgement call: Go's HTTP server refuses a malformed escape
				// with its own plain-text 400 before any handler runs
				// (documented in docs/proxy.md); it is refused and not
				// forwarded, which is what matters.
				t.Logf("%s: plain 400 from the HTTP server (%q)", c.target, r.Body)
				continue
			}
			eb := errorOf(t, c.target, r)
			if c.status == 400 && eb.Error != "bad_request" {
				t.Errorf("%s: error %q, want bad_request", c.target, eb.Error)
			}
			if c.status == 400 {
				logs.add(r, func(rec map[string]any, ok bool) {
					if !ok || rec["status"] != float64(400) {
						t.Errorf("%s: log record %v, want status 400", c.target, rec)
					}
				})
			}
			continue
		}
		got, ok := s.forwarded(t, c.target, r)
		if !ok {
			continue
		}
		if got.Upstream != c.route || got.RequestURI != c.uri {
			t.Errorf("%s: upstream %s received %q, want %s to receive %q", c.target, got.Upstream, got.RequestURI, c.route, c.uri)
		}
		path, _, _ := strings.Cut(c.uri, "?")
		logs.add(r, func(rec map[string]any, ok bool) {
			if !ok {
				t.Errorf("%s: no log record", c.target)
			} else if rec["path"] != path || rec["route"] != c.route {
				t.Errorf("%s: logged path %v route %v, want the normalised %q and %s", c.target, rec["path"], rec["route"], path, c.route)
			}
		})
	}
}

// notForwardedUnless reports a forward to any upstream other than route.
func (s *stack) notForwardedUnless(t *testing.T, what string, r resp, route string) {
	t.Helper()
	for _, g := range s.up.got(r.Tag) {
		if g.Upstream != route {
			t.Errorf("%s: reached upstream %q as %q", what, g.Upstream, g.RequestURI)
		}
	}
}
