//go:build integration

package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
)

// The route editor's role check reads the real realm: a realm role and a
// client role that exist pass, a typo and a role of a missing client are
// warned about, and every role is offered as a suggestion.
func TestIntegrationRouteRoleCheckAgainstTheRealm(t *testing.T) {
	s, c, realm := localSession(t, &recorder{})
	ctx := context.Background()
	if _, err := c.CreateRole(ctx, realm, "", keycloak.RoleInput{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	cl, err := c.CreateClient(ctx, realm, keycloak.OIDCClientInput{ClientID: "shop", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRole(ctx, realm, cl.ID, keycloak.RoleInput{Name: "editor"}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	svc := NewRouteService(s, NewLifecycle())
	cfg := routes.Config{Version: routes.Version, Issuer: keycloak.IssuerURL(p.KeycloakURL, realm), Routes: []routes.Route{
		{Name: "ok", Path: "/ok", Upstream: "http://127.0.0.1:9", Auth: routes.AuthRequired, Roles: []string{"admin", "shop:editor"}},
		{Name: "typo", Path: "/typo", Upstream: "http://127.0.0.1:9", Auth: routes.AuthRequired, Roles: []string{"nosuchrole"}},
		{Name: "ghost", Path: "/ghost", Upstream: "http://127.0.0.1:9", Auth: routes.AuthRequired, Roles: []string{"ghost:admin"}},
	}}
	check, err := svc.CheckRoles(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if check.Unchecked != "" || check.Realm != realm {
		t.Fatalf("check = %+v", check)
	}
	for _, want := range []string{"admin", "shop:editor", "offline_access"} {
		if !slices.Contains(check.Known, want) {
			t.Errorf("suggestions %v lack %q", check.Known, want)
		}
	}
	var warned []string
	for _, w := range check.Warnings {
		warned = append(warned, w.Route+": "+w.Message)
	}
	if len(warned) != 2 || !strings.Contains(warned[0], `typo: realm "`+realm+`" has no role "nosuchrole"`) || !strings.HasPrefix(warned[1], "ghost: ") {
		t.Errorf("warnings %q", warned)
	}

	cfg.Issuer = "https://elsewhere.example.com/realms/" + realm
	if check, err = svc.CheckRoles(cfg); err != nil || check.Unchecked == "" || len(check.Warnings) != 0 {
		t.Errorf("an issuer on another server: %+v, %v", check, err)
	}
}
