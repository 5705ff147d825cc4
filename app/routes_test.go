package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// activeSession is a session whose active profile is a staging one.
func activeSession(t *testing.T) (*Session, *recorder) {
	t.Helper()
	s, rec, _ := activeSessionProfile(t)
	return s, rec
}

// activeSessionProfile is activeSession with its active profile.
func activeSessionProfile(t *testing.T) (*Session, *recorder, profile.Profile) {
	t.Helper()
	s, rec := newTestSession(t)
	p := switchTo(t, s, staging("Staging"))
	return s, rec, p
}

func TestRouteServiceEditsTheActiveProfilesRoutes(t *testing.T) {
	s, _ := activeSession(t)
	svc := NewRouteService(s, NewLifecycle())
	f, err := svc.Get()
	if err != nil {
		t.Fatal(err)
	}
	if f.Issuer != "http://127.0.0.1:1/realms/" || !f.IssuerDerived || f.Config.Version != 1 {
		t.Errorf("initial file %+v", f)
	}
	a := routes.Route{Name: "a", Path: "/a", Upstream: "http://127.0.0.1:9090", Auth: routes.AuthPublic}
	b := routes.Route{Name: "b", Path: "/b", Upstream: "http://127.0.0.1:9090", Auth: routes.AuthRequired, Roles: []string{"admin"}}
	if _, err := svc.SaveRoute("", a); err != nil {
		t.Fatal(err)
	}
	if f, err = svc.SaveRoute("", b); err != nil || len(f.Config.Routes) != 2 {
		t.Fatalf("%v %+v", err, f)
	}
	if f, err = svc.Move("b", -1); err != nil || f.Config.Routes[0].Name != "b" {
		t.Fatalf("move: %v %+v", err, f.Config.Routes)
	}
	if f, err = svc.SetEnabled("a", false); err != nil || !f.Config.Routes[1].Disabled {
		t.Fatalf("disable: %v", err)
	}
	bad := b
	bad.Auth, bad.Upstream = "maybe", "ftp://x"
	_, err = svc.SaveRoute("b", bad)
	var ui *UIError
	if !asUI(err, &ui) || ui.Code != CodeInvalidInput || len(ui.Details) != 3 {
		t.Fatalf("invalid route: %v", err)
	}
	if ui.Message != "The route file has 3 problems." || !slices.Contains(ui.Details, `The auth mode of route "b" must be required, optional or public, not "maybe".`) {
		t.Errorf("details %v", ui.Details)
	}
	text, err := svc.ExportYAML()
	if err != nil || !strings.Contains(text, "name: b") {
		t.Fatalf("export: %v\n%s", err, text)
	}
	if f, err = svc.DeleteRoute("a"); err != nil || len(f.Config.Routes) != 1 {
		t.Fatalf("delete: %v", err)
	}
	if f, err = svc.ImportYAML(text); err != nil || len(f.Config.Routes) != 2 || f.Config.Routes[1].Name != "a" {
		t.Fatalf("import: %v %+v", err, f)
	}
	_, err = svc.ImportYAML("version: 1\nroutes:\n  - name: x\n    bogus: 1\n")
	if !asUI(err, &ui) || ui.Code != CodeInvalidInput || !strings.Contains(ui.Details[0], "line 4") {
		t.Fatalf("import with an unknown key: %v", err)
	}
}

func TestRouteServiceValidateListsProblems(t *testing.T) {
	s, _ := activeSession(t)
	res := NewRouteService(s, NewLifecycle()).Validate(routes.Config{Version: 1, Routes: []routes.Route{{Name: "x", Path: "x", Auth: "public"}}})
	if res.Valid || len(res.Problems) != 2 {
		t.Fatalf("%+v", res)
	}
	res = NewRouteService(s, NewLifecycle()).Validate(routes.Config{Version: 1, Routes: []routes.Route{}})
	if !res.Valid || res.Problems == nil {
		t.Fatalf("%+v", res)
	}
}

func TestProxyServiceRunsTheActiveRoutesAndBatchesTheLog(t *testing.T) {
	s, rec := activeSession(t)
	savePublicRoute(t, s, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "up") // a failed write shows on the client's side as a broken response
	})
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	st := startProxy(t, svc)
	if !st.Running || st.Status.Issuer != "http://127.0.0.1:1/realms/" || st.Status.Addr == "" {
		t.Fatalf("state %+v", st)
	}
	if _, err := svc.Start("127.0.0.1:0"); uiCode(err) != CodeConflict {
		t.Errorf("second start: %v", err)
	}
	for range 5 {
		getThrough(t, st, "/pub")
	}
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}
	if got := svc.Recent(10); len(got) != 5 || got[0].Decision != proxy.DecisionAllowed {
		t.Errorf("recent %+v", got)
	}
	logEvents, logged := 0, 0
	rec.mu.Lock()
	for _, e := range rec.events {
		if e.name == EventProxyLog {
			logEvents++
			logged += len(e.payload.(proxy.Batch).Records)
		}
	}
	rec.mu.Unlock()
	if logged != 5 || logEvents > 2 {
		t.Errorf("%d records in %d proxy:log events, want 5 batched", logged, logEvents)
	}
	b, _ := json.Marshal(svc.State())
	if svc.State().Running || !strings.Contains(string(b), `"running":false`) {
		t.Errorf("state after stop: %s", b)
	}
}

func TestProxyStopsOnProfileSwitch(t *testing.T) {
	s, rec := activeSession(t)
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	if _, err := svc.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	other, err := s.Profiles().Create(context.Background(), staging("Other"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Switch(context.Background(), other.ID); err != nil {
		t.Fatal(err)
	}
	// The switch stops the proxy before it returns (an OnSwitch listener).
	if svc.State().Running {
		t.Fatal("the proxy kept running after a profile switch")
	}
}

func asUI(err error, out **UIError) bool {
	ui, ok := err.(*UIError)
	*out = ui
	return ok
}
