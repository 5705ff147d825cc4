package proxy

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

func withLog(l *logBuffer) func(*routes.Config, *Options) {
	return func(_ *routes.Config, o *Options) { o.Logger = slog.New(slog.NewJSONHandler(l, nil)) }
}

func TestReloadAppliesAValidConfig(t *testing.T) {
	var log logBuffer
	e := newEnv(t, withLog(&log))
	if r := e.do("GET", "/api/new/x", nil); r.status != 404 {
		t.Fatalf("before reload: %d", r.status)
	}
	cfg := e.srv.Config()
	cfg.Routes = append(slices.Clone(cfg.Routes), routes.Route{Name: "new", Path: "/api/new", Upstream: e.up.srv.URL, Auth: routes.AuthPublic})
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	if r := e.do("GET", "/api/new/x", nil); r.status != 200 {
		t.Fatalf("after reload: %d %s", r.status, r.body)
	}
	res, ok := e.srv.LastReload()
	if !ok || !res.OK || res.IssuerChanged || len(res.NeedsRestart) != 0 {
		t.Errorf("last reload %+v", res)
	}
	if !strings.Contains(log.String(), "proxy configuration reloaded") {
		t.Errorf("reload not logged: %s", log.String())
	}
}

func TestReloadRefusesAnInvalidConfigAndChangesNothing(t *testing.T) {
	var log logBuffer
	e := newEnv(t, withLog(&log))
	tok := e.token("alice", "admin")
	bad := e.srv.Config()
	bad.Routes = []routes.Route{
		{Name: "a", Path: "/api/a", Auth: routes.AuthPublic},                   // no upstream
		{Name: "b", Path: "/api/b", Upstream: e.up.srv.URL, Auth: "sometimes"}, // bad mode
		{Name: "c", Path: "/api/c", Upstream: e.up.srv.URL, Auth: routes.AuthOptional, // roles on optional
			Roles: []string{"admin"}},
	}
	err := e.srv.Reload(bad)
	var ve *routes.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 3 {
		t.Fatalf("reload of an invalid file: %v, want 3 problems", err)
	}
	// The old routes serve exactly as before.
	if r := e.do("GET", "/api/admin/x", bearer(tok)); r.status != 200 || r.echo.Headers["X-User-Id"] != "alice" {
		t.Fatalf("old route after a refused reload: %d %v", r.status, r.echo.Headers)
	}
	if r := e.do("GET", "/api/a", nil); r.status != 404 {
		t.Errorf("a route of the refused file answers %d", r.status)
	}
	res, _ := e.srv.LastReload()
	if res.OK || len(res.Problems) != 3 {
		t.Errorf("last reload %+v", res)
	}
	logged := map[string]bool{}
	for line := range strings.Lines(log.String()) {
		var entry struct{ Msg, Problem string }
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "route file problem" {
			logged[entry.Problem] = true
		}
	}
	for _, p := range ve.Problems {
		if !logged[p.String()] {
			t.Errorf("problem %q not logged, one line each:\n%s", p.String(), log.String())
		}
	}
}

func TestReloadKeepsTheKeysOfTheSameIssuerAndFetchesANewIssuers(t *testing.T) {
	e := newEnv(t)
	tok := e.token("alice")
	if r := e.do("GET", "/api/req", bearer(tok)); r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	before := e.idp.fetches.Load()

	// Same issuer, other identity headers: no key fetch, and the header
	// values follow the new mapping at once (the token cache is new).
	cfg := e.srv.Config()
	cfg.IdentityHeaders = map[string]string{"X-Who": "preferred_username"}
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	r := e.do("GET", "/api/req", bearer(tok))
	if r.status != 200 || r.echo.Headers["X-Who"] != "alice-name" || r.echo.Headers["X-User-Id"] != "" {
		t.Fatalf("after reload: %d %v", r.status, r.echo.Headers)
	}
	if got := e.idp.fetches.Load(); got != before {
		t.Errorf("JWKS fetched %d more times for an unchanged issuer", got-before)
	}

	// Another issuer: its keys are fetched, the old issuer's tokens refused.
	other := newFakeIdP(t, newRSASigner(t, "k2"))
	cfg.Issuer = other.issuer()
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	if r := e.do("GET", "/api/req", bearer(tok)); r.status != 401 {
		t.Errorf("a token of the old issuer after the issuer changed: %d", r.status)
	}
	if other.fetches.Load() == 0 {
		t.Error("the new issuer's keys were never fetched")
	}
	if res, _ := e.srv.LastReload(); !res.IssuerChanged {
		t.Errorf("last reload %+v", res)
	}
}

func TestReloadKeepsRestartOnlySettings(t *testing.T) {
	var log logBuffer
	e := newEnv(t, withLog(&log))
	cfg := e.srv.Config()
	cfg.Listen = "127.0.0.1:1"
	cfg.Audiences = []string{"account"}
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	got := e.srv.Config()
	if got.Listen != "" || len(got.Audiences) != 1 {
		t.Errorf("config in force: listen %q audiences %v", got.Listen, got.Audiences)
	}
	res, _ := e.srv.LastReload()
	if !res.OK || strings.Join(res.NeedsRestart, ",") != "listen" {
		t.Errorf("last reload %+v", res)
	}
	if !strings.Contains(log.String(), "only a restart changes") {
		t.Errorf("not logged:\n%s", log.String())
	}
}

// A request in flight when the configuration changes finishes on the one it
// started with: forwarded, answered, and logged under its route, while the
// next request already meets the new file.
func TestReloadLetsARequestInFlightFinishOnTheOldConfig(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
		_, _ = w.Write([]byte("slow:" + r.Header.Get("X-User-Id")))
	}))
	t.Cleanup(slow.Close)
	e := newEnv(t, func(c *routes.Config, _ *Options) {
		c.Routes = append(c.Routes, routes.Route{Name: "slow", Path: "/api/slow", Upstream: slow.URL, Auth: routes.AuthRequired})
	})
	tok := e.token("alice")
	done := make(chan result, 1)
	go func() { done <- e.do("GET", "/api/slow", bearer(tok)) }()
	<-arrived

	cfg := e.srv.Config()
	cfg.Routes = slices.DeleteFunc(slices.Clone(cfg.Routes), func(r routes.Route) bool { return r.Name == "slow" })
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	if r := e.do("GET", "/api/slow", bearer(tok)); r.status != 404 {
		t.Errorf("a request after the reload: %d, want 404", r.status)
	}
	close(release)
	r := <-done
	if r.status != 200 || string(r.body) != "slow:alice" {
		t.Fatalf("the request in flight: %d %q", r.status, r.body)
	}
	var rec Record
	for _, x := range e.records() {
		if x.Route == "slow" {
			rec = x
		}
	}
	if rec.Decision != DecisionAllowed || rec.Status != 200 || rec.Subject != "alice" || rec.Via != ViaBearer {
		t.Errorf("record of the request in flight %+v", rec)
	}
}

func TestDecisionKnowsTheRequestCameOverTLS(t *testing.T) {
	e := newEnv(t)
	sn := e.srv.current()
	if d := sn.decide(httptest.NewRequest("GET", "https://proxy.test/api/pub", nil)); !d.secure || !d.forwarded() {
		t.Errorf("over TLS: %+v", d)
	}
	if d := sn.decide(httptest.NewRequest("GET", "http://proxy.test/api/pub", nil)); d.secure {
		t.Errorf("plain HTTP taken for TLS: %+v", d)
	}
}
