//go:build integration

package keycloak

import (
	"context"
	"errors"
	"testing"
)

// throwawayRealmRole creates a realm role in realm, deleted when the test ends.
func throwawayRealmRole(t *testing.T, c *Client, realm, prefix string) RoleRef {
	t.Helper()
	return throwawayRole(t, c, realm, "", prefix)
}

func throwawayRole(t *testing.T, c *Client, realm, clientUUID, prefix string) RoleRef {
	t.Helper()
	return throwaway(t, "role "+prefix,
		func() (RoleRef, error) {
			return c.CreateRole(context.Background(), realm, clientUUID, RoleInput{Name: uniqueName(prefix), Description: "throwaway"})
		},
		func(r RoleRef) error { return c.DeleteRole(context.Background(), realm, clientUUID, r.Name) })
}

func TestIntegrationRealmRoleLifecycle(t *testing.T) {
	ctx, c, realm := integrationDemo(t)

	r := throwawayRealmRole(t, c, realm, "zz-role")
	if r.ID == "" || r.Description != "throwaway" || r.ClientID != "" || r.Composite {
		t.Fatalf("created role = %+v", r)
	}
	if _, err := c.CreateRole(ctx, realm, "", RoleInput{Name: r.Name}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate role: err = %v, want ErrConflict", err)
	}
	if _, err := c.CreateRole(ctx, realm, "", RoleInput{Name: "a/b"}); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("role with a slash: err = %v, want ErrInvalidInput", err)
	}

	found, err := c.ListRoles(ctx, realm, "", r.Name, 0, 10)
	if err != nil {
		t.Fatalf("ListRoles: %v", err)
	}
	if len(found.Items) != 1 || found.Items[0].ID != r.ID || found.Total != 1 {
		t.Fatalf("search %q = %+v, want exactly our role", r.Name, found)
	}
	firstPage, err := c.ListRoles(ctx, realm, "", "", 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(firstPage.Items) != 2 || !firstPage.Estimated || firstPage.Total != 3 {
		t.Fatalf("first page of two = %+v, want two roles and an open-ended total", firstPage)
	}

	renamed := uniqueName("zz-renamed")
	if err := c.UpdateRole(ctx, realm, "", r.Name, RoleInput{Name: renamed, Description: "changed"}); err != nil {
		t.Fatalf("UpdateRole: %v", err)
	}
	got, err := c.GetRole(ctx, realm, "", renamed)
	if err != nil {
		t.Fatalf("GetRole after rename: %v", err)
	}
	if got.ID != r.ID || got.Description != "changed" {
		t.Fatalf("renamed role = %+v, want the same id with the new description", got)
	}
	if _, err := c.GetRole(ctx, realm, "", r.Name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old name after rename: err = %v, want ErrNotFound", err)
	}
	if err := c.DeleteRole(ctx, realm, "", renamed); err != nil {
		t.Fatalf("DeleteRole: %v", err)
	}
	if _, err := c.GetRole(ctx, realm, "", renamed); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted role: err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationClientRoleLifecycle(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	cl := throwawayClient(t, c, realm, OIDCClientInput{Public: true, StandardFlow: true, RootURL: "http://127.0.0.1:3000", RedirectURIs: []string{"/*"}})

	r := throwawayRole(t, c, realm, cl.ID, "editor")
	if r.ClientUUID != cl.ID || r.ClientID != cl.ClientID {
		t.Fatalf("client role = %+v, want it to name client %s", r, cl.ClientID)
	}
	page, err := c.ListRoles(ctx, realm, cl.ID, "", 0, 10)
	if err != nil {
		t.Fatalf("ListRoles of the client: %v", err)
	}
	if len(page.Items) != 1 || page.Items[0].Name != r.Name || page.Items[0].ClientID != cl.ClientID {
		t.Fatalf("client roles = %+v, want only %s", page.Items, r.Name)
	}
	if err := c.UpdateRole(ctx, realm, cl.ID, r.Name, RoleInput{Name: r.Name, Description: "edits"}); err != nil {
		t.Fatalf("UpdateRole: %v", err)
	}
	got, err := c.GetRole(ctx, realm, cl.ID, r.Name)
	if err != nil || got.Description != "edits" {
		t.Fatalf("GetRole = %+v, %v; want the new description", got, err)
	}
	// A realm role of the same name is a different role.
	if _, err := c.GetRole(ctx, realm, "", r.Name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("realm role with the client role's name: err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationRoleComposites(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	cl := throwawayClient(t, c, realm, OIDCClientInput{Public: true})
	top := throwawayRealmRole(t, c, realm, "zz-top")
	middle := throwawayRealmRole(t, c, realm, "zz-middle")
	leaf := throwawayRole(t, c, realm, cl.ID, "zz-leaf")

	// top ⊃ middle ⊃ client role leaf; top also contains "user" by name.
	if err := c.AddRoleComposites(ctx, realm, "", top.Name, []RoleRef{{ID: middle.ID}, {Name: "user"}}); err != nil {
		t.Fatalf("AddRoleComposites: %v", err)
	}
	if err := c.AddRoleComposites(ctx, realm, "", middle.Name, []RoleRef{{Name: leaf.Name, ClientUUID: cl.ID}}); err != nil {
		t.Fatalf("AddRoleComposites client role: %v", err)
	}
	if err := c.AddRoleComposites(ctx, realm, "", top.Name, []RoleRef{{ID: top.ID}}); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("role containing itself: err = %v, want ErrInvalidInput", err)
	}
	if err := c.AddRoleComposites(ctx, realm, "", top.Name, []RoleRef{{Name: "no-such-role"}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown composite: err = %v, want ErrNotFound", err)
	}

	direct, err := c.ListRoleComposites(ctx, realm, "", top.Name)
	if err != nil {
		t.Fatalf("ListRoleComposites: %v", err)
	}
	if got := roleLabels(direct); len(got) != 2 || !hasRoleLabel(direct, middle.Name) || !hasRoleLabel(direct, "user") {
		t.Fatalf("direct composites = %v, want %s and user", got, middle.Name)
	}
	effective, err := c.EffectiveRoleComposites(ctx, realm, "", top.Name)
	if err != nil {
		t.Fatalf("EffectiveRoleComposites: %v", err)
	}
	if got := roleLabels(effective); len(got) != 3 || !hasRoleLabel(effective, cl.ClientID+":"+leaf.Name) {
		t.Fatalf("effective composites = %v, want %s, user and %s:%s", got, middle.Name, cl.ClientID, leaf.Name)
	}
	got, err := c.GetRole(ctx, realm, "", top.Name)
	if err != nil || !got.Composite {
		t.Fatalf("top after adding composites = %+v, %v; want composite", got, err)
	}

	if err := c.RemoveRoleComposites(ctx, realm, "", top.Name, []RoleRef{{ID: middle.ID}, {Name: "user"}}); err != nil {
		t.Fatalf("RemoveRoleComposites: %v", err)
	}
	direct, err = c.ListRoleComposites(ctx, realm, "", top.Name)
	if err != nil || len(direct) != 0 {
		t.Fatalf("composites after removal = %v, %v; want none", roleLabels(direct), err)
	}
}

func TestIntegrationRoleHolders(t *testing.T) {
	ctx, c, realm := integrationDemo(t)

	admins, err := c.ListRoleUsers(ctx, realm, "", "admin", 0, 100)
	if err != nil {
		t.Fatalf("ListRoleUsers admin: %v", err)
	}
	names := usersByName(admins.Items)
	if _, ok := names["alice"]; !ok {
		t.Fatalf("admin holders = %+v, want alice", admins.Items)
	}
	if _, ok := names["bob"]; ok {
		t.Fatalf("admin holders = %+v, bob does not hold admin", admins.Items)
	}

	users, err := c.ListRoleUsers(ctx, realm, "", "user", 0, 100)
	if err != nil {
		t.Fatalf("ListRoleUsers user: %v", err)
	}
	names = usersByName(users.Items)
	sa := names["service-account-tandem-service"]
	if !sa.ServiceAccount || sa.ServiceAccountClientID != "tandem-service" {
		t.Fatalf("service account in user holders = %+v, want it marked as tandem-service's", sa)
	}
	if names["bob"].ServiceAccount || names["alice"].ServiceAccount {
		t.Fatalf("people marked as service accounts: %+v", users.Items)
	}

	groups, err := c.ListRoleGroups(ctx, realm, "", "user", 0, 100)
	if err != nil {
		t.Fatalf("ListRoleGroups: %v", err)
	}
	var staff bool
	for _, g := range groups.Items {
		staff = staff || g.Path == "/staff"
	}
	if !staff {
		t.Fatalf("groups with user = %+v, want /staff", groups.Items)
	}

	if _, err := c.ListRoleUsers(ctx, realm, "", "no-such-role", 0, 10); !errors.Is(err, ErrNotFound) {
		t.Fatalf("holders of an unknown role: err = %v, want ErrNotFound", err)
	}
}
