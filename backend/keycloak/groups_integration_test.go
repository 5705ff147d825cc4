//go:build integration

package keycloak

import (
	"context"
	"errors"
	"testing"
)

// throwawayGroup creates a top-level group in realm, deleted when the test
// ends (which also removes its subgroups and memberships).
func throwawayGroup(t *testing.T, c *Client, realm, prefix string) Group {
	t.Helper()
	return throwaway(t, "group "+prefix,
		func() (Group, error) { return c.CreateGroup(context.Background(), realm, "", uniqueName(prefix)) },
		func(g Group) error { return c.DeleteGroup(context.Background(), realm, g.ID) })
}

func TestIntegrationGroupTree(t *testing.T) {
	ctx, c, realm := integrationDemo(t)

	top := throwawayGroup(t, c, realm, "zz-tree")
	if top.Path != "/"+top.Name || top.SubGroupCount != 0 {
		t.Fatalf("created group = %+v, want a top-level group without children", top)
	}
	child, err := c.CreateGroup(ctx, realm, top.ID, "berlin")
	if err != nil {
		t.Fatalf("create child: %v", err)
	}
	if child.ParentID != top.ID || child.Path != top.Path+"/berlin" {
		t.Fatalf("child = %+v, want parent %s and path %s/berlin", child, top.ID, top.Path)
	}
	if _, err := c.CreateGroup(ctx, realm, top.ID, "paris"); err != nil {
		t.Fatalf("create second child: %v", err)
	}
	if _, err := c.CreateGroup(ctx, realm, top.ID, "berlin"); !errors.Is(err, ErrConflict) {
		t.Fatalf("a second child named berlin: err = %v, want ErrConflict", err)
	}
	if _, err := c.CreateGroup(ctx, realm, "", "  "); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("blank name: err = %v, want ErrInvalidInput", err)
	}

	// Children page by page, with the parent's child count as the total.
	first, err := c.ListGroupChildren(ctx, realm, top.ID, 0, 1)
	if err != nil {
		t.Fatalf("ListGroupChildren: %v", err)
	}
	second, err := c.ListGroupChildren(ctx, realm, top.ID, 1, 1)
	if err != nil {
		t.Fatalf("ListGroupChildren page 2: %v", err)
	}
	if first.Total != 2 || len(first.Items) != 1 || len(second.Items) != 1 || first.Items[0].ID == second.Items[0].ID {
		t.Fatalf("children pages = %+v / %+v, want two pages of one child each, total 2", first, second)
	}

	// The top-level list counts top-level groups only and finds ours.
	all, err := c.ListGroups(ctx, realm, "", 0, 500)
	if err != nil {
		t.Fatalf("ListGroups: %v", err)
	}
	if !containsGroup(all.Items, top.ID) || containsGroup(all.Items, child.ID) || all.Total < 2 {
		t.Fatalf("top-level groups = %+v, want ours and not its child", all)
	}

	// A search returns the matching child inside its top-level group.
	found, err := c.ListGroups(ctx, realm, top.Name, 0, 10)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	if len(found.Items) != 1 || found.Items[0].ID != top.ID {
		t.Fatalf("search %q = %+v, want only our top-level group", top.Name, found.Items)
	}
	deep, err := c.ListGroups(ctx, realm, "berlin", 0, 100)
	if err != nil {
		t.Fatalf("search berlin: %v", err)
	}
	var branch *Group
	for i := range deep.Items {
		if deep.Items[i].ID == top.ID {
			branch = &deep.Items[i]
		}
	}
	if branch == nil || !containsGroup(branch.SubGroups, child.ID) || containsGroupNamed(branch.SubGroups, "paris") {
		t.Fatalf("search berlin = %+v, want our group with only the berlin branch", deep.Items)
	}

	// Renaming the parent moves the child's path.
	newName := uniqueName("zz-renamed")
	if err := c.RenameGroup(ctx, realm, top.ID, newName); err != nil {
		t.Fatalf("RenameGroup: %v", err)
	}
	moved, err := c.GetGroup(ctx, realm, child.ID)
	if err != nil {
		t.Fatalf("GetGroup: %v", err)
	}
	if moved.Path != "/"+newName+"/berlin" {
		t.Fatalf("child path after rename = %q, want /%s/berlin", moved.Path, newName)
	}

	// Deleting the parent takes its child with it.
	wantDeleted(t, "the parent group", c.DeleteGroup(ctx, realm, top.ID), func() error {
		_, err := c.GetGroup(ctx, realm, child.ID)
		return err
	})
}

func TestIntegrationGroupMembers(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	g := throwawayGroup(t, c, realm, "zz-members")
	bob, carol := findUser(t, c, realm, "bob"), findUser(t, c, realm, "carol")
	for _, id := range []string{bob.ID, carol.ID} {
		if err := c.JoinGroup(ctx, realm, id, g.ID); err != nil {
			t.Fatalf("JoinGroup: %v", err)
		}
	}

	page, err := c.ListGroupMembers(ctx, realm, g.ID, 0, 1)
	if err != nil {
		t.Fatalf("ListGroupMembers: %v", err)
	}
	if len(page.Items) != 1 || !page.Estimated || page.Total != 2 {
		t.Fatalf("first page of one = %+v, want one member and an open-ended total of 2", page)
	}
	page, err = c.ListGroupMembers(ctx, realm, g.ID, 0, 10)
	if err != nil {
		t.Fatalf("ListGroupMembers: %v", err)
	}
	byName := usersByName(page.Items)
	if len(page.Items) != 2 || page.Estimated || page.Total != 2 || !byName["bob"].Enabled || byName["carol"].Enabled {
		t.Fatalf("members = %+v, want bob (enabled) and carol (disabled), total 2", page)
	}

	if err := c.LeaveGroup(ctx, realm, carol.ID, g.ID); err != nil {
		t.Fatalf("LeaveGroup: %v", err)
	}
	page, err = c.ListGroupMembers(ctx, realm, g.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Username != "bob" {
		t.Fatalf("members after carol left = %+v, want bob", page.Items)
	}
}

func TestIntegrationGroupRoleMappings(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	parent := throwawayGroup(t, c, realm, "zz-roles")
	child, err := c.CreateGroup(ctx, realm, parent.ID, "sub")
	if err != nil {
		t.Fatal(err)
	}
	account := findClient(t, c, realm, "account")

	if err := c.AssignGroupRealmRoles(ctx, realm, parent.ID, []string{"user"}); err != nil {
		t.Fatalf("AssignGroupRealmRoles: %v", err)
	}
	if err := c.AssignGroupClientRoles(ctx, realm, parent.ID, account.ID, []string{"view-profile"}); err != nil {
		t.Fatalf("AssignGroupClientRoles: %v", err)
	}
	if err := c.AssignGroupRealmRoles(ctx, realm, parent.ID, []string{"no-such-role"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("assigning an unknown role: err = %v, want ErrNotFound", err)
	}

	roles, err := c.GroupRoleMappings(ctx, realm, parent.ID)
	if err != nil {
		t.Fatalf("GroupRoleMappings: %v", err)
	}
	if names := roleLabels(roles.Realm); len(names) != 1 || names[0] != "user" {
		t.Fatalf("direct realm roles = %v, want [user]", names)
	}
	if names := roleLabels(roles.Client); len(names) != 1 || names[0] != "account:view-profile" {
		t.Fatalf("direct client roles = %v, want [account:view-profile]", names)
	}

	// The subgroup has no roles of its own but inherits the parent's.
	inherited, err := c.GroupRoleMappings(ctx, realm, child.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(inherited.Realm) != 0 || !hasRoleLabel(inherited.EffectiveRealm, "user") || !hasRoleLabel(inherited.EffectiveClient, "account:view-profile") {
		t.Fatalf("subgroup roles = %+v, want none direct and user, account:view-profile effective", inherited)
	}

	available, err := c.AvailableGroupRealmRoles(ctx, realm, parent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if hasRoleLabel(available, "user") || !hasRoleLabel(available, "admin") {
		t.Fatalf("available realm roles = %v, want admin and not user", roleLabels(available))
	}
	availableClient, err := c.AvailableGroupClientRoles(ctx, realm, parent.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if hasRoleLabel(availableClient, "account:view-profile") || !hasRoleLabel(availableClient, "account:manage-account") {
		t.Fatalf("available client roles = %v, want manage-account and not view-profile", roleLabels(availableClient))
	}

	if err := c.RemoveGroupRealmRoles(ctx, realm, parent.ID, []string{"user"}); err != nil {
		t.Fatalf("RemoveGroupRealmRoles: %v", err)
	}
	if err := c.RemoveGroupClientRoles(ctx, realm, parent.ID, account.ID, []string{"view-profile"}); err != nil {
		t.Fatalf("RemoveGroupClientRoles: %v", err)
	}
	roles, err = c.GroupRoleMappings(ctx, realm, parent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(roles.Realm) != 0 || len(roles.Client) != 0 {
		t.Fatalf("roles after removal = %+v, want none", roles)
	}
}

func containsGroup(gs []Group, id string) bool {
	for _, g := range gs {
		if g.ID == id {
			return true
		}
	}
	return false
}

func containsGroupNamed(gs []Group, name string) bool {
	for _, g := range gs {
		if g.Name == name || containsGroupNamed(g.SubGroups, name) {
			return true
		}
	}
	return false
}
