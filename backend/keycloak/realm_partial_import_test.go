package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

func init() {
	readOnlyCase("ImportRealm", func(ctx context.Context, c *Client) error {
		_, err := c.ImportRealm(ctx, []byte(`{"realm":"r"}`), "", false)
		return err
	})
	readOnlyCase("ImportRealmFile", func(ctx context.Context, c *Client) error {
		_, err := c.ImportRealmFile(ctx, "r", []byte(`{"users":[{"username":"u"}]}`), ImportFileOptions{IfExists: IfExistsSkip}, nil)
		return err
	})
}

func TestPlanRealmFileCountsEntitiesAndListsEveryProblem(t *testing.T) {
	file := `{
		"realm": "demo", "id": "r-1",
		"clients": [{"clientId": "web"}, {"clientId": "svc", "secret": "**********"}],
		"roles": {"realm": [{"name": "user"}, {"name": "user"}], "client": {"web": [{"name": "viewer"}]}},
		"groups": [{"name": "staff", "path": "/staff"}, {"name": "ops"}],
		"identityProviders": [{"alias": "corp", "providerId": "oidc", "config": {"clientSecret": "**********"}}],
		"users": [{"username": "ann"}, {"email": "no-name@example.com"}, "ben"],
		"authenticationFlows": [{"alias": "browser"}], "clientScopes": [], "smtpServer": {}
	}`
	plan, err := PlanRealmFile([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if plan.Realm != "demo" || plan.Total != 8 {
		t.Errorf("realm, total = %q, %d; want demo, 8", plan.Realm, plan.Total)
	}
	want := map[string]int{ResourceClient: 2, ResourceRealmRole: 1, ResourceClientRole: 1, ResourceGroup: 2, ResourceIDP: 1, ResourceUser: 1}
	for typ, n := range want {
		if plan.Counts[typ] != n {
			t.Errorf("count of %s = %d, want %d (counts %v)", typ, plan.Counts[typ], n, plan.Counts)
		}
	}
	wantProblems := []string{
		`roles.realm[1]: realm_role "user" appears twice`,
		`groups[1]: group "ops" has no path (e.g. "/ops")`,
		`users[1]: no username`,
		`users[2]: not an object`,
	}
	for _, p := range wantProblems {
		if !slices.Contains(plan.Problems, p) {
			t.Errorf("problems %q lack %q", plan.Problems, p)
		}
	}
	if len(plan.Problems) != len(wantProblems) {
		t.Errorf("problems = %q, want %d", plan.Problems, len(wantProblems))
	}
	if !slices.Equal(plan.Masked, []string{`client "svc"`, `idp "corp"`}) {
		t.Errorf("masked = %q", plan.Masked)
	}
	// Empty sections are not worth a warning.
	if !slices.Equal(plan.Ignored, []string{"authenticationFlows"}) {
		t.Errorf("ignored = %q", plan.Ignored)
	}
}

// partialImportFake answers partialImport like Keycloak: every entity of
// the body is ADDED, unless the body holds a user named "bad", which fails
// the whole request with Keycloak's 500.
type partialImportFake struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func (p *partialImportFake) serve(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/admin/realms/demo/partialImport" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusTeapot)
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("decode: %v", err)
		}
		p.mu.Lock()
		p.bodies = append(p.bodies, body)
		p.mu.Unlock()
		var results []map[string]any
		users, _ := body["users"].([]any)
		for _, u := range users {
			name := u.(map[string]any)["username"]
			if name == "bad" {
				writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "unknown_error", "error_description": "For more on this error consult the server log."})
				return
			}
			results = append(results, map[string]any{"action": "ADDED", "resourceType": "USER", "resourceName": name})
		}
		clients, _ := body["clients"].([]any)
		for _, c := range clients {
			results = append(results, map[string]any{"action": "SKIPPED", "resourceType": "CLIENT", "resourceName": c.(map[string]any)["clientId"]})
		}
		writeJSON(w, http.StatusOK, map[string]any{"added": len(users), "results": results})
	}
}

// servePartialImport answers the demo realm's partialImport with a
// partialImportFake and returns a client to it.
func servePartialImport(t *testing.T) (*Client, *partialImportFake) {
	t.Helper()
	f := newFakeKeycloak(t)
	fake := &partialImportFake{}
	f.handle(fake.serve(t))
	c, _ := f.client()
	return c, fake
}

// usersFileWithOneBad is a realm file of n users u000, u001, … (enough to
// span several import batches) in which the one at index bad is named
// "bad", which partialImportFake refuses.
func usersFileWithOneBad(n, bad int) []byte {
	users := make([]map[string]any, n)
	for i := range users {
		name := fmt.Sprintf("u%03d", i)
		if i == bad {
			name = "bad"
		}
		users[i] = map[string]any{"username": name, "id": "id-" + name}
	}
	b, _ := json.Marshal(map[string]any{"clients": []map[string]any{{"clientId": "web", "id": "c-1"}}, "users": users})
	return b
}

func TestImportRealmFileNamesTheEntityKeycloakRefusesAndWritesTheOthers(t *testing.T) {
	c, fake := servePartialImport(t)
	var calls []string
	rep, err := c.ImportRealmFile(context.Background(), "demo", usersFileWithOneBad(150, 42), ImportFileOptions{IfExists: IfExistsSkip},
		func(done, total int) { calls = append(calls, fmt.Sprintf("%d/%d", done, total)) })
	if err != nil {
		t.Fatalf("ImportRealmFile: %v", err)
	}
	if rep.Added != 149 || rep.Skipped != 1 || rep.Failed != 1 {
		t.Errorf("added, skipped, failed = %d, %d, %d; want 149, 1, 1", rep.Added, rep.Skipped, rep.Failed)
	}
	var failed []PartialImportEntry
	for _, e := range rep.Entries {
		if e.Action == ActionFailed {
			failed = append(failed, e)
		}
	}
	if len(failed) != 1 || failed[0].Type != ResourceUser || failed[0].Name != "bad" || !strings.Contains(failed[0].Error, "server log") {
		t.Errorf("failed entries = %+v, want the user bad with Keycloak's reason", failed)
	}
	// The client and 99 users, the refused batch one by one (100), then the
	// last 51 users.
	if len(fake.bodies) != 1+100+1 {
		t.Errorf("sent %d requests, want 102", len(fake.bodies))
	}
	if !slices.Equal(calls, []string{"0/151", "100/151", "151/151"}) {
		t.Errorf("progress = %v", calls)
	}
	// Without NewIDs the file's ids go as they are.
	if u := fake.bodies[len(fake.bodies)-1]["users"].([]any)[0].(map[string]any); u["id"] != "id-u099" {
		t.Errorf("last batch's first user = %v, want its id kept", u)
	}
}

func TestImportRealmFileWithFailSendsTheWholeFileAtOnce(t *testing.T) {
	c, fake := servePartialImport(t)
	rep, err := c.ImportRealmFile(context.Background(), "demo", usersFileWithOneBad(250, 200), ImportFileOptions{IfExists: IfExistsFail, NewIDs: true}, nil)
	if !isErr(err, ErrServer) {
		t.Fatalf("err = %v, want Keycloak's failure", err)
	}
	if len(rep.Entries) != 0 || rep.Added != 0 {
		t.Errorf("report = %+v, want nothing written", rep)
	}
	// One request, so Keycloak's single transaction writes all or nothing.
	if len(fake.bodies) != 1 || fake.bodies[0]["ifResourceExists"] != "FAIL" {
		t.Fatalf("requests = %d (first policy %v), want one with FAIL", len(fake.bodies), fake.bodies[0]["ifResourceExists"])
	}
	users := fake.bodies[0]["users"].([]any)
	if len(users) != 250 {
		t.Errorf("sent %d users, want 250", len(users))
	}
	if _, ok := users[0].(map[string]any)["id"]; ok {
		t.Errorf("NewIDs sent the file's id: %v", users[0])
	}
}

func TestImportRealmFileRefusesAFileWithProblemsBeforeSending(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	_, err := c.ImportRealmFile(context.Background(), "demo", []byte(`{"users":[{"username":"a"},{"username":"a"},{}]}`), ImportFileOptions{IfExists: IfExistsOverwrite}, nil)
	wantInvalidInput(t, err, "users[1]", "users[2]: no username")
	f.wantNoAdminCalls()
}

func TestImportRealmUnderAnotherNameDropsTheFilesIDs(t *testing.T) {
	var body map[string]any
	c := acceptingCreate(t, "/admin/realms", "", &body)
	file := `{"realm":"demo","id":"realm-uuid","accessTokenLifespan":300,"roles":{"realm":[{"id":"role-uuid","name":"user","containerId":"realm-uuid"}]},"clients":[{"id":"c-uuid","clientId":"web"}]}`
	name, err := c.ImportRealm(context.Background(), []byte(file), "demo-copy", true)
	if err != nil || name != "demo-copy" {
		t.Fatalf("ImportRealm = %q, %v", name, err)
	}
	if body["realm"] != "demo-copy" || body["id"] != nil || fmt.Sprint(body["accessTokenLifespan"]) != "300" {
		t.Errorf("realm fields = %v", body)
	}
	wantJSONWithout(t, body, "realm-uuid", "role-uuid", "c-uuid")
}

// Keycloak 26 keeps an identity provider of a rolled-back partial import in
// its cache: the next import finds it "existing" and skips it, although it
// was never written. The fake does the same.
func TestImportRealmFileNeverLetsAFailedBatchHideAnIdentityProvider(t *testing.T) {
	f := newFakeKeycloak(t)
	var mu sync.Mutex
	phantom, written := map[string]bool{}, map[string]bool{}
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		defer mu.Unlock()
		idps, _ := body["identityProviders"].([]any)
		users, _ := body["users"].([]any)
		for _, u := range users {
			if u.(map[string]any)["username"] == "bad" {
				for _, i := range idps {
					phantom[i.(map[string]any)["alias"].(string)] = true
				}
				writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "unknown_error"})
				return
			}
		}
		var results []map[string]any
		for _, i := range idps {
			alias := i.(map[string]any)["alias"].(string)
			action := "ADDED"
			if phantom[alias] || written[alias] {
				action = "SKIPPED"
			} else {
				written[alias] = true
			}
			results = append(results, map[string]any{"action": action, "resourceType": "IDP", "resourceName": alias})
		}
		for _, u := range users {
			results = append(results, map[string]any{"action": "ADDED", "resourceType": "USER", "resourceName": u.(map[string]any)["username"]})
		}
		writeJSON(w, http.StatusOK, map[string]any{"results": results})
	})
	c, _ := f.client()
	file := `{"identityProviders":[{"alias":"corp","providerId":"oidc"}],"users":[{"username":"ann"},{"username":"bad"}]}`
	rep, err := c.ImportRealmFile(context.Background(), "demo", []byte(file), ImportFileOptions{IfExists: IfExistsSkip}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !written["corp"] || rep.Added != 2 || rep.Skipped != 0 || rep.Failed != 1 {
		t.Errorf("written corp = %v, report = %+v; want corp and ann added, bad failed", written["corp"], rep)
	}
}
