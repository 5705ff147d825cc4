package contract

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/test/wsecho"
)

// hardeningRouteFile puts a stricter route under a public "/" route: the
// setup in which a path spelling that misses the stricter route, but that a
// backend reads as it, would be forwarded without a token.
func hardeningRouteFile(issuer string, up *upstreams, ws, dead string) string {
	r := strings.NewReplacer("ISSUER", issuer, "WS", ws, "DEAD", dead)
	return expandUpstreams(r.Replace(`version: 1
listen: LISTEN
issuer: ISSUER
routes:
  - name: root
    path: /
    upstream: UP(root)
    auth: public
  - name: admin
    path: /api/admin
    upstream: UP(admin)
    auth: required
    roles: [admin]
  - name: strip
    path: /api/strip
    upstream: UP(strip)
    auth: required
    strip_prefix: true
  - name: ws
    path: /ws
    upstream: WS
    auth: required
  - name: down
    path: /down
    upstream: DEAD
    auth: public
`), up)
}

type hardeningStack struct {
	stack
	ws *wsecho.Upstream
}

func newHardeningStack(t *testing.T) *hardeningStack {
	t.Helper()
	idp := newIdP(t, false)
	up := newUpstreams(t)
	ws := wsecho.Start(t)
	px := startProxy(t, hardeningRouteFile(idp.issuer, up, ws.URL, deadURL(t)))
	return &hardeningStack{stack: stack{idp: idp, up: up, px: px}, ws: ws}
}

// TestPathSpellingsCannotEscapeAStricterRoute: backends read some spellings
// of /api/admin as /api/admin — Tomcat, Jetty and Spring drop ";"
// parameters, IIS trims a trailing dot or space, ASP.NET and Express ignore
// case. The first two kinds are refused with 400; a differently cased path
// meets the admin route's checks and reaches its upstream as spelled.
func TestPathSpellingsCannotEscapeAStricterRoute(t *testing.T) {
	t.Parallel()
	s := newHardeningStack(t)
	logs := s.logChecksAtEnd(t)

	for _, target := range []string{
		"/api/admin;x",
		"/api;x/admin",
		"/api/admin;jsessionid=1/",
		"/api/admin%3bx",
		"/api/admin%3B/users",
		"/api/admin.",
		"/api/admin%2e",
		"/api/admin./users",
		"/api/admin%20",
		"/api/admin%20/users",
		"/API/admin;x",
	} {
		r := s.px.get(t, target)
		if r.Status != 400 {
			t.Errorf("%s: got %s, want 400", target, r)
		}
		s.notForwarded(t, target, r)
		if r.Status == 400 {
			if eb := errorOf(t, target, r); eb.Error != "bad_request" {
				t.Errorf("%s: error %q, want bad_request", target, eb.Error)
			}
		}
		logs.add(r, func(rec map[string]any, ok bool) {
			if !ok || rec["decision"] != "bad-request" || rec["status"] != float64(400) {
				t.Errorf("%s: log record %v, want decision bad-request, status 400", target, rec)
			}
		})
	}

	user, admin := bearer(s.idp.token(bob)), bearer(s.idp.token(alice))
	for _, target := range []string{"/API/admin", "/Api/Admin/users", "/api/ADMIN/", "/api/admin/.", "/api/x/../ADMIN"} {
		r := s.px.get(t, target)
		if r.Status != 401 {
			t.Errorf("%s without a token: got %s, want 401", target, r)
		}
		s.notForwarded(t, target+" without a token", r)
		r = s.px.get(t, target, user)
		if r.Status != 403 {
			t.Errorf("%s without the admin role: got %s, want 403", target, r)
		}
		s.notForwarded(t, target+" without the admin role", r)
	}
	for target, uri := range map[string]string{
		"/API/Admin/users?x=1": "/API/Admin/users?x=1", // the client's spelling goes on
		"/api/ADMIN/.":         "/api/ADMIN/",
	} {
		r := s.px.get(t, target, admin)
		if got, ok := s.forwarded200(t, target+" as admin", r); ok && (got.Upstream != "admin" || got.RequestURI != uri) {
			t.Errorf("%s as admin: %s received %q, want admin to receive %q", target, got.Upstream, got.RequestURI, uri)
		}
	}

	// strip_prefix takes off the prefix in whatever case it was matched.
	r := s.px.get(t, "/API/Strip/x/y", admin)
	if got, ok := s.forwarded(t, "/API/Strip/x/y", r); ok && (got.Upstream != "strip" || got.RequestURI != "/x/y") {
		t.Errorf("/API/Strip/x/y: %s received %q, want strip to receive /x/y", got.Upstream, got.RequestURI)
	}
}

// TestRoutingHeadersNeverReachTheUpstream: headers that ask a backend to
// route or act differently from what the proxy checked are removed under
// any spelling, on public and protected routes alike.
func TestRoutingHeadersNeverReachTheUpstream(t *testing.T) {
	t.Parallel()
	s := newHardeningStack(t)
	routing := [][2]string{
		{"X-Original-URL", "/api/admin"},
		{"x-rewrite-url", "/api/admin"},
		{"X_Original_Url", "/api/admin"},
		{"X-HTTP-Method-Override", "DELETE"},
		{"x_http_method", "DELETE"},
		{"X-METHOD-OVERRIDE", "DELETE"},
	}
	for _, c := range []struct {
		target string
		auth   [][2]string
	}{
		{"/public/x", nil},
		{"/api/admin/x", [][2]string{bearer(s.idp.token(alice))}},
	} {
		r := s.px.send(t, req{Target: c.target, Headers: append(c.auth, routing...)})
		if got, ok := s.forwarded200(t, c.target, r); ok {
			wantHeaders(t, c.target, got.Header, nil,
				"X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")
		}
	}
}

// TestUpgradeOnlyForWebSocket: an h2c upgrade would carry requests the
// proxy never sees, so it is dropped and the request goes on as plain
// HTTP/1.1; a WebSocket handshake still goes through with the identity of
// its token, and the connection then carries bytes both ways.
func TestUpgradeOnlyForWebSocket(t *testing.T) {
	t.Parallel()
	s := newHardeningStack(t)
	r := s.px.send(t, req{Target: "/public/x", Headers: [][2]string{
		{"Upgrade", "h2c"}, {"Connection", "Upgrade, HTTP2-Settings, close"}, {"HTTP2-Settings", "AAMAAABkAAQAAP__"},
	}})
	if r.Status != 200 {
		t.Errorf("h2c upgrade on a public route: got %s, want 200 as plain HTTP/1.1", r)
	} else if got, ok := s.forwarded(t, "h2c upgrade", r); ok {
		wantHeaders(t, "h2c upgrade", got.Header, nil, "Upgrade", "HTTP2-Settings")
		for _, v := range headerValues(got.Header, "Connection") {
			if strings.Contains(strings.ToLower(v), "upgrade") {
				t.Errorf("h2c upgrade: upstream received Connection: %q", v)
			}
		}
	}

	ws := wsecho.Open(t, s.px.addr, "/ws/chat", s.idp.token(alice))
	if ws.Response.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("WebSocket handshake: status %d, want 101", ws.Response.StatusCode)
	}
	if ws.Response.Header.Get("X-Request-Id") == "" {
		t.Errorf("WebSocket handshake: the 101 answer carries no X-Request-Id")
	}
	if line, err := ws.Echo("hello\n"); err != nil || line != "echo hello\n" {
		t.Fatalf("through the upgraded connection: %q, %v", line, err)
	}
	if got := s.ws.Handshake().Values("X-User-Id"); len(got) != 1 || got[0] != alice.sub {
		t.Errorf("upstream handshake X-User-Id %q, want [%s]", got, alice.sub)
	}
}

// TestUpstreamDownLogsNoQuery: when the upstream cannot be reached, neither
// the server log (stderr) nor the request log carries the query, whose
// values are a sign-in callback's code and tokens.
func TestUpstreamDownLogsNoQuery(t *testing.T) {
	t.Parallel()
	s := newHardeningStack(t)
	getUpstreamDown(t, s.px, "/down/cb?code=SECRET-CODE&access_token=SECRET-TOKEN&state=s")
	// The server logs the failure before it answers; the line may still be
	// on its way through the pipe.
	pollUntil(3*time.Second, func() bool { return strings.Contains(s.px.stderrText(), "upstream unreachable") })
	stderr := s.px.stderrText()
	if !strings.Contains(stderr, "upstream unreachable") || !strings.Contains(stderr, "/down/cb") {
		t.Errorf("server log %q, want the failure with its path", stderr)
	}
	for what, text := range map[string]string{"server log": stderr, "request log": s.px.stdoutText()} {
		if strings.Contains(text, "SECRET") || strings.Contains(text, "code=") {
			t.Errorf("the %s carries the query: %q", what, text)
		}
	}
}
