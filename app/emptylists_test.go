package app

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
)

// emptyKeycloak answers every admin read as an empty realm would: lists are
// empty, counts zero, single objects bare.
func emptyKeycloak(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if strings.HasSuffix(r.URL.Path, "/protocol/openid-connect/token") {
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "t", "expires_in": 60, "token_type": "Bearer"})
		return
	}
	if strings.HasSuffix(r.URL.Path, "/partial-export") {
		// An empty realm, as Keycloak exports one.
		_ = json.NewEncoder(w).Encode(map[string]any{"realm": "demo", "enabled": true})
		return
	}
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	last := segs[len(segs)-1]
	switch {
	case strings.Contains(r.URL.Path, "/ui-ext/"):
		_, _ = w.Write([]byte("[]"))
	case last == "count":
		_, _ = w.Write([]byte("0"))
	case len(segs) >= 2 && segs[len(segs)-2] == "role-mappings" && last != "realm" && last != "clients":
		// role-mappings itself is an object; its sub-lists are lists.
		_, _ = w.Write([]byte("{}"))
	case last == "role-mappings" || last == "profile" || last == "serverinfo" || len(segs) == 3 && segs[1] == "realms":
		_, _ = w.Write([]byte("{}"))
	case slices.Contains([]string{"realms", "users", "groups", "roles", "clients", "members", "children", "composite", "composites",
		"credentials", "sessions", "required-actions", "client-scopes", "default-client-scopes", "optional-client-scopes",
		"models", "realm", "available", "offline-sessions", "client-scope-mappings", "protocol-mappers",
		"instances", "mappers", "consents", "federated-identity",
		"events", "admin-events", "components"}, last):
		_, _ = w.Write([]byte("[]"))
	default:
		_, _ = w.Write([]byte("{}"))
	}
}

// boundServices builds every service main.go binds, on a profile whose
// Keycloak is empty and whose only route requires a role that does not
// exist.
func boundServices(t *testing.T) map[string]any {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(emptyKeycloak))
	t.Cleanup(srv.Close)
	session, rec, db := newTestSessionOver(t, nil, nil)
	dir := filepath.Dir(db.Path())
	in := staging("empty")
	in.KeycloakURL = srv.URL
	in.DefaultRealm = "demo"
	switchTo(t, session, in)
	life := NewLifecycle()
	t.Cleanup(func() { life.Stop(context.Background()) })
	saver := fakeSaver{}
	services := map[string]any{
		"SystemService":           NewSystemService(dir),
		"ProfileService":          NewProfileService(session, life, saver),
		"RealmService":            NewRealmService(session, life, saver),
		"UserService":             NewUserService(session, life, rec),
		"UserImportService":       NewUserImportService(session, life, rec, saver),
		"GroupService":            NewKeycloakService[GroupService](session, life),
		"RoleService":             NewKeycloakService[RoleService](session, life),
		"ClientService":           NewKeycloakService[ClientService](session, life),
		"TesterService":           newTesterService(session, life, saver, db),
		"RouteService":            NewRouteService(session, life),
		"ProxyService":            NewProxyService(session, life, rec, noBrowser{}),
		"CompareService":          NewCompareService(session, life, rec, saver),
		"RealmImportService":      NewRealmImportService(session, life, rec),
		"IdentityProviderService": NewKeycloakService[IdentityProviderService](session, life),
		"UserAccessService":       NewUserAccessService(session, life, noBrowser{}),
		"RealmEventService":       NewKeycloakProxyService[RealmEventService](session, life, NewProxyService(session, life, rec, noBrowser{})),
		"KeyService":              NewKeycloakProxyService[KeyService](session, life, NewProxyService(session, life, rec, noBrowser{})),
		"MigrateService":          NewMigrateService(session, life, rec, NewRouteService(session, life), newTesterService(session, life, saver, db)),
	}
	ghost := routes.Config{Issuer: srv.URL + "/realms/demo", Routes: []routes.Route{{
		Name: "x", Path: "/api/x", Upstream: "http://127.0.0.1:1", Auth: routes.AuthRequired, Roles: []string{"ghost-role"},
	}}}
	if _, err := services["RouteService"].(*RouteService).Save(ghost); err != nil {
		t.Fatal(err)
	}
	return services
}

// noBrowser opens nothing: impersonation is not called in the empty case.
type noBrowser struct{}

func (noBrowser) OpenURL(string) {}

// unsignedToken is a JWT with no claims at all.
const unsignedToken = "eyJhbGciOiJub25lIn0.e30."

// emptyCaseArgs are the arguments of methods whose empty case needs more
// than the defaults ("demo" for every string, zero for numbers, empty
// values for the rest). Route "x" exists and requires a role that does not.
var emptyCaseArgs = map[string][]any{
	"TesterService.Reach":           {"x", 0, 20},
	"TesterService.ListCases":       {"x"},
	"TesterService.SuiteSecrets":    {"x"},
	"TesterService.RunSuite":        {"x"},
	"TesterService.DecodeToken":     {unsignedToken},
	"TesterService.Lint":            {"x", tester.Identity{Kind: tester.KindToken, Token: unsignedToken}},
	"TesterService.SaveCase":        {tester.Case{Name: "anonymous", Route: "x", Request: tester.Request{Route: "x"}}},
	"UserImportService.DryRun":      {"demo", "username\nnewcomer\n"},
	"UserService.Bulk":              {"op", "demo", []string{}, keycloak.BulkRequest{Action: keycloak.BulkSignOut}},
	"RouteService.DeleteRoute":      {"x"},
	"RouteService.Move":             {"x", 0},
	"RouteService.SetEnabled":       {"x", false},
	"RouteService.SaveRoute":        {"x", routes.Route{Name: "x", Path: "/api/x", Upstream: "http://127.0.0.1:1", Auth: routes.AuthPublic}},
	"RouteService.ParseYAML":        {"version: 1\nroutes: []\n"},
	"RouteService.ImportYAML":       {"version: 1\nroutes: []\n"},
	"ProfileService.TestConnection": {int64(1)},
	"RealmImportService.Plan":       {`{"realm": "demo"}`},
	"CompareService.Compare":        {CompareRequest{FromProfile: 1, FromRealm: "demo", ToProfile: 1, ToRealm: "demo"}},
	"KeyService.AddRSAProvider":     {"demo", keycloak.NewRSAKeyProvider{Name: "rsa-next"}},
}

// notCallable are methods this test cannot run in an empty case, and why.
var notCallable = map[string]string{
	"TesterService.Send":            "needs a token from a real Keycloak and a running upstream (app/tester_integration_test.go)",
	"TesterService.Matrix":          "needs tokens from a real Keycloak (app/tester_integration_test.go)",
	"ProxyService.Start":            "starts a proxy on a port; Stop and State return the same ProxyState",
	"UserImportService.Apply":       "writes users; DryRun returns the plan of the same rows",
	"ProfileService.Import":         "imports an export file: there is no empty import",
	"GroupService.Create":           "creating has no empty case; Get returns the same Group",
	"ClientService.Create":          "creating has no empty case; Get returns the same OIDCClient",
	"ClientService.ProtocolMappers": "needs a client that exists, which an empty realm has not",
	"RoleService.UsersWithAnyRole":  "needs a role that exists, which an empty realm has not; TesterService.Reach covers a role that does not",
	"CompareService.Promote":        "writes to a realm; Preview returns the plan it would apply",
	"RealmImportService.ImportInto": "writes to a realm; Plan returns the plan of the same file",
	"TesterService.ApplyFix":        "adds a mapper to a client that exists; Lint returns the same LintResult",
}

// TestNoBoundMethodReturnsNullForAnEmptyList calls every exported method of
// every bound service whose result holds a list, in the empty case, and
// checks that each list reaches the UI as [] rather than null: the screens
// read .length and .map on them.
func TestNoBoundMethodReturnsNullForAnEmptyList(t *testing.T) {
	for name, svc := range boundServices(t) {
		typ := reflect.TypeOf(svc)
		for i := range typ.NumMethod() {
			m := typ.Method(i)
			full := name + "." + m.Name
			mt := m.Type
			if mt.NumOut() == 0 || !holdsList(mt.Out(0), map[reflect.Type]bool{}) {
				continue
			}
			if why, skip := notCallable[full]; skip {
				t.Logf("%s not called: %s", full, why)
				continue
			}
			t.Run(full, func(t *testing.T) {
				// Fresh services for each call: some methods change the route file.
				v := reflect.ValueOf(boundServices(t)[name])
				args := make([]reflect.Value, mt.NumIn()-1)
				given := emptyCaseArgs[full]
				for j := range args {
					in := mt.In(j + 1)
					switch {
					case j < len(given):
						args[j] = reflect.ValueOf(given[j]).Convert(in)
					case in.Kind() == reflect.String:
						args[j] = reflect.ValueOf("demo").Convert(in)
					default:
						args[j] = reflect.Zero(in)
					}
				}
				out := v.Method(i).Call(args)
				if last := out[len(out)-1]; last.Type().Implements(reflect.TypeFor[error]()) && !last.IsNil() {
					t.Fatalf("%s failed in the empty case: %v (give it arguments in emptyCaseArgs, or say in notCallable why it cannot run)", full, last.Interface())
				}
				b, err := json.Marshal(out[0].Interface())
				if err != nil {
					t.Fatal(err)
				}
				if path, found := nilSlice(out[0], "result"); found {
					t.Errorf("%s sends %s as null for an empty list: %s", full, path, b)
				}
			})
		}
	}
}

// nilSlice finds a nil slice that encoding/json would write as null.
func nilSlice(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() && v.Type().Elem().Kind() != reflect.Uint8 {
			return path, true
		}
		for i := range v.Len() {
			if p, ok := nilSlice(v.Index(i), path+"[]"); ok {
				return p, true
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nilSlice(v.Elem(), path)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if p, ok := nilSlice(v.MapIndex(k), path+"["+k.String()+"]"); ok {
				return p, true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			tag := f.Tag.Get("json")
			if !f.IsExported() || tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.Kind() == reflect.Slice && fv.Len() == 0 {
				continue // left out of the JSON, not null
			}
			if p, ok := nilSlice(fv, path+"."+name); ok {
				return p, true
			}
		}
	}
	return "", false
}

// The list above must be every service main.go binds, so that a new
// service is covered as soon as it is bound.
func TestEmptyListCheckCoversEveryBoundService(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "main.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	covered := boundServices(t)
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "app" && strings.HasPrefix(sel.Sel.Name, "New") && strings.HasSuffix(sel.Sel.Name, "Service") {
			if _, ok := covered[strings.TrimPrefix(sel.Sel.Name, "New")]; !ok {
				t.Errorf("main.go binds %s, which boundServices does not build", strings.TrimPrefix(sel.Sel.Name, "New"))
			}
		}
		return true
	})
}

// The result a method hands over may be shared: emptyLists copies what it
// fills and leaves the original as it was.
func TestEmptyListsCopiesInsteadOfWriting(t *testing.T) {
	type inner struct{ Items []string }
	type outer struct {
		Inner *inner
		Rows  []inner
		Bytes []byte
	}
	in := outer{Inner: &inner{}, Rows: []inner{{}}}
	out := emptyLists(in)
	if out.Inner.Items == nil || out.Rows[0].Items == nil {
		t.Fatalf("out = %+v, want empty, non-nil lists", out)
	}
	if out.Bytes != nil {
		t.Fatalf("[]byte is JSON's string: got %v, want it left nil", out.Bytes)
	}
	if in.Inner.Items != nil || in.Rows[0].Items != nil {
		t.Fatalf("the original was written: %+v", in)
	}
}
