//go:build integration

package compare

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

// adminClient logs in to the local Keycloak as the bootstrap admin; a
// read-only one refuses every mutating call, as a read-only profile does.
func adminClient(t testing.TB, readOnly bool) *keycloak.Client {
	t.Helper()
	c, err := keycloak.New(keycloak.Config{BaseURL: livekc.URL(), AdminRealm: "master", Username: "admin", Password: "admin",
		Timeout: 10 * time.Minute, ReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	return c
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
