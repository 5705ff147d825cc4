package proxy

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// adminResponse fetches a path of the admin listener; the caller closes
// the body.
func adminResponse(t testing.TB, srv *Server, path string) *http.Response {
	t.Helper()
	resp, err := http.Get("http://" + srv.AdminAddr() + path)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// adminGet fetches a path of the admin listener: its status and body.
func adminGet(t testing.TB, srv *Server, path string) (int, string) {
	t.Helper()
	resp := adminResponse(t, srv, path)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func startAdmin(t testing.TB, srv *Server) {
	t.Helper()
	if err := srv.StartAdmin("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
}

// Starting a listener that runs already is refused, and the running one
// keeps its address: a second start must not replace it.
func TestStartingARunningListenerIsRefused(t *testing.T) {
	e := newEnv(t)
	startAdmin(t, e.srv)
	for _, c := range []struct {
		name  string
		start func(string) error
		addr  func() string
		want  string
	}{
		{"proxy", e.srv.Start, e.srv.Addr, "start proxy: already running"},
		{"admin", e.srv.StartAdmin, e.srv.AdminAddr, "start admin listener: already running"},
	} {
		before := c.addr()
		if err := c.start("127.0.0.1:0"); err == nil || err.Error() != c.want {
			t.Errorf("%s started twice: error %v, want %q", c.name, err, c.want)
		}
		if after := c.addr(); after != before || after == "" {
			t.Errorf("%s address %q after a second start, want %q", c.name, after, before)
		}
	}
}

// Readiness follows the signing keys: alive but not ready while the IdP
// fails, ready within a probe or two of it answering again — the probes
// themselves start the load, no request with a token is needed.
func TestReadinessFollowsTheSigningKeys(t *testing.T) {
	clock := newTestClock()
	key := newRSASigner(t, "k1")
	idp := newFakeIdP(t, key)
	idp.down.Store(true)
	cfg := testConfig(idp.issuer(), newUpstream(t).srv.URL, closedURL(t))
	srv, err := New(cfg, Options{Clock: clock.Now, Metrics: NewMetrics()})
	if err != nil {
		t.Fatal(err)
	}
	startAdmin(t, srv)
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })

	if code, body := adminGet(t, srv, "/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz = %d %q, want 200", code, body)
	}
	code, body := adminGet(t, srv, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "no signing key loaded") {
		t.Fatalf("/readyz with the IdP down = %d %q, want 503 saying no key is loaded", code, body)
	}
	if code, _ := adminGet(t, srv, "/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz with the IdP down = %d, want 200 (alive)", code)
	}

	idp.down.Store(false)
	clock.Advance(DefaultDiscoveryRetry) // the next attempt is due
	ready := false
	for range 3 {
		if code, _ := adminGet(t, srv, "/readyz"); code == http.StatusOK {
			ready = true
			break
		}
	}
	if !ready {
		t.Fatalf("/readyz still not 200 three probes after the IdP came back; status %+v", srv.Status())
	}
	if ok, why := srv.Ready(); !ok {
		t.Fatalf("Ready() = false, %q after /readyz said ready", why)
	}
	if idp.fetches.Load() == 0 {
		t.Fatal("the keys were never fetched")
	}
	e := scrapeAdmin(t, srv)
	if v := e.value("tandem_proxy_jwks_fetches_total", map[string]string{"result": "success"}); v < 1 {
		t.Errorf("jwks fetches success = %v, want at least 1", v)
	}
}

// A file whose routes verify no token is ready at once, IdP or not, and a
// proxy without metrics serves no /metrics.
func TestReadyWithoutTokenRoutes(t *testing.T) {
	cfg := routes.Config{Version: 1, Routes: []routes.Route{{Name: "pub", Path: "/", Upstream: closedURL(t), Auth: routes.AuthPublic}}}
	srv, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	startAdmin(t, srv)
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	if code, body := adminGet(t, srv, "/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz = %d %q, want 200", code, body)
	}
	if code, _ := adminGet(t, srv, "/metrics"); code != http.StatusNotFound {
		t.Fatalf("/metrics without metrics = %d, want 404", code)
	}
	// Shutdown stops the admin listener too.
	addr := srv.AdminAddr()
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if srv.AdminAddr() != "" {
		t.Fatal("admin listener still reported after Shutdown")
	}
	c := &http.Client{Timeout: 5 * time.Second}
	if resp, err := c.Get("http://" + addr + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatal("admin listener still answers after Shutdown")
	}
}

// After requests, /metrics counts them by route, decision and status class,
// times them per route, and counts unmatched requests under route "".
func TestMetricsCountRequests(t *testing.T) {
	e := newEnv(t, func(_ *routes.Config, o *Options) { o.Metrics = NewMetrics() })
	startAdmin(t, e.srv)
	tok := e.token("alice")
	for range 3 {
		if r := e.do("GET", "/api/req/x", bearer(tok)); r.status != 200 {
			t.Fatalf("allowed request: %d", r.status)
		}
	}
	e.do("GET", "/api/req/x", nil)
	e.do("GET", "/nothing/here", nil)
	e.do("GET", "/api/down", nil)

	ex := scrapeAdmin(t, e.srv)
	for _, c := range []struct {
		labels map[string]string
		want   float64
	}{
		{map[string]string{"route": "req", "decision": "allowed", "code_class": "2xx"}, 3},
		{map[string]string{"route": "req", "decision": "unauthorized", "code_class": "4xx"}, 1},
		{map[string]string{"route": "", "decision": "no-route", "code_class": "4xx"}, 1},
		{map[string]string{"route": "down", "decision": "upstream-error", "code_class": "5xx"}, 1},
	} {
		if got := ex.value("tandem_proxy_requests_total", c.labels); got != c.want {
			t.Errorf("requests_total%v = %v, want %v", c.labels, got, c.want)
		}
	}
	if n := ex.histogramCount("tandem_proxy_request_duration_seconds", map[string]string{"route": "req"}); n != 4 {
		t.Errorf("duration count for req = %d, want 4", n)
	}
	for name, fam := range ex {
		for _, m := range fam.GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), "/") || strings.Contains(l.GetValue(), "alice") {
					t.Errorf("%s has label %s=%q: labels carry route names, never paths or users", name, l.GetName(), l.GetValue())
				}
			}
		}
	}
}
