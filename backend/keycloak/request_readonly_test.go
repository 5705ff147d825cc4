package keycloak

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// readOnlyCases calls every mutating method of Client. Files that add
// mutating methods register theirs in an init function; the test below fails
// for any method whose name says it mutates but that nobody registered.
var readOnlyCases = map[string]func(ctx context.Context, c *Client) error{}

func readOnlyCase(method string, call func(ctx context.Context, c *Client) error) {
	readOnlyCases[method] = call
}

// mutatingPrefixes are the verbs that name a mutating Client method.
var mutatingPrefixes = []string{
	"Create", "Update", "Delete", "Set", "Add", "Remove", "Reset", "Assign", "Unassign",
	"Join", "Leave", "Logout", "SignOut", "Import", "PartialImport", "Regenerate", "Rename", "Apply", "Move", "Clear", "Send", "Impersonate",
}

func init() {
	readOnlyCase("CreateRealm", func(ctx context.Context, c *Client) error {
		return c.CreateRealm(ctx, NewRealm{Name: "r", Enabled: true})
	})
	readOnlyCase("UpdateRealmSettings", func(ctx context.Context, c *Client) error {
		return c.UpdateRealmSettings(ctx, "r", RealmSettings{AccessTokenLifespan: 60, SSOSessionIdleTimeout: 60, SSOSessionMaxLifespan: 60})
	})
	readOnlyCase("PartialImport", func(ctx context.Context, c *Client) error {
		_, err := c.PartialImport(ctx, "r", []byte(`{"users":[]}`))
		return err
	})
	readOnlyCase("DeleteRealm", func(ctx context.Context, c *Client) error { return c.DeleteRealm(ctx, "r") })
	readOnlyCase("CreateUser", func(ctx context.Context, c *Client) error {
		_, err := c.CreateUser(ctx, "r", UserInput{Username: "u"})
		return err
	})
	readOnlyCase("CreateUserWith", func(ctx context.Context, c *Client) error {
		_, err := c.CreateUserWith(ctx, "r", UserInput{Username: "u"}, NewUserExtras{Password: "pw", Groups: []string{"/g"}})
		return err
	})
	readOnlyCase("UpdateUser", func(ctx context.Context, c *Client) error {
		return c.UpdateUser(ctx, "r", "id", UserInput{Username: "u"})
	})
	readOnlyCase("DeleteUser", func(ctx context.Context, c *Client) error { return c.DeleteUser(ctx, "r", "id") })
	readOnlyCase("ResetPassword", func(ctx context.Context, c *Client) error {
		return c.ResetPassword(ctx, "r", "id", "pw", true)
	})
	readOnlyCase("DeleteCredential", func(ctx context.Context, c *Client) error {
		return c.DeleteCredential(ctx, "r", "id", "cred")
	})
	readOnlyCase("AssignRealmRoleRefs", func(ctx context.Context, c *Client) error {
		return c.AssignRealmRoleRefs(ctx, "r", "id", []RoleRef{{ID: "1", Name: "user"}})
	})
	readOnlyCase("JoinGroup", func(ctx context.Context, c *Client) error { return c.JoinGroup(ctx, "r", "id", "g") })
	readOnlyCase("LeaveGroup", func(ctx context.Context, c *Client) error { return c.LeaveGroup(ctx, "r", "id", "g") })
	readOnlyCase("SignOutSession", func(ctx context.Context, c *Client) error { return c.SignOutSession(ctx, "r", "s") })
	readOnlyCase("SignOutUser", func(ctx context.Context, c *Client) error { return c.SignOutUser(ctx, "r", "id") })
}

func TestEveryMutatingMethodRefusesOnAReadOnlyClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a read-only client reached the server: %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Username: "admin", Password: "admin", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}

	names := make([]string, 0, len(readOnlyCases))
	for name := range readOnlyCases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			err := readOnlyCases[name](context.Background(), c)
			if !errors.Is(err, ErrReadOnly) {
				t.Fatalf("%s on a read-only client: err = %v, want ErrReadOnly", name, err)
			}
		})
	}
}

func TestEveryMutatingMethodHasAReadOnlyCase(t *testing.T) {
	typ := reflect.TypeOf(&Client{})
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		for _, p := range mutatingPrefixes {
			if strings.HasPrefix(name, p) {
				if _, ok := readOnlyCases[name]; !ok {
					t.Errorf("%s looks mutating but has no readOnlyCase: register one in an init function", name)
				}
				break
			}
		}
	}
}

// TestTheRequestPathRefusesWritesOnAReadOnlyClient: whatever method builds
// the request, raw or a typed gocloak call, a read-only client sends no
// POST, PUT, PATCH or DELETE. A
// new mutating method that forgets writable is caught here, not by its name.
func TestTheRequestPathRefusesWritesOnAReadOnlyClient(t *testing.T) {
	var reached []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/token") {
			writeJSON(w, http.StatusOK, map[string]any{"access_token": "a", "expires_in": 60})
			return
		}
		reached = append(reached, r.Method)
		writeJSON(w, http.StatusOK, map[string]any{})
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Username: "admin", Password: "admin", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, "post"} {
		if err := c.do(ctx, "change", request{method: m, path: "/realms/r/anything"}); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s on a read-only client: err = %v, want ErrReadOnly", m, err)
		}
	}
	// A typed gocloak call takes its own way to the server: refused too.
	typed := c.call(ctx, "change", func(ctx context.Context, token string) error {
		return c.gc.DeleteUser(ctx, token, "r", "id")
	})
	if !errors.Is(typed, ErrReadOnly) {
		t.Errorf("a typed DELETE on a read-only client: err = %v, want ErrReadOnly", typed)
	}
	if len(reached) != 0 {
		t.Fatalf("a read-only client sent %v", reached)
	}
	// Reads still go out, the export's POST included.
	if err := c.do(ctx, "read", request{method: http.MethodGet, path: "/realms/r"}); err != nil {
		t.Errorf("GET: %v", err)
	}
	if _, err := c.ExportRealm(ctx, "r"); err != nil {
		t.Errorf("export on a read-only client: %v", err)
	}
	// A typed gocloak POST that only reads goes out too.
	if _, err := c.DiscoverOIDC(ctx, "r", "https://idp.example/.well-known/openid-configuration"); err != nil {
		t.Errorf("discovery on a read-only client: %v", err)
	}
	if strings.Join(reached, " ") != "GET POST POST" {
		t.Errorf("sent %v, want the GET, the export's POST and the discovery's POST", reached)
	}
}

// Input one condition rules out is refused before anything is sent, naming
// the problem; on a read-only client the refusal is ErrReadOnly first.
func TestInputRuledOutIsRefusedBeforeAnyRequest(t *testing.T) {
	calls := map[string]func(ctx context.Context, c *Client) error{
		"the password is empty": func(ctx context.Context, c *Client) error {
			return c.ResetPassword(ctx, "r", "id", "", false)
		},
		"the master realm cannot be deleted": func(ctx context.Context, c *Client) error {
			return c.DeleteRealm(ctx, "master")
		},
		"the import is not valid JSON": func(ctx context.Context, c *Client) error {
			_, err := c.PartialImport(ctx, "r", []byte(`{"users":`))
			return err
		},
	}
	for problem, call := range calls {
		f := newFakeKeycloak(t)
		c, _ := f.client()
		if err := call(context.Background(), c); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), problem) {
			t.Errorf("err = %v, want ErrInvalidInput saying %q", err, problem)
		}
		readOnly, _ := f.client(func(cfg *Config) { cfg.ReadOnly = true })
		if err := call(context.Background(), readOnly); !errors.Is(err, ErrReadOnly) {
			t.Errorf("read-only, %q: err = %v, want ErrReadOnly", problem, err)
		}
		f.wantNoAdminCalls()
	}
}
