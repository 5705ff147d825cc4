//go:build integration

package keycloak

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

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

// integrationRealm starts most integration tests: a logged-in client and a
// throwaway realm of its own.
func integrationRealm(t *testing.T) (context.Context, *Client, string) {
	t.Helper()
	c := integrationClient(t)
	return context.Background(), c, throwawayRealm(t, c)
}

// integrationDemo starts a test that works in the demo realm, on objects of
// its own (see throwaway).
func integrationDemo(t *testing.T) (context.Context, *Client, string) {
	t.Helper()
	return context.Background(), integrationClient(t), "demo"
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

// findUser looks a user up by username, failing the test when it cannot.
func findUser(t *testing.T, c *Client, realm, username string) User {
	t.Helper()
	u, err := c.FindUserByUsername(context.Background(), realm, username)
	if err != nil {
		t.Fatalf("find user %s: %v", username, err)
	}
	return u
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

func TestIntegrationAdminLoginListsRealmsAndReadsAlice(t *testing.T) {
	c := integrationClient(t)
	ctx := context.Background()

	version, err := c.ServerVersion(ctx)
	if err != nil {
		t.Fatalf("ServerVersion: %v", err)
	}
	if !strings.HasPrefix(version, "26.") {
		t.Errorf("version = %q, want Keycloak 26", version)
	}

	realms, err := c.ListRealms(ctx)
	if err != nil {
		t.Fatalf("ListRealms: %v", err)
	}
	var demo *RealmSummary
	for i := range realms {
		if realms[i].Name == "demo" {
			demo = &realms[i]
		}
	}
	if demo == nil || !demo.Enabled {
		t.Fatalf("realms = %+v, want an enabled demo realm", realms)
	}

	alice, err := c.FindUserByUsername(ctx, "demo", "alice")
	if err != nil {
		t.Fatalf("find alice: %v", err)
	}
	got, err := c.GetUser(ctx, "demo", alice.ID)
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if got.Email != "alice@example.com" || got.FirstName != "Alice" || !got.Enabled {
		t.Fatalf("alice = %+v", got)
	}
}

func TestIntegrationWrongPasswordIsUnauthorized(t *testing.T) {
	c := integrationClient(t)
	c.cfg.Password = "not-the-password"
	c.tokens.cfg.Password = "not-the-password"
	_, err := c.ListRealms(context.Background())
	if !isErr(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
}

func TestIntegrationUnknownRealmIsNotFound(t *testing.T) {
	c := integrationClient(t)
	_, err := c.GetRealm(context.Background(), uniqueName("no-such-realm"))
	if !isErr(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationRetriesAfterTheTokenIsRevoked(t *testing.T) {
	c := integrationClient(t)
	ctx := context.Background()
	if _, err := c.ListRealms(ctx); err != nil {
		t.Fatal(err)
	}
	// A token with a broken signature is refused with 401, as a revoked one is.
	c.tokens.mu.Lock()
	c.tokens.access = c.tokens.access[:len(c.tokens.access)-6] + "AAAAAA"
	c.tokens.mu.Unlock()
	if _, err := c.ListRealms(ctx); err != nil {
		t.Fatalf("ListRealms with a rejected token: %v", err)
	}
}
