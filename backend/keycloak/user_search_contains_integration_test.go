//go:build integration

package keycloak

import (
	"slices"
	"testing"
)

// "example.com" starts no username or email of the demo realm, so the
// prefix search finds nobody; the contains search then finds alice, bob and
// carol, and the result says which search ran. A prefix that finds someone
// is not widened.
func TestIntegrationUserSearchFallsBackToContains(t *testing.T) {
	ctx, c, realm := integrationDemo(t)

	prefix, err := c.ListUsers(ctx, realm, UserQuery{Search: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if len(prefix) != 0 {
		t.Fatalf("Keycloak's prefix search for example.com found %v: the fallback would never run", usernames(prefix))
	}
	got, err := c.ListUsersOrContaining(ctx, realm, UserQuery{Search: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	names := usernames(got.Items)
	if !got.Contains || got.Search != "*example.com*" || !slices.Contains(names, "alice") || !slices.Contains(names, "bob") {
		t.Fatalf("fallback = contains %v search %q users %v", got.Contains, got.Search, names)
	}
	n, err := c.CountUsers(ctx, realm, UserQuery{Search: got.Search})
	if err != nil || n < len(got.Items) {
		t.Fatalf("count of %q = %d, %v", got.Search, n, err)
	}

	got, err = c.ListUsersOrContaining(ctx, realm, UserQuery{Search: "ali"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Contains || got.Search != "ali" || !slices.Contains(usernames(got.Items), "alice") {
		t.Fatalf("prefix ali = contains %v search %q users %v", got.Contains, got.Search, usernames(got.Items))
	}
}
