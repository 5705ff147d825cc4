package proxy

import (
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tokenclaims"
	"strings"
	"testing"
)

// Realm roles and client roles are looked up apart: a realm role that
// happens to be named "web:editor" is not the client role editor of web,
// and a client role is never a realm role.
func TestRealmAndClientRolesNeverStandInForEachOther(t *testing.T) {
	e := newEnv(t)
	realmNamedLikeClientRole := e.key.sign(t, e.claims("mallory", "web:editor"))
	if r := e.do("GET", "/api/client", bearer(realmNamedLikeClientRole)); r.status != 403 || !strings.Contains(r.err.Message, "web:editor") {
		t.Errorf("realm role web:editor on a web:editor route: %d %s, want 403", r.status, r.body)
	}

	c := e.claims("mallory")
	c["resource_access"] = map[string]any{"admin": map[string]any{"roles": []any{"admin"}}, "web": map[string]any{"roles": []any{"admin"}}}
	if r := e.do("GET", "/api/admin", bearer(e.key.sign(t, c))); r.status != 403 {
		t.Errorf("client roles named admin on an admin (realm role) route: %d %s, want 403", r.status, r.body)
	}

	both := e.claims("alice", "web:editor")
	both["resource_access"] = map[string]any{"web": map[string]any{"roles": []any{"editor"}}}
	if r := e.do("GET", "/api/client", bearer(e.key.sign(t, both))); r.status != 200 {
		t.Errorf("client role editor of web on a web:editor route: %d %s, want 200", r.status, r.body)
	}
}

func TestRolesOfKeepsRealmAndClientRolesApart(t *testing.T) {
	realm, client, err := tokenclaims.Roles(map[string]any{
		"realm_access": map[string]any{"roles": []any{"user", "web:editor"}},
		"resource_access": map[string]any{
			"web":     map[string]any{"roles": []any{"viewer", "editor"}},
			"account": map[string]any{"roles": []any{"manage-account"}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(realm, ",") != "user,web:editor" {
		t.Errorf("realm roles %v", realm)
	}
	if strings.Join(client, ",") != "account:manage-account,web:editor,web:viewer" {
		t.Errorf("client roles %v", client)
	}
	id := &identity{realmRoles: realm, clientRoles: nil}
	if id.hasAnyRole(routes.NewRequirement([]string{"web:editor"})) {
		t.Error("a realm role named web:editor satisfied the client role web:editor")
	}
	id = &identity{realmRoles: nil, clientRoles: []string{"web:user"}}
	if id.hasAnyRole(routes.NewRequirement([]string{"user"})) {
		t.Error("a client role satisfied the realm role of the same name")
	}
	if !id.hasAnyRole(routes.NewRequirement([]string{"admin", "web:user"})) {
		t.Error("the client role web:user did not satisfy a route asking for it")
	}
}
