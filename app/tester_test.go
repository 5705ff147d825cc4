package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/outbound"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
)

// fakeSaver answers the save dialog with a fixed path.
type fakeSaver struct{ path string }

func (f fakeSaver) SaveFile(title, defaultName, filterName, pattern string) (string, error) {
	return f.path, nil
}

// newTesterFixture opens a database the way the app does, with the Local
// profile active, and a tester service on that database.
func newTesterFixture(t *testing.T, saver FileSaver) (*TesterService, *Session) {
	t.Helper()
	t.Setenv("TANDEM_SECRET_STORE", "file")
	db, session, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "tandem.db"), &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	life := NewLifecycle()
	s := newTesterService(session, life, saver, db)
	t.Cleanup(func() { life.Stop(context.Background()) })
	return s, session
}

// newTesterService is the tester service as main.go wires it.
func newTesterService(session *Session, life *Lifecycle, saver FileSaver, cases tester.CaseRepo) *TesterService {
	return NewTesterService(session, life, saver, tester.New(tester.StartProxy, tester.StartEcho, TesterOptions(session, life)...), cases)
}

func TestTesterSetupDefaultsForTheLocalProfile(t *testing.T) {
	s, _ := newTesterFixture(t, nil)
	setup, err := s.Setup()
	if err != nil {
		t.Fatal(err)
	}
	if setup.DefaultRoute != "admin" || setup.Client != "web" || setup.Realm != "demo" {
		t.Errorf("defaults: route %q, client %q, realm %q", setup.DefaultRoute, setup.Client, setup.Realm)
	}
	if setup.Hints == nil || setup.Hints.ValidUser != "alice" || setup.Hints.LackingUser != "bob" {
		t.Errorf("Local hints: %+v", setup.Hints)
	}
	if len(setup.Routes) != len(profile.DemoRoutes().Routes) || len(setup.Variants) == 0 || len(setup.IdentityHeaders) == 0 {
		t.Errorf("setup: %+v", setup)
	}
}

func TestTesterSetupGivesNoHintsOutsideTheLocalProfile(t *testing.T) {
	s, session := newTesterFixture(t, nil)
	switchTo(t, session, staging("Staging"))
	setup, err := s.Setup()
	if err != nil {
		t.Fatal(err)
	}
	if setup.Hints != nil {
		t.Errorf("a staging profile got demo credentials: %+v", setup.Hints)
	}
}

func TestTesterWithoutADatabaseRefusesCaseCalls(t *testing.T) {
	_, session := newTesterFixture(t, nil)
	s := newTesterService(session, NewLifecycle(), nil, nil)
	if _, err := s.ListCases(""); uiCode(err) != CodeInternal {
		t.Errorf("ListCases without a database: %v, want code %s", err, CodeInternal)
	}
	if _, err := s.SaveCase(tester.Case{Name: "c", Route: "public"}); uiCode(err) != CodeInternal {
		t.Errorf("SaveCase without a database: %v, want code %s", err, CodeInternal)
	}
}

// The read-only rule is the tester's own (backend/tester/readonly_test.go
// covers each entry point); here the service hands it the active profile's
// flag, as stored now, and maps the refusal to read_only.
func TestTesterRefusesUnsafeMethodsOnARealUpstreamOfAReadOnlyProfile(t *testing.T) {
	s, session := newTesterFixture(t, nil)
	ctx := context.Background()
	var mu sync.Mutex
	var reached []string
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		reached = append(reached, r.Method)
		mu.Unlock()
	}))
	defer upstream.Close()
	in := staging("Prod")
	in.Kind = profile.KindProd
	p, err := session.Profiles().Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	cfg := routes.Config{Version: 1, Routes: []routes.Route{
		{Name: "orders", Path: "/api/orders", Methods: []string{"POST"}, Upstream: upstream.URL, Auth: routes.AuthPublic},
	}}
	if err := session.Profiles().SaveRoutes(ctx, p.ID, cfg); err != nil {
		t.Fatal(err)
	}
	in.ReadOnly = true
	if _, err := session.Profiles().Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := session.Switch(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	anon := tester.Identity{Kind: tester.KindAnonymous}
	if _, err := s.Send(SendInput{Request: tester.Request{Route: "orders", Upstream: tester.UpstreamRoute}, Identity: anon}); uiCode(err) != CodeReadOnly {
		t.Errorf("Send: %v, want code %s", err, CodeReadOnly)
	}
	if _, err := s.Matrix(tester.MatrixInput{Route: "orders", Upstream: tester.UpstreamRoute}); uiCode(err) != CodeReadOnly {
		t.Errorf("Matrix: %v, want code %s", err, CodeReadOnly)
	}
	if _, err := s.SaveCase(tester.Case{Name: "create order", Route: "orders", Request: tester.Request{Upstream: tester.UpstreamRoute}, Identity: anon}); err != nil {
		t.Fatal(err)
	}
	res, err := s.RunSuite("orders", nil)
	if err != nil || res.Summary.Errored != 1 || !strings.Contains(res.Results[0].Error, "read-only") {
		t.Errorf("suite: %+v, %v; want the case refused as read-only", res.Summary, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reached) > 0 {
		t.Fatalf("the real upstream of a read-only profile received %v", reached)
	}
}

func TestTesterSendsAnonymouslyThroughItsOwnProxyToTheEcho(t *testing.T) {
	s, _ := newTesterFixture(t, nil)
	res, err := s.Send(SendInput{Request: tester.Request{Route: "public", Upstream: tester.UpstreamEcho, Headers: []tester.Header{{Name: "X-User-Id", Value: "mallory"}}},
		Identity: tester.Identity{Kind: tester.KindAnonymous}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Status != 200 || res.Trace == nil || res.Trace.Route != "public" || len(res.Surprises) != 0 {
		t.Fatalf("HTTP %d, trace %+v, surprises %v", res.Response.Status, res.Trace, res.Surprises)
	}
	if strings.Contains(res.Response.Body, "mallory") {
		t.Errorf("the echo received the spoofed header: %s", res.Response.Body)
	}
	if _, err := s.Send(SendInput{Request: tester.Request{Route: "nope"}}); uiCode(err) != CodeNotFound {
		t.Errorf("unknown route: %v", err)
	}
}

func TestTesterCasesBelongToTheActiveProfile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "suite.csv")
	s, session := newTesterFixture(t, fakeSaver{path: out})
	ctx := context.Background()
	c, err := s.SaveCase(tester.Case{Name: "public anon", Route: "public", Request: tester.Request{Upstream: tester.UpstreamEcho}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveCase(tester.Case{Name: "alice admin", Route: "admin",
		Identity: tester.Identity{Kind: tester.KindPassword, Username: "alice", Password: "sekr1t"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveCase(tester.Case{Name: "public anon", Route: "public"}); uiCode(err) != CodeAlreadyExists {
		t.Errorf("duplicate: %v", err)
	}
	if needs, _ := s.SuiteSecrets(""); len(needs) != 1 || needs[0].Kind != "password" {
		t.Errorf("secrets needed: %+v", needs)
	}
	if _, err := s.ExportSuite("csv"); uiCode(err) != CodeInvalidInput {
		t.Errorf("export before any run: %v", err)
	}
	res, err := s.RunSuite("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Total != 2 || res.Summary.Passed != 1 || res.Summary.Skipped != 1 {
		t.Errorf("summary %+v", res.Summary)
	}
	path, err := s.ExportSuite("csv")
	if err != nil || path != out {
		t.Fatalf("export: %q, %v", path, err)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), "public anon") || strings.Contains(string(data), "sekr1t") {
		t.Errorf("csv: %s", data)
	}
	if _, err := s.ExportSuite("xml"); uiCode(err) != CodeInvalidInput {
		t.Errorf("unknown format: %v", err)
	}

	other, err := session.Profiles().Create(ctx, staging("Other"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := session.Switch(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListCases(""); len(list) != 0 {
		t.Errorf("another profile sees %d cases", len(list))
	}
	if err := s.DeleteCase(c.ID); uiCode(err) != CodeNotFound {
		t.Errorf("delete through another profile: %v", err)
	}
}

func TestTesterCodes(t *testing.T) {
	cases := map[error]Code{
		tester.ErrBadCredentials:      CodeUnauthorized,
		tester.ErrDirectGrantDisabled: CodeForbidden,
		tester.ErrIdPUnreachable:      CodeUnreachable,
		tester.ErrRouteNotFound:       CodeNotFound,
		tester.ErrMissingInput:        CodeInvalidInput,
		tester.ErrReadOnly:            CodeReadOnly,
		// A token request redirected to another origin.
		outbound.ErrRedirectRefused: CodeUnreachable,
	}
	for err, want := range cases {
		if got := uiCode(toUI(err)); got != want {
			t.Errorf("%v: %s, want %s", err, got, want)
		}
	}
}
