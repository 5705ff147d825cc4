//go:build integration

package userimport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

func TestIntegrationImportIntoARealm(t *testing.T) {
	base := os.Getenv("TANDEM_KEYCLOAK_URL")
	if base == "" {
		base = "http://127.0.0.1:8180"
	}
	c, err := keycloak.New(keycloak.Config{BaseURL: base, Username: "admin", Password: "admin", Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	realm := "tandem-import-" + hex.EncodeToString(b)
	if err := c.CreateRealm(ctx, keycloak.NewRealm{Name: realm, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.DeleteRealm(context.Background(), realm); err != nil {
			t.Errorf("delete realm: %v", err)
		}
	})
	// The demo realm's shape: the import needs a group and a role to exist.
	demoLike := `{"roles":{"realm":[{"name":"user"}]},"groups":[{"name":"staff","path":"/staff"}],"ifResourceExists":"SKIP"}`
	if _, err := c.PartialImport(ctx, realm, []byte(demoLike)); err != nil {
		t.Fatalf("seed realm: %v", err)
	}

	csv := "username,email,first name,last name,enabled,groups,realm roles,temporary password\n" +
		"imp1,imp1@example.com,Imp,One,yes,staff,user,Start-123\n" +
		"imp2,imp2@example.com,Imp,Two,no,,,\n" +
		"imp3,bad-email,,,,,,\n" +
		"imp4,imp4@example.com,,,,nope,,\n"
	rows, err := Parse(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	im := New(c, realm, 4)
	plan, err := im.DryRun(ctx, rows)
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if plan.Creates != 2 || plan.Skips != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	if page, _ := c.SearchUsers(ctx, realm, keycloak.UserQuery{Search: "imp"}); page.Total != 0 {
		t.Fatalf("dry run created %d users", page.Total)
	}

	rep, err := im.Apply(ctx, rows, nil)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if rep.Created != 2 || rep.Skipped != 2 || rep.Failed != 0 {
		t.Fatalf("report = %+v", rep)
	}
	u, err := c.FindUserByUsername(ctx, realm, "imp1")
	if err != nil {
		t.Fatal(err)
	}
	full, _ := c.GetUser(ctx, realm, u.ID)
	if !full.Enabled || full.FirstName != "Imp" || !slices.Contains(full.RequiredActions, "UPDATE_PASSWORD") {
		t.Fatalf("imp1 = %+v, want enabled with a temporary password", full)
	}
	groups, _ := c.UserGroups(ctx, realm, u.ID)
	roles, _ := c.UserRoleMappings(ctx, realm, u.ID)
	if len(groups) != 1 || groups[0].Path != "/staff" || !slices.ContainsFunc(roles.Realm, func(r keycloak.RoleRef) bool { return r.Name == "user" }) {
		t.Fatalf("imp1 groups %+v roles %+v", groups, roles.Realm)
	}
	if u2, _ := c.FindUserByUsername(ctx, realm, "imp2"); u2.Enabled {
		t.Fatal("imp2 should be disabled")
	}

	// Importing again only updates what differs.
	rows[1].FirstName = "Second"
	rep, err = im.Apply(ctx, rows[1:2], nil)
	if err != nil || rep.Updated != 1 {
		t.Fatalf("re-import: %+v, %v", rep, err)
	}
	if u2, _ := c.FindUserByUsername(ctx, realm, "imp2"); u2.FirstName != "Second" || u2.LastName != "Two" {
		t.Fatalf("imp2 after update = %+v", u2)
	}
}
