// Package livekc is where the integration tests (build tag integration)
// find the local Keycloak that scripts/keycloak.sh runs, and how they make
// throwaway realms on it. One home for the address, so a test suite never
// disagrees with another about which Keycloak it is testing.
package livekc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// URL is the Keycloak base URL, without a trailing slash:
// $TANDEM_KEYCLOAK_URL, else http://127.0.0.1:8180.
func URL() string {
	if u := os.Getenv("TANDEM_KEYCLOAK_URL"); u != "" {
		return strings.TrimRight(u, "/")
	}
	return "http://127.0.0.1:8180"
}

// Admin is an admin client logged in as the bootstrap admin (admin/admin
// of the master realm), each call bounded by timeout.
func Admin(t testing.TB, timeout time.Duration) *keycloak.Client {
	t.Helper()
	c, err := keycloak.New(keycloak.Config{BaseURL: URL(), AdminRealm: "master", Username: "admin", Password: "admin", Timeout: timeout})
	if err != nil {
		t.Fatalf("log in to Keycloak at %s (run scripts/keycloak.sh start): %v", URL(), err)
	}
	return c
}

// Name is prefix-<8 random hex digits>: a realm or object name that tests
// running at the same time never share.
func Name(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// Realm creates an empty, enabled realm named Name(prefix) and deletes it
// when the test ends.
func Realm(t testing.TB, c *keycloak.Client, prefix string) string {
	t.Helper()
	realm := Name(prefix)
	if err := c.CreateRealm(context.Background(), keycloak.NewRealm{Name: realm, Enabled: true}); err != nil {
		t.Fatalf("create realm %s: %v", realm, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteRealm(context.Background(), realm); err != nil {
			t.Errorf("delete realm %s: %v", realm, err)
		}
	})
	return realm
}

// PasswordToken is an access token for user from realm's token endpoint,
// by the direct grant of client (which must allow it).
func PasswordToken(t testing.TB, realm, client, user, password string) string {
	t.Helper()
	resp, err := http.PostForm(URL()+"/realms/"+realm+"/protocol/openid-connect/token", url.Values{
		"grant_type": {"password"}, "client_id": {client}, "username": {user}, "password": {password},
	})
	if err != nil {
		t.Fatalf("Keycloak not reachable (run scripts/keycloak.sh start): %v", err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("token for %s in realm %s: status %d, %v", user, realm, resp.StatusCode, err)
	}
	return body.AccessToken
}

// DemoRealm imports scripts/keycloak/demo-realm.json without its users under
// the name Name(prefix), and deletes it when the test ends: the demo realm's
// clients, roles, groups and scopes, free for a test to change.
func DemoRealm(t testing.TB, c *keycloak.Client, prefix string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(moduleRoot(t), "scripts", "keycloak", "demo-realm.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	realm := Name(prefix)
	rep["realm"] = realm
	delete(rep, "users")
	if _, err := c.AdminCall(context.Background(), http.MethodPost, "/realms", rep); err != nil {
		t.Fatalf("create realm %s: %v", realm, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteRealm(context.Background(), realm); err != nil {
			t.Errorf("delete realm %s: %v", realm, err)
		}
	})
	return realm
}

// moduleRoot is the folder holding go.mod above the test's working
// directory (its package folder), wherever that package lies.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}
