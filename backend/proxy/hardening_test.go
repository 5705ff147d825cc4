package proxy

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/wsecho"
)

// withRoot adds a public route for "/", the setup in which a path spelling
// that misses a stricter route would still be forwarded.
func withRoot(cfg *routes.Config, _ *Options) {
	cfg.Routes = append(cfg.Routes, routes.Route{Name: "root", Path: "/", Upstream: cfg.Routes[0].Upstream, Auth: routes.AuthPublic})
}

// Backends read some spellings of /api/admin as /api/admin (Tomcat, Jetty
// and Spring drop ";" parameters, IIS trims a trailing dot or space): the
// proxy refuses them instead of letting them reach the public "/" route,
// and a differently cased path meets the admin route's checks.
func TestPathSpellingsCannotEscapeAStricterRoute(t *testing.T) {
	e := newEnv(t, withRoot)
	refused := []string{
		"/api/admin;x",
		"/api;x/admin",
		"/api/admin;jsessionid=1/",
		"/api/admin%3bx",
		"/api/admin%3B/x",
		"/api/admin%253bx",
		"/api/admin.",
		"/api/admin%2e",
		"/api/admin./x",
		"/api/admin%20",
		"/api/admin%20/x",
		"/api/admin/...",
	}
	e.refusesRaw(t, 400, "bad_request", refused...)
	waitRecord(t, e, len(refused))
	for _, rec := range e.records() {
		if rec.Decision != DecisionBadRequest || rec.Status != 400 {
			t.Errorf("record %+v, want decision %s, status 400", rec, DecisionBadRequest)
		}
	}

	user, admin := e.token("bob", "user"), e.token("alice", "admin")
	cased := []string{"/API/admin", "/Api/Admin/x", "/api/ADMIN/", "/api/admin/.", "/API/admin/x/.."}
	for _, target := range cased {
		before := e.up.hits.Load()
		if r := e.raw("GET", target, nil); r.status != 401 || e.up.hits.Load() != before {
			t.Errorf("%s without a token: status %d, upstream reached %v; want 401", target, r.status, e.up.hits.Load() != before)
		}
		if r := e.raw("GET", target, bearer(user)); r.status != 403 || e.up.hits.Load() != before {
			t.Errorf("%s without the admin role: status %d, upstream reached %v; want 403", target, r.status, e.up.hits.Load() != before)
		}
	}
	// The upstream still receives the client's spelling.
	r := e.raw("GET", "/API/Admin/x", bearer(admin))
	if r.status != 200 || r.echo.Path != "/API/Admin/x" || r.echo.Headers["X-User-Id"] != "alice" {
		t.Errorf("/API/Admin/x as admin: status %d, upstream path %q, X-User-Id %q", r.status, r.echo.Path, r.echo.Headers["X-User-Id"])
	}
	if rec := waitRecord(t, e, len(refused)+2*len(cased)+1); rec.Route != "admin" || rec.Path != "/API/Admin/x" {
		t.Errorf("record %+v, want route admin and path /API/Admin/x", rec)
	}
}

// strip_prefix removes the prefix the route matched, in whatever case the
// client wrote it.
func TestStripPrefixFoldsCase(t *testing.T) {
	e := newEnv(t, withRoot)
	for target, want := range map[string]string{
		"/API/Strip/x": "/base/x",
		"/api/STRIP":   "/base/",
	} {
		r := e.raw("GET", target, nil)
		if r.status != 200 || r.echo.Path != want {
			t.Errorf("%s: status %d, upstream path %q, want %q", target, r.status, r.echo.Path, want)
		}
	}
}

// Headers that make a backend route or act differently from what the proxy
// checked never reach the upstream, whatever their spelling.
func TestRoutingHeadersAreStripped(t *testing.T) {
	e := newEnv(t)
	sent := map[string]string{
		"X-Original-URL":         "/api/admin",
		"x_rewrite_url":          "/api/admin",
		"X-HTTP-METHOD-OVERRIDE": "DELETE",
		"X_Http_Method":          "DELETE",
		"x-method-override":      "DELETE",
	}
	for _, path := range []string{"/api/pub/x", "/api/req/x"} {
		r := e.raw("GET", path, e.traced(sent, "alice", "user"))
		if r.status != 200 {
			t.Fatalf("%s: status %d %s", path, r.status, r.body)
		}
		for name := range r.echo.Headers {
			if n := routes.NormalizeHeaderName(name); routingHeaders[n] {
				t.Errorf("%s: upstream received %s: %q", path, name, r.echo.Headers[name])
			}
		}
		tr, ok := e.traceOf(r)
		if !ok || len(tr.Stripped) != 5 {
			t.Errorf("%s: trace lists stripped %v, want the five routing headers", path, tr.Stripped)
		}
	}
}

// Upgrade passes only for WebSocket: an h2c upgrade (which would carry
// further requests the proxy never sees) goes on as plain HTTP/1.1.
func TestUpgradeOtherThanWebSocketIsDropped(t *testing.T) {
	e := newEnv(t)
	for _, h := range []map[string]string{
		{"Upgrade": "h2c", "Connection": "Upgrade, HTTP2-Settings", "HTTP2-Settings": "AAMAAABkAAQAAP__"},
		{"Upgrade": "websocket, h2c", "Connection": "upgrade"},
		{"upgrade": "h2c", "connection": "upgrade"},
		{"Upgrade": "websocket"}, // no Connection: upgrade, so no handshake
	} {
		r := e.raw("GET", "/api/pub/x", h)
		if r.status != 200 {
			t.Errorf("%v: status %d %s, want 200 as plain HTTP/1.1", h, r.status, r.body)
			continue
		}
		for name, v := range r.echo.Headers {
			if n := routes.NormalizeHeaderName(name); n == "upgrade" || n == "http2-settings" ||
				n == "connection" && strings.Contains(strings.ToLower(v), "upgrade") {
				t.Errorf("%v: upstream received %s: %q", h, name, v)
			}
		}
	}
}

// A WebSocket handshake still goes through, with the identity headers of
// the verified token, and the connection then carries bytes both ways.
func TestWebSocketIsProxied(t *testing.T) {
	up := wsecho.Start(t)
	e := newEnv(t, func(cfg *routes.Config, _ *Options) {
		cfg.Routes = append(cfg.Routes, routes.Route{Name: "ws", Path: "/ws", Upstream: up.URL, Auth: routes.AuthRequired})
	})

	ws := wsecho.Open(t, e.srv.Addr(), "/ws", e.token("alice", "user"))
	if resp := ws.Response; resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("X-Request-Id") == "" {
		t.Fatalf("handshake: status %d, headers %v; want 101 with X-Request-Id", resp.StatusCode, resp.Header)
	}
	if line, err := ws.Echo("hello\n"); err != nil || line != "echo hello\n" {
		t.Fatalf("through the upgraded connection: %q, %v", line, err)
	}
	if got := up.Handshake().Values("X-User-Id"); len(got) != 1 || got[0] != "alice" {
		t.Errorf("upstream handshake X-User-Id %q, want [alice]", got)
	}
	ws.Close() // the request is logged once the upgraded connection ends
	if rec := waitRecord(t, e, 1); rec.Status != http.StatusSwitchingProtocols || rec.Decision != DecisionAllowed || rec.Route != "ws" {
		t.Errorf("record %+v, want route ws, allowed, status 101", rec)
	}
}

// urlErrorTransport fails the way a transport built on an http.Client does:
// with a *url.Error that spells out the whole request URL.
type urlErrorTransport struct{}

func (urlErrorTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, &url.Error{Op: "Get", URL: r.URL.String(), Err: errors.New("connection refused")}
}

// When the upstream cannot be reached, neither the server log nor the
// request log carries the query (a sign-in callback's code and tokens).
func TestUpstreamErrorLogsNoQuery(t *testing.T) {
	const target = "/api/down/cb?code=SECRET-CODE&access_token=SECRET-TOKEN"
	for name, transport := range map[string]http.RoundTripper{"refused connection": nil, "url.Error": urlErrorTransport{}} {
		var logBuf logBuffer
		e := newEnv(t, func(_ *routes.Config, o *Options) {
			o.Logger = slog.New(slog.NewTextHandler(&logBuf, nil))
			if transport != nil {
				o.Transport = transport
			}
		})
		r := e.raw("GET", target, nil)
		if r.status != 502 {
			t.Fatalf("%s: status %d %s", name, r.status, r.body)
		}
		rec := waitRecord(t, e, 1)
		logged := logBuf.String()
		if !strings.Contains(logged, "upstream unreachable") || !strings.Contains(logged, "/cb") {
			t.Errorf("%s: server log %q, want the failure with its path", name, logged)
		}
		for _, where := range []struct{ what, text string }{{"server log", logged}, {"request log reason", rec.Reason}} {
			if strings.Contains(where.text, "SECRET") || strings.Contains(where.text, "code=") {
				t.Errorf("%s: the %s carries the query: %q", name, where.what, where.text)
			}
		}
		if transport != nil && !strings.Contains(rec.Reason, "Get: connection refused") {
			t.Errorf("%s: request log reason %q, want the operation and the inner error", name, rec.Reason)
		}
	}
}
