//go:build integration

package keycloak

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// allReach pages through UsersWithAnyRole with the given page size.
func allReach(t *testing.T, c *Client, realm string, roles []RoleName, max int) []UserRef {
	t.Helper()
	var all []UserRef
	for first := 0; ; first += max {
		page, err := c.UsersWithAnyRole(context.Background(), realm, roles, first, max)
		if err != nil {
			t.Fatalf("UsersWithAnyRole(%v, %d, %d): %v", roles, first, max, err)
		}
		all = append(all, page.Items...)
		if !page.Estimated {
			if page.Total != first+len(page.Items) {
				t.Fatalf("last page total = %d, want %d", page.Total, first+len(page.Items))
			}
			return all
		}
		if len(page.Items) != max {
			t.Fatalf("open-ended page with %d items, want %d", len(page.Items), max)
		}
	}
}

func TestIntegrationReachDemoRealm(t *testing.T) {
	c := integrationClient(t)
	const realm = "demo"

	admins := usersByName(allReach(t, c, realm, []RoleName{{Name: "admin"}}, 20))
	if a, ok := admins["alice"]; !ok || a.Via != "role admin" || !a.Enabled {
		t.Fatalf("admin reach = %+v, want alice directly", admins)
	}
	for _, nobody := range []string{"bob", "carol", "service-account-tandem-service"} {
		if _, ok := admins[nobody]; ok {
			t.Errorf("%s reaches an admin route", nobody)
		}
	}

	// alice holds user directly and through /staff: listed once.
	list := allReach(t, c, realm, []RoleName{{Name: "user"}}, 1)
	users := usersByName(list)
	if len(users) != len(list) {
		t.Fatalf("a user is listed twice: %+v", list)
	}
	for _, name := range []string{"alice", "bob"} {
		if u, ok := users[name]; !ok || !u.Enabled || u.ServiceAccount {
			t.Errorf("user reach lacks %s or marks it wrongly: %+v", name, u)
		}
	}
	sa, ok := users["service-account-tandem-service"]
	if !ok || !sa.ServiceAccount || sa.ServiceAccountClientID != "tandem-service" {
		t.Errorf("user reach = %+v, want the tandem-service service account, marked", sa)
	}
	if _, ok := users["carol"]; ok {
		t.Errorf("carol holds no role but reaches a user route")
	}

	// Both roles at once: the union, each person once.
	both := allReach(t, c, realm, []RoleName{{Name: "admin"}, {Name: "user"}}, 2)
	if len(usersByName(both)) != len(both) || len(both) < 3 {
		t.Fatalf("admin or user = %+v, want alice, bob and the service account once each", both)
	}

	if _, err := c.UsersWithAnyRole(context.Background(), realm, []RoleName{{Name: "no-such-role"}}, 0, 10); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown role: err = %v, want ErrNotFound", err)
	}
	if _, err := c.UsersWithAnyRole(context.Background(), realm, []RoleName{{ClientID: "nope", Name: "user"}}, 0, 10); !errors.Is(err, ErrNotFound) {
		t.Fatalf("role of an unknown client: err = %v, want ErrNotFound", err)
	}
}

// TestIntegrationReachThroughCompositesAndSubgroups builds, with throwaway
// names in the demo realm: client role api:read, contained in realm role
// reader, contained in realm role power. bob holds api:read directly; a group
// holds power and carol (disabled) is a member of its subgroup.
func TestIntegrationReachThroughCompositesAndSubgroups(t *testing.T) {
	ctx, c, realm := integrationDemo(t)

	api := throwawayClient(t, c, realm, OIDCClientInput{ServiceAccount: true})
	read := throwawayRole(t, c, realm, api.ID, "read")
	reader := throwawayRealmRole(t, c, realm, "zz-reader")
	power := throwawayRealmRole(t, c, realm, "zz-power")
	if err := c.AddRoleComposites(ctx, realm, "", reader.Name, []RoleRef{{ID: read.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := c.AddRoleComposites(ctx, realm, "", power.Name, []RoleRef{{ID: reader.ID}}); err != nil {
		t.Fatal(err)
	}
	group := throwawayGroup(t, c, realm, "zz-reach")
	sub, err := c.CreateGroup(ctx, realm, group.ID, "night-shift")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AssignGroupRealmRoles(ctx, realm, group.ID, []string{power.Name}); err != nil {
		t.Fatal(err)
	}
	bob, carol := findUser(t, c, realm, "bob"), findUser(t, c, realm, "carol")
	if err := c.AssignClientRoles(ctx, realm, bob.ID, api.ID, []string{read.Name}); err != nil {
		t.Fatal(err)
	}
	// Deleting the role removes bob's mapping too; be explicit anyway.
	t.Cleanup(func() { _ = c.RemoveClientRoles(context.Background(), realm, bob.ID, api.ID, []string{read.Name}) })
	if err := c.JoinGroup(ctx, realm, carol.ID, sub.ID); err != nil {
		t.Fatal(err)
	}

	role := RoleName{ClientID: api.ClientID, Name: read.Name}
	list := allReach(t, c, realm, []RoleName{role}, 1)
	got := usersByName(list)
	if len(got) != 2 || len(list) != 2 {
		t.Fatalf("reach of %s = %+v, want bob and carol", role, list)
	}
	if b := got["bob"]; b.Via != "role "+role.label() || !b.Enabled {
		t.Errorf("bob = %+v, want direct holder", b)
	}
	cr, ok := got["carol"]
	if !ok || cr.Enabled {
		t.Fatalf("carol = %+v, want her listed as disabled", cr)
	}
	if !strings.Contains(cr.Via, sub.Path) || !strings.Contains(cr.Via, group.Path) || !strings.Contains(cr.Via, power.Name) {
		t.Errorf("carol's via = %q, want the subgroup, its parent and the composite role", cr.Via)
	}

	// The realm role in the middle reaches carol too, but not bob.
	mid := usersByName(allReach(t, c, realm, []RoleName{{Name: reader.Name}}, 10))
	if _, ok := mid["carol"]; !ok || len(mid) != 1 {
		t.Fatalf("reach of %s = %+v, want only carol", reader.Name, mid)
	}
}

// Every user of a realm holds offline_access through default-roles: paging
// through them continues the walk, and the pages add up to exactly the
// one long list, in the same order.
func TestIntegrationReachPagesARoleEveryoneHolds(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	const users = 230 // more than two holder batches
	for i := range users {
		if _, err := c.CreateUser(ctx, realm, UserInput{Username: fmt.Sprintf("member%03d", i), Enabled: true}); err != nil {
			t.Fatal(err)
		}
	}
	whole, err := c.UsersWithAnyRole(ctx, realm, []RoleName{{Name: "offline_access"}}, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	if whole.Estimated || len(whole.Items) != users {
		t.Fatalf("one page: %d users (estimated %v), want all %d", len(whole.Items), whole.Estimated, users)
	}
	if via := whole.Items[0].Via; !strings.Contains(via, "default-roles-"+realm) {
		t.Fatalf("via = %q, want the default roles", via)
	}
	paged := allReach(t, c, realm, []RoleName{{Name: "offline_access"}}, 25)
	if len(paged) != users {
		t.Fatalf("pages of 25 hold %d users, want %d", len(paged), users)
	}
	for i := range paged {
		if paged[i].ID != whole.Items[i].ID {
			t.Fatalf("item %d: pages give %s, one page %s", i, paged[i].Username, whole.Items[i].Username)
		}
	}
}
