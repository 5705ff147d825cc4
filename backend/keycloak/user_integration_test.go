//go:build integration

package keycloak

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// seedRealm gives a throwaway realm a realm role, a group holding a second
// role, and a public client with direct access grants for logging users in.
func seedRealm(t *testing.T, c *Client, realm string) (groupID string) {
	t.Helper()
	ctx := context.Background()
	for _, role := range []string{"tester", "viewer"} {
		rawCreate(t, c, adminPath("realms", realm, "roles"), map[string]any{"name": role})
	}
	groupID = rawCreate(t, c, adminPath("realms", realm, "groups"), map[string]any{"name": "team"})
	if err := c.AssignGroupRealmRoles(ctx, realm, groupID, []string{"viewer"}); err != nil {
		t.Fatal(err)
	}
	rawCreate(t, c, adminPath("realms", realm, "clients"), map[string]any{
		"clientId": "cli", "publicClient": true, "directAccessGrantsEnabled": true,
	})
	return groupID
}

// loginAs opens a session for the user through the direct grant.
func loginAs(t *testing.T, realm, username, password string) {
	t.Helper()
	resp := passwordGrant(t, realm, "cli", username, password)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login as %s: status %d", username, resp.StatusCode)
	}
}

func TestIntegrationUserLifecycle(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	groupID := seedRealm(t, c, realm)

	id, err := c.CreateUser(ctx, realm, UserInput{Username: "dora", Email: "dora@example.com", FirstName: "Dora", LastName: "Diaz", Enabled: true})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if _, err := c.CreateUser(ctx, realm, UserInput{Username: "dora", Enabled: true}); !isErr(err, ErrConflict) {
		t.Fatalf("duplicate CreateUser: err = %v, want ErrConflict", err)
	}
	if _, err := c.CreateUser(ctx, realm, UserInput{Username: "dorian", FirstName: "Dorian", Enabled: true}); err != nil {
		t.Fatal(err)
	}

	t.Run("search", func(t *testing.T) {
		for _, tc := range []struct {
			what         string
			q            UserQuery
			total, items int
			firstID      string // the first item's id; "" when any
		}{
			{"prefix search, want dora and dorian", UserQuery{Search: "dor"}, 2, 2, ""},
			{"exact search, want only dora", UserQuery{Search: "dora", Exact: true}, 1, 1, id},
			{"second page of one", UserQuery{Search: "dor", Max: 1, First: 1}, 2, 1, ""},
			{"email search, want dora", UserQuery{Email: "dora@example.com", Exact: true}, 1, 1, id},
		} {
			page, err := c.SearchUsers(ctx, realm, tc.q)
			if err != nil {
				t.Fatalf("%s: %v", tc.what, err)
			}
			if page.Total != tc.total || len(page.Items) != tc.items || (tc.firstID != "" && page.Items[0].ID != tc.firstID) {
				t.Fatalf("%s: %+v, want total %d and %d items", tc.what, page, tc.total, tc.items)
			}
		}
	})

	t.Run("update and attributes", func(t *testing.T) {
		in := UserInput{Username: "dora", Email: "dora@example.com", FirstName: "Dorothea", LastName: "Diaz", Enabled: true,
			EmailVerified: true, RequiredActions: []string{"UPDATE_PASSWORD"}}
		if err := c.UpdateUser(ctx, realm, id, in); err != nil {
			t.Fatalf("UpdateUser: %v", err)
		}
		u, err := c.GetUser(ctx, realm, id)
		if err != nil {
			t.Fatal(err)
		}
		if u.FirstName != "Dorothea" || u.LastName != "Diaz" || !u.EmailVerified || !slices.Equal(u.RequiredActions, []string{"UPDATE_PASSWORD"}) {
			t.Fatalf("after update: %+v", u)
		}

		in.Attributes = map[string][]string{"dept": {"eng"}}
		if err := c.UpdateUser(ctx, realm, id, in); !isErr(err, ErrInvalidInput) {
			t.Fatalf("attribute in a realm without unmanaged attributes: err = %v, want ErrInvalidInput", err)
		}
		settings, _ := c.GetRealm(ctx, realm)
		settings.Settings.UnmanagedAttributes = UnmanagedAdminEdit
		if err := c.UpdateRealmSettings(ctx, realm, settings.Settings); err != nil {
			t.Fatal(err)
		}
		if err := c.UpdateUser(ctx, realm, id, in); err != nil {
			t.Fatalf("UpdateUser with attributes: %v", err)
		}
		// An update without attributes keeps them.
		in.Attributes = nil
		in.FirstName = "Dora"
		if err := c.UpdateUser(ctx, realm, id, in); err != nil {
			t.Fatal(err)
		}
		u, _ = c.GetUser(ctx, realm, id)
		if !slices.Equal(u.Attributes["dept"], []string{"eng"}) || u.FirstName != "Dora" {
			t.Fatalf("attributes after update = %v, first name %q", u.Attributes, u.FirstName)
		}
		page, err := c.SearchUsers(ctx, realm, UserQuery{Attributes: "dept:eng"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || page.Items[0].ID != id {
			t.Fatalf("attribute query: %+v", page)
		}
	})

	t.Run("password and credentials", func(t *testing.T) {
		if err := c.ResetPassword(ctx, realm, id, "Secret-123", false); err != nil {
			t.Fatalf("ResetPassword: %v", err)
		}
		creds, err := c.ListCredentials(ctx, realm, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(creds) != 1 || creds[0].Type != "password" {
			t.Fatalf("credentials = %+v, want one password", creds)
		}
		if err := c.DeleteCredential(ctx, realm, id, creds[0].ID); err != nil {
			t.Fatalf("DeleteCredential: %v", err)
		}
		if creds, _ = c.ListCredentials(ctx, realm, id); len(creds) != 0 {
			t.Fatalf("credentials after delete = %+v", creds)
		}
		if err := c.ResetPassword(ctx, realm, id, "Secret-123", true); err != nil {
			t.Fatal(err)
		}
		u, _ := c.GetUser(ctx, realm, id)
		if !slices.Contains(u.RequiredActions, "UPDATE_PASSWORD") {
			t.Fatalf("temporary password: required actions = %v", u.RequiredActions)
		}
	})

	t.Run("roles and groups", func(t *testing.T) {
		if err := c.AssignRealmRoles(ctx, realm, id, []string{"tester"}); err != nil {
			t.Fatalf("AssignRealmRoles: %v", err)
		}
		if err := c.AssignRealmRoles(ctx, realm, id, []string{"no-such-role"}); !isErr(err, ErrNotFound) || !strings.Contains(err.Error(), "no-such-role") {
			t.Fatalf("unknown role: err = %v", err)
		}
		if err := c.JoinGroup(ctx, realm, id, groupID); err != nil {
			t.Fatalf("JoinGroup: %v", err)
		}
		groups, err := c.UserGroups(ctx, realm, id)
		if err != nil || len(groups) != 1 || groups[0].Path != "/team" {
			t.Fatalf("groups = %+v, %v", groups, err)
		}
		roles, err := c.UserRoleMappings(ctx, realm, id)
		if err != nil {
			t.Fatal(err)
		}
		if !hasRole(roles.Realm, "tester") || hasRole(roles.Realm, "viewer") {
			t.Fatalf("direct realm roles = %+v, want tester only", roles.Realm)
		}
		if !hasRole(roles.EffectiveRealm, "tester") || !hasRole(roles.EffectiveRealm, "viewer") {
			t.Fatalf("effective realm roles = %+v, want tester and viewer (from the group)", roles.EffectiveRealm)
		}
		avail, err := c.AvailableClientRoles(ctx, realm, id, "manage-account")
		if err != nil || len(avail) == 0 {
			t.Fatalf("available client roles = %+v, %v", avail, err)
		}
		if err := c.AssignClientRoles(ctx, realm, id, avail[0].ClientUUID, []string{avail[0].Name}); err != nil {
			t.Fatalf("AssignClientRoles: %v", err)
		}
		roles, _ = c.UserRoleMappings(ctx, realm, id)
		if !hasRole(roles.Client, avail[0].Name) || !hasRole(roles.EffectiveClient, avail[0].Name) {
			t.Fatalf("client roles = %+v / %+v", roles.Client, roles.EffectiveClient)
		}
		if err := c.RemoveClientRoles(ctx, realm, id, avail[0].ClientUUID, []string{avail[0].Name}); err != nil {
			t.Fatal(err)
		}
		if err := c.RemoveRealmRoles(ctx, realm, id, []string{"tester"}); err != nil {
			t.Fatal(err)
		}
		if err := c.LeaveGroup(ctx, realm, id, groupID); err != nil {
			t.Fatal(err)
		}
		roles, _ = c.UserRoleMappings(ctx, realm, id)
		if hasRole(roles.EffectiveRealm, "tester") || hasRole(roles.EffectiveRealm, "viewer") || hasRole(roles.Client, avail[0].Name) {
			t.Fatalf("roles after removal = %+v", roles)
		}
		found, err := c.FindGroups(ctx, realm, "tea", 10)
		if err != nil || len(found) != 1 || found[0].ID != groupID {
			t.Fatalf("FindGroups = %+v, %v", found, err)
		}
		byPath, err := c.GroupByPath(ctx, realm, "team")
		if err != nil || byPath.ID != groupID {
			t.Fatalf("GroupByPath = %+v, %v", byPath, err)
		}
	})

	t.Run("sessions", func(t *testing.T) {
		bob, err := c.CreateUser(ctx, realm, UserInput{Username: "bob", Email: "bob@example.com", FirstName: "Bob", LastName: "B", Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ResetPassword(ctx, realm, bob, "Secret-123", false); err != nil {
			t.Fatal(err)
		}
		loginAs(t, realm, "bob", "Secret-123")
		loginAs(t, realm, "bob", "Secret-123")
		s, err := c.ListUserSessions(ctx, realm, bob)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Sessions) != 2 || s.AccessTokenLifespan <= 0 || !slices.Contains(s.Sessions[0].Clients, "cli") {
			t.Fatalf("sessions = %+v, want two with client cli and the lifespan", s)
		}
		if err := c.SignOutSession(ctx, realm, s.Sessions[0].ID); err != nil {
			t.Fatalf("SignOutSession: %v", err)
		}
		if s, _ = c.ListUserSessions(ctx, realm, bob); len(s.Sessions) != 1 {
			t.Fatalf("sessions after signing out one = %d, want 1", len(s.Sessions))
		}
		loginAs(t, realm, "bob", "Secret-123")
		if err := c.SignOutUser(ctx, realm, bob); err != nil {
			t.Fatalf("SignOutUser: %v", err)
		}
		if s, _ = c.ListUserSessions(ctx, realm, bob); len(s.Sessions) != 0 {
			t.Fatalf("sessions after signing out all = %d, want 0", len(s.Sessions))
		}
	})

	if err := c.DeleteUser(ctx, realm, id); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if _, err := c.GetUser(ctx, realm, id); !isErr(err, ErrNotFound) {
		t.Fatalf("GetUser after delete: err = %v, want ErrNotFound", err)
	}
}

func TestIntegrationRequiredActionsList(t *testing.T) {
	c := integrationClient(t)
	actions, err := c.ListRequiredActions(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	aliases := mapItems(actions, func(a RequiredAction) string { return a.Alias })
	if !slices.Contains(aliases, "UPDATE_PASSWORD") || !slices.Contains(aliases, "VERIFY_EMAIL") {
		t.Fatalf("required actions = %v", aliases)
	}
}

func hasRole(rs []RoleRef, name string) bool {
	return slices.ContainsFunc(rs, func(r RoleRef) bool { return r.Name == name })
}
