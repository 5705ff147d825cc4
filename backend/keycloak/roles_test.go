package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func init() {
	readOnlyCase("CreateRole", func(ctx context.Context, c *Client) error {
		_, err := c.CreateRole(ctx, "r", "", RoleInput{Name: "x"})
		return err
	})
	readOnlyCase("UpdateRole", func(ctx context.Context, c *Client) error {
		return c.UpdateRole(ctx, "r", "client", "x", RoleInput{Name: "y"})
	})
	readOnlyCase("DeleteRole", func(ctx context.Context, c *Client) error { return c.DeleteRole(ctx, "r", "", "x") })
	readOnlyCase("AddRoleComposites", func(ctx context.Context, c *Client) error {
		return c.AddRoleComposites(ctx, "r", "", "x", []RoleRef{{ID: "1"}})
	})
	readOnlyCase("RemoveRoleComposites", func(ctx context.Context, c *Client) error {
		return c.RemoveRoleComposites(ctx, "r", "", "x", []RoleRef{{ID: "1"}})
	})
}

func TestClientRolesCarryTheirClientID(t *testing.T) {
	clientReads := 0
	c := routedClient(t, map[string]any{
		"/admin/realms/r/roles/top/composites": []map[string]any{
			{"id": "1", "name": "view", "clientRole": true, "containerId": "c-uuid"},
			{"id": "2", "name": "user", "clientRole": false, "containerId": "realm-uuid"},
			{"id": "3", "name": "edit", "clientRole": true, "containerId": "c-uuid"},
		},
		"/admin/realms/r/clients/c-uuid": func(w http.ResponseWriter, r *http.Request) {
			clientReads++
			writeJSON(w, http.StatusOK, map[string]any{"id": "c-uuid", "clientId": "web"})
		},
	})
	roles, err := c.ListRoleComposites(context.Background(), "r", "", "top")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(roleLabels(roles), ","); got != "user,web:edit,web:view" {
		t.Fatalf("composites = %s, want realm roles first, then client roles by name", got)
	}
	if roles[0].ClientUUID != "" || roles[1].ClientUUID != "c-uuid" {
		t.Fatalf("roles = %+v, want the realm role without a client", roles)
	}
	if clientReads != 1 {
		t.Fatalf("client read %d times, want once per listing", clientReads)
	}
}

func TestAddRoleCompositesSendsIDsAndRefusesTheRoleItself(t *testing.T) {
	var posted []map[string]string
	c := routedClient(t, map[string]any{
		"GET /admin/realms/r/roles/top":                      map[string]any{"id": "top-id", "name": "top"},
		"GET /admin/realms/r/clients/c1/roles/edit":          map[string]any{"id": "edit-id", "name": "edit", "clientRole": true, "containerId": "c1"},
		"GET /admin/realms/r/roles/ghost":                    replyJSON(http.StatusNotFound, map[string]string{"errorMessage": "Could not find role"}),
		"POST /admin/realms/r/roles-by-id/top-id/composites": receive(t, &posted),
	})
	ctx := context.Background()
	if err := c.AddRoleComposites(ctx, "r", "", "top", []RoleRef{{ID: "user-id"}, {Name: "edit", ClientUUID: "c1"}}); err != nil {
		t.Fatal(err)
	}
	if len(posted) != 2 || posted[0]["id"] != "user-id" || posted[1]["id"] != "edit-id" {
		t.Fatalf("posted = %v, want both roles by id", posted)
	}
	err := c.AddRoleComposites(ctx, "r", "", "top", []RoleRef{{ID: "top-id"}})
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("role containing itself: err = %v, want ErrInvalidInput", err)
	}
	err = c.AddRoleComposites(ctx, "r", "", "top", []RoleRef{{Name: "ghost"}})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `realm role "ghost" does not exist`) {
		t.Fatalf("unknown role: err = %v, want ErrNotFound naming it", err)
	}
}

func TestEffectiveRoleCompositesWalksNestedRolesOnce(t *testing.T) {
	byID := map[string][]map[string]any{
		"a": {{"id": "b", "name": "b", "composite": true}, {"id": "c", "name": "c"}},
		"b": {{"id": "c", "name": "c"}, {"id": "a", "name": "a", "composite": true}}, // a cycle back to a
	}
	c := routedClient(t, map[string]any{
		"/admin/realms/r/roles/a": map[string]any{"id": "a", "name": "a", "composite": true},
		"/admin/realms/r/roles-by-id/": func(w http.ResponseWriter, r *http.Request) {
			id := strings.Split(r.URL.Path, "/")[5]
			writeJSON(w, http.StatusOK, byID[id])
		},
	})
	roles, err := c.EffectiveRoleComposites(context.Background(), "r", "", "a")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(roleLabels(roles), ","); got != "b,c" {
		t.Fatalf("effective = %s, want b,c (the role itself excluded, c once)", got)
	}
}

func TestGroupRoleChangesSendIDAndName(t *testing.T) {
	var body []map[string]string
	c := routedClient(t, map[string]any{
		"GET /admin/realms/r/clients/c1/roles/edit":                 map[string]any{"id": "edit-id", "name": "edit"},
		"DELETE /admin/realms/r/groups/g1/role-mappings/clients/c1": receive(t, &body),
	})
	if err := c.RemoveGroupClientRoles(context.Background(), "r", "g1", "c1", []string{"edit"}); err != nil {
		t.Fatal(err)
	}
	// Keycloak checks both: a mapping sent by name only is refused.
	if len(body) != 1 || body[0]["id"] != "edit-id" || body[0]["name"] != "edit" {
		t.Fatalf("body = %v, want id and name", body)
	}
}

func TestRoleNamesAreValidatedBeforeAnyRequest(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	for _, name := range []string{"", "  ", "a/b", `a\b`} {
		if _, err := c.CreateRole(context.Background(), "r", "", RoleInput{Name: name}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("CreateRole(%q): err = %v, want ErrInvalidInput", name, err)
		}
	}
	if n := f.admins(); n != 0 {
		t.Fatalf("%d admin calls for invalid names, want none", n)
	}
}

func usersByName(us []UserRef) map[string]UserRef {
	m := map[string]UserRef{}
	for _, u := range us {
		m[u.Username] = u
	}
	return m
}

// roleLabels names roles as routes do: "user", "account:view-profile".
func roleLabels(rs []RoleRef) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		if r.ClientID != "" {
			out = append(out, r.ClientID+":"+r.Name)
		} else {
			out = append(out, r.Name)
		}
	}
	return out
}

func hasRoleLabel(rs []RoleRef, name string) bool {
	for _, n := range roleLabels(rs) {
		if n == name {
			return true
		}
	}
	return false
}

// A realm with more roles than any single request asks for: every role
// comes back, none silently left out.
func TestAllRealmRolesPagesPastAnySingleResponse(t *testing.T) {
	const n = 10_050
	reps := make([]roleDetailRep, n)
	for i := range reps {
		reps[i] = roleDetailRep{ID: fmt.Sprintf("r%05d", i), Name: fmt.Sprintf("role-%05d", i), ContainerID: "realm-id"}
	}
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, paged(r, reps))
	})
	c, _ := f.client()
	roles, err := c.AllRealmRoles(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(roles) != n || roles[0].Name != "role-00000" || roles[n-1].Name != "role-10049" {
		t.Fatalf("got %d roles (%v … %v), want all %d sorted", len(roles), roles[0].Name, roles[len(roles)-1].Name, n)
	}
}
