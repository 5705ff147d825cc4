//go:build integration

package keycloak

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"
)

// The integration tests' kit: where the local Keycloak is, how a test logs
// in, the throwaway objects it works on, and raw admin calls for what
// Tandem's own functions do not read or write.

// integrationURL is the local Keycloak's base URL. (test/livekc says the
// same for other packages; it imports this one, so it cannot serve here.)
func integrationURL() string {
	if base := os.Getenv("TANDEM_KEYCLOAK_URL"); base != "" {
		return base
	}
	return "http://127.0.0.1:8180"
}

// integrationClient logs in to the local Keycloak as the bootstrap admin.
func integrationClient(t *testing.T) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: integrationURL(), AdminRealm: "master", Username: "admin", Password: "admin", Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// passwordGrant asks realm's token endpoint for a token by the direct grant
// of client, as a user signing in would; the caller reads the answer, which
// is closed when the test ends.
func passwordGrant(t *testing.T, realm, client, username, password string) *http.Response {
	t.Helper()
	resp, err := http.PostForm(integrationURL()+"/realms/"+realm+"/protocol/openid-connect/token", url.Values{
		"grant_type": {"password"}, "client_id": {client}, "username": {username}, "password": {password},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// uniqueName returns prefix plus a random suffix, so tests running at the
// same time never collide.
func uniqueName(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// throwawayRealm creates an empty realm deleted when the test ends.
func throwawayRealm(t *testing.T, c *Client) string {
	t.Helper()
	name := uniqueName("tandem-test")
	if err := c.CreateRealm(context.Background(), NewRealm{Name: name, Enabled: true}); err != nil {
		t.Fatalf("create realm %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteRealm(context.Background(), name); err != nil {
			t.Errorf("delete realm %s: %v", name, err)
		}
	})
	return name
}

// integrationAdmin starts a test that works across realms: a context and a
// logged-in client.
func integrationAdmin(t *testing.T) (context.Context, *Client) {
	t.Helper()
	return context.Background(), integrationClient(t)
}

// integrationRealm starts most integration tests: a logged-in client and a
// throwaway realm of its own.
func integrationRealm(t *testing.T) (context.Context, *Client, string) {
	t.Helper()
	ctx, c := integrationAdmin(t)
	return ctx, c, throwawayRealm(t, c)
}

// integrationDemo starts a test that works in the demo realm, on objects of
// its own (see throwaway).
func integrationDemo(t *testing.T) (context.Context, *Client, string) {
	t.Helper()
	ctx, c := integrationAdmin(t)
	return ctx, c, "demo"
}

// createCorpProvider adds the OIDC identity provider "corp" to realm, for
// users whose accounts are linked to it.
func createCorpProvider(t *testing.T, c *Client, realm string) {
	t.Helper()
	if err := c.CreateIdentityProvider(context.Background(), realm, IdentityProviderInput{IdentityProvider: IdentityProvider{
		Alias: "corp", ProviderID: ProviderOIDC, Enabled: true, AuthorizationURL: "https://idp.example/auth", TokenURL: "https://idp.example/token", ClientID: "x",
	}}); err != nil {
		t.Fatalf("create identity provider corp: %v", err)
	}
}

// find looks an object up by name with lookup (c.FindUserByUsername,
// c.FindClient), failing the test when it cannot.
func find[T any](t *testing.T, lookup func(context.Context, string, string) (T, error), realm, name string) T {
	t.Helper()
	v, err := lookup(context.Background(), realm, name)
	if err != nil {
		t.Fatalf("find %s in realm %s: %v", name, realm, err)
	}
	return v
}

// findUser looks a user up by username, failing the test when it cannot.
func findUser(t *testing.T, c *Client, realm, username string) User {
	t.Helper()
	return find(t, c.FindUserByUsername, realm, username)
}

// findClient looks a client up by clientId, failing the test when it cannot.
func findClient(t *testing.T, c *Client, realm, clientID string) OIDCClient {
	t.Helper()
	return find(t, c.FindClient, realm, clientID)
}

// throwaway creates something a test needs and removes it when the test
// ends; one already gone (removed by the test, or with its parent) is fine.
func throwaway[T any](t *testing.T, what string, create func() (T, error), remove func(T) error) T {
	t.Helper()
	v, err := create()
	if err != nil {
		t.Fatalf("create %s: %v", what, err)
	}
	t.Cleanup(func() {
		if err := remove(v); err != nil && !errors.Is(err, ErrNotFound) {
			t.Errorf("delete %s: %v", what, err)
		}
	})
	return v
}

// rawGet reads the admin resource at path into out, raw: for what Tandem's
// own functions do not read.
func rawGet(t *testing.T, c *Client, path string, query url.Values, out any) {
	t.Helper()
	if err := c.do(context.Background(), "read "+path, request{method: http.MethodGet, path: path, query: query, out: out}); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
}

// rawRep reads an admin representation exactly as Keycloak sends it.
func rawRep(t *testing.T, c *Client, path string) map[string]any {
	t.Helper()
	var raw json.RawMessage
	rawGet(t, c, path, nil, &raw)
	var rep map[string]any
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return rep
}

// rawPut writes body to path, raw: settings Tandem does not write, seeded
// for a test.
func rawPut(t *testing.T, c *Client, path string, body any) {
	t.Helper()
	if err := c.do(context.Background(), "write "+path, request{method: http.MethodPut, path: path, body: body}); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
}

// rawCreate posts body to path and returns the new entity's id.
func rawCreate(t *testing.T, c *Client, path string, body any) string {
	t.Helper()
	var id string
	if err := c.do(context.Background(), "create "+path, request{method: http.MethodPost, path: path, body: body, createdID: &id}); err != nil {
		t.Fatalf("create %s: %v", path, err)
	}
	return id
}

// wantDeleted fails the test unless the delete (its error given) worked
// and reading what it removed (read) finds nothing.
func wantDeleted(t *testing.T, what string, deleteErr error, read func() error) {
	t.Helper()
	if deleteErr != nil {
		t.Fatalf("delete %s: %v", what, deleteErr)
	}
	if err := read(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("%s after the delete: err = %v, want ErrNotFound", what, err)
	}
}

// wantRemoved fails the test unless the removal (its error given) worked
// and the list it took from (list) comes back empty.
func wantRemoved[T any](t *testing.T, what string, removeErr error, list func() ([]T, error)) {
	t.Helper()
	if removeErr != nil {
		t.Fatalf("remove %s: %v", what, removeErr)
	}
	if left, err := list(); err != nil || len(left) != 0 {
		t.Errorf("after removing the %s: %+v, %v; want none", what, left, err)
	}
}
