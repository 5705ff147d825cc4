package keycloak

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestUpdateUserKeepsFieldsItDoesNotEdit(t *testing.T) {
	var put map[string]any
	c := routedClient(t, map[string]any{
		"GET /admin/realms/demo/users/u1": map[string]any{
			"id": "u1", "username": "alice", "firstName": "Alice", "lastName": "Anders", "email": "alice@example.com",
			"enabled": true, "attributes": map[string][]string{"dept": {"eng"}}, "federationLink": "ldap-1",
			"access": map[string]bool{"manage": true}, "totp": false,
		},
		"PUT /admin/realms/demo/users/u1": receive(t, &put),
	})

	err := c.UpdateUser(context.Background(), "demo", "u1", UserInput{
		Username: "alice", FirstName: "Alicia", LastName: "Anders", Email: "alice@example.com", Enabled: true,
	})
	if err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	if put["firstName"] != "Alicia" {
		t.Errorf("firstName = %v, want the new value", put["firstName"])
	}
	if put["federationLink"] != "ldap-1" {
		t.Errorf("federationLink = %v, want it kept", put["federationLink"])
	}
	if attrs, _ := put["attributes"].(map[string]any); attrs == nil || attrs["dept"] == nil {
		t.Errorf("attributes = %v, want them kept when the input has none", put["attributes"])
	}
	if _, ok := put["access"]; ok {
		t.Error("the read-only access map was sent back")
	}
}

func TestUpdateUserRefusesAttributesTheRealmWouldDrop(t *testing.T) {
	// Any other request, the update's PUT above all, fails the test: the
	// update should have been refused.
	c := routedClient(t, map[string]any{
		"GET /admin/realms/demo/users/profile": map[string]any{"attributes": []map[string]string{{"name": "username"}, {"name": "email"}}},
		"GET /admin/realms/demo/users/u1":      map[string]any{"id": "u1", "username": "alice"},
	})

	err := c.UpdateUser(context.Background(), "demo", "u1", UserInput{Username: "alice", Attributes: map[string][]string{"dept": {"eng"}}})
	wantInvalidInput(t, err, "dept", UnmanagedAdminEdit)
}

func TestUserInputValidationListsEveryProblem(t *testing.T) {
	err := UserInput{Username: " ", Email: "not-an-email"}.validate()
	if err == nil || !strings.Contains(err.Error(), "username is empty") || !strings.Contains(err.Error(), "not a valid email") {
		t.Fatalf("err = %v, want both problems", err)
	}
	if err := (UserInput{Username: "bob", Email: "bob@example.com"}).validate(); err != nil {
		t.Fatalf("valid input rejected: %v", err)
	}
}

func TestUserQuerySendsTheSameFiltersToListAndCount(t *testing.T) {
	f := newFakeKeycloak(t)
	users := f.serveUsers("alice", 42)
	c, _ := f.client()

	page, err := c.SearchUsers(context.Background(), "demo", UserQuery{Username: "ali", Exact: true, Attributes: "dept:eng", First: 20, Max: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 42 || len(page.Items) != 1 || page.Items[0].Username != "alice" {
		t.Fatalf("page = %+v", page)
	}
	if users.list.Get("username") != "ali" || users.list.Get("exact") != "true" || users.list.Get("q") != "dept:eng" || users.list.Has("search") ||
		users.list.Get("first") != "20" || users.list.Get("max") != "10" {
		t.Fatalf("list query = %v", users.list)
	}
	if users.count.Get("username") != "ali" || users.count.Get("exact") != "true" || users.count.Get("q") != "dept:eng" || users.count.Has("first") || users.count.Has("max") {
		t.Fatalf("count query = %v, want the same filters without paging", users.count)
	}

	if _, err := c.SearchUsers(context.Background(), "demo", UserQuery{Search: "ali", Exact: true}); err != nil {
		t.Fatal(err)
	}
	if users.list.Get("search") != `"ali"` || users.count.Get("search") != `"ali"` {
		t.Fatalf("exact search: list %v, count %v; want the quoted value in both", users.list, users.count)
	}
}

// Keycloak ignores q, username, email, firstName and lastName whenever
// search is given: such a query would list and count the wrong users.
func TestUserQueryRefusesASearchCombinedWithOtherFilters(t *testing.T) {
	f := newFakeKeycloak(t)
	asked := 0
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		asked++
		writeJSON(w, http.StatusOK, []any{})
	})
	c, _ := f.client()
	for _, q := range []UserQuery{
		{Search: "maria", Attributes: "department:engineering"},
		{Search: "maria", Email: "example.com"},
		{Search: "maria", LastName: "lopez", Exact: true},
	} {
		_, err := c.SearchUsers(context.Background(), "demo", q)
		var kcErr *Error
		if !errors.As(err, &kcErr) || !errors.Is(err, ErrInvalidInput) || !strings.Contains(kcErr.Message, "Keycloak would ignore") {
			t.Fatalf("%+v: err = %v, want ErrInvalidInput saying why", q, err)
		}
	}
	if asked != 0 {
		t.Fatalf("Keycloak was asked %d times, want none", asked)
	}
}

func TestUserQueryRejectsAMalformedAttributeQuery(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	_, err := c.SearchUsers(context.Background(), "demo", UserQuery{Attributes: "dept"})
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want ErrInvalidInput", err)
	}
}

func TestValidationErrorsBecomeSentences(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": []map[string]any{
			{"field": "username", "errorMessage": "error-invalid-length", "params": []any{"username", 3, 255}},
			{"field": "email", "errorMessage": "error-invalid-email", "params": []any{"email", "bad"}},
		}})
	})
	c, _ := f.client()
	_, err := c.CreateUser(context.Background(), "demo", UserInput{Username: "xy", Enabled: true})
	var kcErr *Error
	if !errors.As(err, &kcErr) || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("err = %v, want an *Error with ErrInvalidInput", err)
	}
	want := `username must be 3 to 255 characters long; email "bad" is not a valid email address`
	if kcErr.Message != want {
		t.Fatalf("message = %q, want %q", kcErr.Message, want)
	}
}

func TestSearchPastTheEndKeepsTheCount(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/count") {
			writeJSON(w, http.StatusOK, 30)
			return
		}
		writeJSON(w, http.StatusOK, []any{})
	})
	c, _ := f.client()
	page, err := c.SearchUsers(context.Background(), "demo", UserQuery{First: 100, Max: 20})
	if err != nil || page.Total != 30 || len(page.Items) != 0 {
		t.Fatalf("page = %+v, %v; want no items and the real total", page, err)
	}
}
