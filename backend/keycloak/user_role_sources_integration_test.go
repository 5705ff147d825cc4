//go:build integration

package keycloak

import (
	"reflect"
	"slices"
	"testing"
)

// Every effective role of a user says where it comes from: assigned
// directly, through a group or its parent group, through a composite role,
// or several of these; and the roles listed are exactly those Keycloak
// says the user holds.
func TestIntegrationUserEffectiveRolesWithSources(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	appID := rawCreate(t, c, adminPath("realms", realm, "clients"), map[string]any{"clientId": "app", "publicClient": true})
	view, err := c.CreateRole(ctx, realm, appID, RoleInput{Name: "view"})
	must(err)
	roles := map[string]RoleRef{}
	for _, name := range []string{"base", "reader", "editor", "tester"} {
		r, err := c.CreateRole(ctx, realm, "", RoleInput{Name: name})
		must(err)
		roles[name] = r
	}
	// editor contains reader, which contains base and the client role app:view.
	must(c.AddRoleComposites(ctx, realm, "", "reader", []RoleRef{{ID: roles["base"].ID}, {ID: view.ID}}))
	must(c.AddRoleComposites(ctx, realm, "", "editor", []RoleRef{{ID: roles["reader"].ID}}))
	org, err := c.CreateGroup(ctx, realm, "", "org")
	must(err)
	team, err := c.CreateGroup(ctx, realm, org.ID, "team")
	must(err)
	must(c.AssignGroupRealmRoles(ctx, realm, org.ID, []string{"reader"}))
	must(c.AssignGroupRealmRoles(ctx, realm, team.ID, []string{"tester"}))
	uid, err := c.CreateUser(ctx, realm, UserInput{Username: "dana", Enabled: true})
	must(err)
	must(c.JoinGroup(ctx, realm, uid, team.ID))
	must(c.AssignRealmRoles(ctx, realm, uid, []string{"editor", "base"}))

	got, err := c.UserEffectiveRoles(ctx, realm, uid)
	must(err)
	sources := map[string][]RoleSource{}
	for _, e := range got {
		if len(e.Sources) == 0 {
			t.Errorf("%s has no source", roleRefLabel(e.Role))
		}
		sources[roleRefLabel(e.Role)] = e.Sources
	}
	direct := RoleSource{Kind: SourceDirect}
	composite := func(role string) RoleSource { return RoleSource{Kind: SourceComposite, Role: role} }
	group := func(path string) RoleSource { return RoleSource{Kind: SourceGroup, Group: path} }
	want := map[string][]RoleSource{
		"editor":   {direct},
		"base":     {direct, composite("reader")},
		"reader":   {group("/org"), composite("editor")},
		"tester":   {group("/org/team")},
		"app:view": {composite("reader")},
		// Every new user gets the realm's default roles, a composite.
		"default-roles-" + realm: {direct},
		"offline_access":         {composite("default-roles-" + realm)},
	}
	for role, w := range want {
		if !reflect.DeepEqual(sources[role], w) {
			t.Errorf("%s: sources %+v, want %+v", role, sources[role], w)
		}
	}

	// The same roles as Keycloak's own effective lists, no more, no fewer.
	kc, err := c.UserRoleMappings(ctx, realm, uid)
	must(err)
	var wantIDs, gotIDs []string
	for _, r := range append(kc.EffectiveRealm, kc.EffectiveClient...) {
		wantIDs = append(wantIDs, r.ID)
	}
	for _, e := range got {
		gotIDs = append(gotIDs, e.Role.ID)
	}
	slices.Sort(wantIDs)
	slices.Sort(gotIDs)
	if !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("effective roles differ from Keycloak's:\n got %v\nwant %v\n(%+v)", gotIDs, wantIDs, got)
	}
}
