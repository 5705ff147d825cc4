//go:build integration

package keycloak

import (
	"context"
	"strings"
	"testing"
)

func TestIntegrationAdminLoginListsRealmsAndReadsAlice(t *testing.T) {
	ctx, c := integrationAdmin(t)

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

	alice := findUser(t, c, "demo", "alice")
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
	ctx, c := integrationAdmin(t)
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
