package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/ory/kratos"
	"github.com/tandemhq/tandem/backend/ory/oathkeeper"
	"github.com/tandemhq/tandem/backend/routes"
)

// twoRules are a small rules file: a jwt rule and an optional one.
const twoRules = `[
  {"id": "api", "match": {"url": "http://127.0.0.1:4455/api/<**>", "methods": ["GET"]},
   "authenticators": [{"handler": "jwt"}], "authorizer": {"handler": "allow"},
   "mutators": [{"handler": "header", "config": {"headers": {"X-User-Id": "{{ print .Subject }}"}}}],
   "upstream": {"url": "http://127.0.0.1:9090"}},
  {"id": "feed", "match": {"url": "http://127.0.0.1:4455/feed/<**>", "methods": ["GET"]},
   "authenticators": [{"handler": "jwt"}, {"handler": "anonymous"}], "authorizer": {"handler": "allow"},
   "mutators": [{"handler": "header"}], "upstream": {"url": "http://127.0.0.1:9090"}}
]`

// The empty-list check calls these with the arguments below.
func init() {
	emptyCaseArgs["MigrateService.PreviewRules"] = []any{RulesInput{Rules: ruleForX}, string(oathkeeper.IntoMerge)}
	emptyCaseArgs["MigrateService.ImportRules"] = []any{RulesInput{Rules: ruleForX}, string(oathkeeper.IntoMerge)}
	emptyCaseArgs["MigrateService.Equivalence"] = []any{EquivalenceInput{Rules: RulesInput{Rules: ruleForX}}}
	emptyCaseArgs["MigrateService.ReadIdentities"] = []any{oneIdentity}
	emptyCaseArgs["MigrateService.DryRunIdentities"] = []any{"demo", oneIdentity, kratos.DefaultMapping()}
	notCallable["MigrateService.ImportIdentities"] = "writes users; DryRunIdentities returns the report of the same identities"
}

// ruleForX is a rule that becomes route x, the route of the empty case.
const ruleForX = `[{"id": "x", "match": {"url": "http://127.0.0.1:4455/api/x", "methods": ["GET"]},
  "authenticators": [{"handler": "jwt"}], "authorizer": {"handler": "allow"}, "upstream": {"url": "http://127.0.0.1:1"}}]`

// migrateService is the service on a profile made by in, whose routes are
// one route "mine".
func migrateService(t *testing.T, readOnly bool) (*MigrateService, *RouteService) {
	t.Helper()
	s, rec := newTestSession(t)
	ctx := context.Background()
	in := staging("Staging")
	in.DefaultRealm = "demo"
	p, err := s.Profiles().Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	mine := routes.Config{Version: 1, Routes: []routes.Route{{Name: "mine", Path: "/mine", Upstream: "http://127.0.0.1:9", Auth: routes.AuthPublic}}}
	if err := s.Profiles().SaveRoutes(ctx, p.ID, mine); err != nil {
		t.Fatal(err)
	}
	if readOnly {
		in.ReadOnly = true
		if _, err := s.Profiles().Update(ctx, p.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Switch(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	life := NewLifecycle()
	t.Cleanup(func() { life.Stop(context.Background()) })
	rf := NewRouteService(s, life)
	return NewMigrateService(s, life, rec, rf, newTesterService(s, life, fakeSaver{}, nil)), rf
}

// What the preview shows is what the import saves, route for route.
func TestImportRulesSavesWhatThePreviewShowed(t *testing.T) {
	svc, rf := migrateService(t, false)
	in := RulesInput{Rules: twoRules, Issuer: "http://127.0.0.1:8180/realms/demo"}
	pre, err := svc.PreviewRules(in, string(oathkeeper.IntoMerge))
	if err != nil {
		t.Fatal(err)
	}
	if len(pre.Current.Routes) != 1 || len(pre.Result.Routes) != 3 || len(pre.Problems) != 0 {
		t.Fatalf("preview: current %d routes, result %d, problems %v", len(pre.Current.Routes), len(pre.Result.Routes), pre.Problems)
	}
	if len(pre.Conversion.Rules) != 2 || !strings.Contains(pre.YAML, "name: feed") {
		t.Errorf("conversion: %d rule reports, YAML:\n%s", len(pre.Conversion.Rules), pre.YAML)
	}
	if _, err := rf.Get(); err != nil {
		t.Fatal(err)
	}
	saved, err := svc.ImportRules(in, string(oathkeeper.IntoMerge))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved.Config.Routes, pre.Result.Routes) || saved.Config.Issuer != pre.Result.Issuer {
		t.Errorf("saved %+v\nwant the preview's %+v", saved.Config.Routes, pre.Result.Routes)
	}
	again, _ := rf.Get()
	if again.Config.Routes[0].Name != "mine" {
		t.Errorf("merging dropped the profile's own route: %+v", again.Config.Routes)
	}
	replaced, err := svc.ImportRules(in, string(oathkeeper.IntoReplace))
	if err != nil || len(replaced.Config.Routes) != 2 {
		t.Fatalf("replace: %v, %+v", err, replaced.Config.Routes)
	}
}

// A read-only profile refuses in Go, whatever the screen shows.
func TestImportRulesIntoAReadOnlyProfileIsRefused(t *testing.T) {
	svc, rf := migrateService(t, true)
	pre, err := svc.PreviewRules(RulesInput{Rules: twoRules}, string(oathkeeper.IntoReplace))
	if err != nil || !pre.ReadOnly {
		t.Fatalf("preview on a read-only profile: %v, readOnly %v", err, pre.ReadOnly)
	}
	_, err = svc.ImportRules(RulesInput{Rules: twoRules}, string(oathkeeper.IntoReplace))
	if uiCode(err) != CodeReadOnly {
		t.Fatalf("import into a read-only profile: %v, want %s", err, CodeReadOnly)
	}
	f, _ := rf.Get()
	if len(f.Config.Routes) != 1 || f.Config.Routes[0].Name != "mine" {
		t.Errorf("the routes changed: %+v", f.Config.Routes)
	}
}

func TestRulesAndIdentitiesThatCannotBeReadAreInvalidInput(t *testing.T) {
	svc, _ := migrateService(t, false)
	if _, err := svc.PreviewRules(RulesInput{Rules: "{not yaml"}, string(oathkeeper.IntoMerge)); uiCode(err) != CodeInvalidInput {
		t.Errorf("broken rules: %v", err)
	}
	if _, err := svc.PreviewRules(RulesInput{Rules: twoRules}, "append"); uiCode(err) != CodeInvalidInput {
		t.Errorf("unknown way in: %v", err)
	}
	if _, err := svc.ReadIdentities("[]"); uiCode(err) != CodeInvalidInput {
		t.Errorf("no identities: %v", err)
	}
	bad := kratos.DefaultMapping()
	bad.FirstName = kratos.Sources{"name.first"} // not under traits
	if _, err := svc.DryRunIdentities("demo", oneIdentity, bad); uiCode(err) != CodeInvalidInput || !strings.Contains(err.Error(), "firstName") {
		t.Errorf("a mapping with a bad source: %v", err)
	}
}

const oneIdentity = `[{"id": "7b1", "schema_id": "default", "state": "active",
  "traits": {"email": "dora@example.com", "name": {"first": "Dora", "last": "Explorer"}},
  "credentials": {"password": {"type": "password", "config": {"hashed_password": "$2a$10$abcdefghijklmnopqrstuuKhJ9bZxGzC8b1pB0aWmJ0iJ7h0oQy6"}}}}]`

func TestReadIdentitiesSummarisesTheFile(t *testing.T) {
	svc, _ := migrateService(t, false)
	f, err := svc.ReadIdentities(oneIdentity)
	if err != nil {
		t.Fatal(err)
	}
	if f.Count != 1 || f.WithPassword != 1 || len(f.Traits) != 3 {
		t.Errorf("summary %+v", f)
	}
}

// The mapping from the screen goes through the mapping file's rules: a
// field the screen leaves out (null) has no source, and the dry run
// reports per identity without writing.
func TestDryRunIdentitiesReportsPerIdentity(t *testing.T) {
	var writes int
	kc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && !strings.HasSuffix(r.URL.Path, "/token") {
			writes++
		}
		emptyKeycloak(w, r)
	}))
	t.Cleanup(kc.Close)
	s, rec := newTestSession(t)
	in := staging("Staging")
	in.KeycloakURL, in.DefaultRealm = kc.URL, "demo"
	switchTo(t, s, in)
	life := NewLifecycle()
	svc := NewMigrateService(s, life, rec, NewRouteService(s, life), newTesterService(s, life, fakeSaver{}, nil))
	m := kratos.DefaultMapping()
	m.LastName = nil
	rep, err := svc.DryRunIdentities("demo", oneIdentity, m)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.DryRun || len(rep.Results) != 1 || writes != 0 {
		t.Fatalf("dry run: %+v, %d writes", rep, writes)
	}
	r := rep.Results[0]
	if r.Status != kratos.StatusWouldCreate || r.Username != "dora@example.com" || r.Password != kratos.PasswordMustReset {
		t.Errorf("result %+v: want would create dora@example.com, password must reset (bcrypt)", r)
	}
	if !strings.Contains(strings.Join(r.NotImported, ","), "traits.name.last") {
		t.Errorf("with lastName unmapped, traits.name.last should be listed as not imported: %v", r.NotImported)
	}
}
