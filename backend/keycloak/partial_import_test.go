package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func init() {
	readOnlyCase("ImportUsers", func(ctx context.Context, c *Client) error {
		_, err := c.ImportUsers(ctx, "r", []ImportUser{{UserInput: UserInput{Username: "u"}}}, IfExistsFail)
		return err
	})
}

func TestImportUsersSendsEachUserWithItsGroupsRolesAndPassword(t *testing.T) {
	var body struct {
		IfResourceExists string           `json:"ifResourceExists"`
		Users            []map[string]any `json:"users"`
	}
	c := routedClient(t, map[string]any{
		"GET /admin/realms/demo": map[string]any{"realm": "demo", "defaultRole": map[string]any{"name": "default-roles-demo"}},
		"GET /admin/realms/demo/authentication/required-actions": []map[string]any{
			{"alias": "VERIFY_EMAIL", "enabled": true, "defaultAction": true},
			{"alias": "CONFIGURE_TOTP", "enabled": true, "defaultAction": false},
			{"alias": "TERMS_AND_CONDITIONS", "enabled": false, "defaultAction": true},
		},
		"POST /admin/realms/demo/partialImport": func(w http.ResponseWriter, r *http.Request) {
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Errorf("decode: %v", err)
			}
			writeJSON(w, http.StatusOK, map[string]any{"added": 2})
		},
	})
	res, err := c.ImportUsers(context.Background(), "demo", []ImportUser{
		{UserInput: UserInput{Username: "ann", Email: "ann@example.com", Enabled: true}, Password: "Start-1", TemporaryPassword: true,
			Groups: []string{"/staff"}, RealmRoles: []string{"user"}, ClientRoles: map[string][]string{"web": {"viewer"}}},
		{UserInput: UserInput{Username: "ben", Enabled: false}},
	}, IfExistsFail)
	if err != nil || res.Added != 2 {
		t.Fatalf("ImportUsers = %+v, %v", res, err)
	}
	if body.IfResourceExists != "FAIL" || len(body.Users) != 2 {
		t.Fatalf("body = %+v", body)
	}
	ann, ben := body.Users[0], body.Users[1]
	creds, _ := ann["credentials"].([]any)
	cred, _ := creds[0].(map[string]any)
	if ann["username"] != "ann" || ann["enabled"] != true || cred["value"] != "Start-1" || cred["temporary"] != true || cred["type"] != "password" {
		t.Fatalf("ann = %v", ann)
	}
	// The import leaves out what the users endpoint gives every new user:
	// the realm's default role and its default required actions.
	if !slices.Equal(toStrings(ann["groups"]), []string{"/staff"}) || !slices.Equal(toStrings(ann["realmRoles"]), []string{"user", "default-roles-demo"}) ||
		!slices.Equal(toStrings(ann["requiredActions"]), []string{"VERIFY_EMAIL", "UPDATE_PASSWORD"}) {
		t.Fatalf("ann groups/roles/actions = %v %v %v", ann["groups"], ann["realmRoles"], ann["requiredActions"])
	}
	if cr, _ := ann["clientRoles"].(map[string]any); !slices.Equal(toStrings(cr["web"]), []string{"viewer"}) {
		t.Fatalf("ann clientRoles = %v", ann["clientRoles"])
	}
	if ben["enabled"] != false || ben["credentials"] != nil || ben["groups"] != nil ||
		!slices.Equal(toStrings(ben["requiredActions"]), []string{"VERIFY_EMAIL"}) || !slices.Equal(toStrings(ben["realmRoles"]), []string{"default-roles-demo"}) {
		t.Fatalf("ben = %v, want a disabled user without password or groups, with the realm's defaults", ben)
	}
}

func TestImportUsersRefusesAnInvalidUserBeforeSending(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	_, err := c.ImportUsers(context.Background(), "demo", []ImportUser{
		{UserInput: UserInput{Username: "ok"}},
		{UserInput: UserInput{Username: "bad", Email: "not-an-email"}},
	}, IfExistsSkip)
	var kcErr *Error
	if !errors.As(err, &kcErr) || !errors.Is(err, ErrInvalidInput) || !strings.Contains(kcErr.Message, `user "bad"`) {
		t.Fatalf("err = %v, want ErrInvalidInput naming the user", err)
	}
	f.wantNoAdminCalls()
}

func TestListUsersSendsOneRequestAndCountUsersOnlyTheFilters(t *testing.T) {
	f := newFakeKeycloak(t)
	users := f.serveUsers("maria", 7)
	c, _ := f.client()
	items, err := c.ListUsers(context.Background(), "demo", UserQuery{Email: "maria", Attributes: "dept:eng", First: 40, Max: 20})
	if err != nil || len(items) != 1 || items[0].Username != "maria" {
		t.Fatalf("ListUsers = %+v, %v", items, err)
	}
	if len(users.paths) != 1 || users.paths[0] != "/admin/realms/demo/users" {
		t.Fatalf("requests = %v, want the list alone", users.paths)
	}
	if users.list["email"][0] != "maria" || users.list["q"][0] != "dept:eng" || users.list["first"][0] != "40" || users.list["max"][0] != "20" ||
		users.list["briefRepresentation"][0] != "true" {
		t.Fatalf("list query = %v", users.list)
	}
	n, err := c.CountUsers(context.Background(), "demo", UserQuery{Email: "maria", Attributes: "dept:eng", First: 40, Max: 20})
	if err != nil || n != 7 {
		t.Fatalf("CountUsers = %d, %v", n, err)
	}
	if users.count["email"][0] != "maria" || users.count["q"][0] != "dept:eng" || users.count["first"] != nil || users.count["max"] != nil {
		t.Fatalf("count query = %v, want the filters without paging", users.count)
	}
}

func TestFindUserByEmailIsAnExactLookup(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("email") != "Ann@Example.com" || q.Get("exact") != "true" || q.Has("search") {
			t.Errorf("query = %v, want email with exact=true", q)
		}
		writeJSON(w, http.StatusOK, []map[string]any{{"id": "1", "username": "ann", "email": "ann@example.com"}})
	})
	c, _ := f.client()
	u, err := c.FindUserByEmail(context.Background(), "demo", "Ann@Example.com")
	if err != nil || u.Username != "ann" {
		t.Fatalf("FindUserByEmail = %+v, %v", u, err)
	}
	f.handle(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, []any{}) })
	if _, err := c.FindUserByEmail(context.Background(), "demo", "nobody@example.com"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestParsePasswordHashingReadsThePolicyWithKeycloaksDefaults(t *testing.T) {
	for policy, want := range map[string]PasswordHashing{
		"":                             {Algorithm: "argon2", Iterations: 5},
		"length(8)":                    {Algorithm: "argon2", Iterations: 5},
		"hashAlgorithm(pbkdf2-sha512)": {Algorithm: "pbkdf2-sha512", Iterations: 210_000, FromPolicy: true},
		"length(8) and hashAlgorithm(pbkdf2-sha256) and hashIterations(27500)": {Algorithm: "pbkdf2-sha256", Iterations: 27_500, FromPolicy: true},
	} {
		if got := ParsePasswordHashing(policy); got != want {
			t.Errorf("%q: %+v, want %+v", policy, got, want)
		}
	}
}

func toStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
