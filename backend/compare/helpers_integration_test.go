//go:build integration

package compare

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

// adminClient logs in to the local Keycloak as the bootstrap admin.
func adminClient(t testing.TB, readOnly bool) *keycloak.Client {
	t.Helper()
	c, err := keycloak.New(keycloak.Config{BaseURL: livekc.URL(), AdminRealm: "master", Username: "admin", Password: "admin",
		Timeout: 10 * time.Minute, ReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func uniqueName(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// demoRealm imports scripts/keycloak/demo-realm.json under a fresh name
// (without its users: they are not compared), deleted when the test ends.
func demoRealm(t testing.TB, c *keycloak.Client, prefix string) string {
	t.Helper()
	raw, err := os.ReadFile("../../scripts/keycloak/demo-realm.json")
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	name := uniqueName(prefix)
	rep["realm"] = name
	delete(rep, "users")
	return createRealm(t, c, name, rep)
}

// createRealm posts a realm representation and deletes the realm at the end.
func createRealm(t testing.TB, c *keycloak.Client, name string, rep map[string]any) string {
	t.Helper()
	ctx := context.Background()
	if _, err := c.AdminCall(ctx, http.MethodPost, "/realms", rep); err != nil {
		t.Fatalf("create realm %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := c.AdminCall(context.Background(), http.MethodDelete, "/realms/"+name, nil); err != nil {
			t.Errorf("delete realm %s: %v", name, err)
		}
	})
	return name
}

// mustCall sends one admin call or fails the test.
func mustCall(t testing.TB, c *keycloak.Client, method, path string, body any) json.RawMessage {
	t.Helper()
	out, err := c.AdminCall(context.Background(), method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}
