//go:build integration

package keycloak

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// throwawayClient creates an OpenID Connect client (a generated clientId
// unless in names one), deleted when the test ends.
func throwawayClient(t *testing.T, c *Client, realm string, in OIDCClientInput) OIDCClient {
	t.Helper()
	if in.ClientID == "" {
		in.ClientID = uniqueName("zz-client")
	}
	in.Enabled = true
	return throwaway(t, "client "+in.ClientID,
		func() (OIDCClient, error) { return c.CreateClient(context.Background(), realm, in) },
		func(cl OIDCClient) error { return c.DeleteClient(context.Background(), realm, cl.ID) })
}

func TestIntegrationConfidentialClient(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	in := OIDCClientInput{
		Name: "Throwaway API", RootURL: "http://127.0.0.1:4000",
		RedirectURIs: []string{"http://127.0.0.1:4000/callback", " "}, WebOrigins: []string{"+"},
		StandardFlow: true, ServiceAccount: true,
	}
	cl := throwawayClient(t, c, realm, in)
	if cl.Public || !cl.ServiceAccount || !cl.StandardFlow || cl.DirectAccessGrants || cl.BuiltIn ||
		!slices.Equal(cl.RedirectURIs, []string{"http://127.0.0.1:4000/callback"}) || cl.RootURL != in.RootURL || cl.Name != in.Name {
		t.Fatalf("created client = %+v", cl)
	}
	if _, err := c.CreateClient(ctx, realm, OIDCClientInput{ClientID: cl.ClientID}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate clientId: err = %v, want ErrConflict", err)
	}

	secret, err := c.GetClientSecret(ctx, realm, cl.ID)
	if err != nil || secret == "" {
		t.Fatalf("GetClientSecret = %q, %v; want a generated secret", secret, err)
	}
	renewed, err := c.RegenerateClientSecret(ctx, realm, cl.ID)
	if err != nil || renewed == "" || renewed == secret {
		t.Fatalf("RegenerateClientSecret = %v; want a new secret", err)
	}
	if again, _ := c.GetClientSecret(ctx, realm, cl.ID); again != renewed {
		t.Fatalf("secret after regenerating differs from the one returned")
	}

	sa, err := c.GetServiceAccountUser(ctx, realm, cl.ID)
	if err != nil {
		t.Fatalf("GetServiceAccountUser: %v", err)
	}
	if !sa.ServiceAccount || sa.ServiceAccountClientID != cl.ClientID || sa.Username != "service-account-"+cl.ClientID {
		t.Fatalf("service-account user = %+v", sa)
	}
	// Its roles are a user's roles.
	if err := c.AssignRealmRoles(ctx, realm, sa.ID, []string{"user"}); err != nil {
		t.Fatalf("assign user to the service account: %v", err)
	}
	roles, err := c.UserRoleMappings(ctx, realm, sa.ID)
	if err != nil || !hasRoleLabel(roles.Realm, "user") {
		t.Fatalf("service-account roles = %+v, %v; want user", roles.Realm, err)
	}

	// Update: everything in the input round-trips, the secret survives.
	in.ClientID = cl.ClientID
	in.Name = "Renamed API"
	in.DirectAccessGrants = true
	in.WebOrigins = []string{"http://127.0.0.1:4000"}
	in.Enabled = false
	if err := c.UpdateClient(ctx, realm, cl.ID, in); err != nil {
		t.Fatalf("UpdateClient: %v", err)
	}
	got, err := c.GetClient(ctx, realm, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Renamed API" || !got.DirectAccessGrants || got.Enabled || !slices.Equal(got.WebOrigins, in.WebOrigins) {
		t.Fatalf("updated client = %+v", got)
	}
	if kept, _ := c.GetClientSecret(ctx, realm, cl.ID); kept != renewed {
		t.Fatalf("the update changed the secret")
	}

	// Search by a part of the clientId.
	found, err := c.ListClients(ctx, realm, cl.ClientID[len("zz-client-"):], 0, 10)
	if err != nil {
		t.Fatalf("ListClients: %v", err)
	}
	if len(found.Items) != 1 || found.Items[0].ID != cl.ID {
		t.Fatalf("search = %+v, want our client", found.Items)
	}

	wantDeleted(t, "client", c.DeleteClient(ctx, realm, cl.ID), func() error {
		_, err := c.GetClient(ctx, realm, cl.ID)
		return err
	})
}

func TestIntegrationPublicClient(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	cl := throwawayClient(t, c, realm, OIDCClientInput{Public: true, StandardFlow: true, RedirectURIs: []string{"http://127.0.0.1:5173/*"}, WebOrigins: []string{"+"}})
	if !cl.Public {
		t.Fatalf("created client = %+v, want public", cl)
	}
	if _, err := c.GetClientSecret(ctx, realm, cl.ID); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("secret of a public client: err = %v, want ErrInvalidInput", err)
	}
	if _, err := c.RegenerateClientSecret(ctx, realm, cl.ID); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("regenerating a public client's secret: err = %v, want ErrInvalidInput", err)
	}
	if _, err := c.GetServiceAccountUser(ctx, realm, cl.ID); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("service account of a public client: err = %v, want ErrInvalidInput", err)
	}
	_, err := c.CreateClient(ctx, realm, OIDCClientInput{ClientID: uniqueName("zz-bad"), Public: true, ServiceAccount: true, WebOrigins: []string{"http://x/path"}})
	var kcErr *Error
	if !errors.As(err, &kcErr) || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("public client with a service account and a bad origin: err = %v, want ErrInvalidInput", err)
	}

	// Turning it confidential gives it a secret.
	if err := c.UpdateClient(ctx, realm, cl.ID, OIDCClientInput{ClientID: cl.ClientID, Enabled: true, StandardFlow: true, ServiceAccount: true}); err != nil {
		t.Fatalf("make confidential: %v", err)
	}
	secret, err := c.GetClientSecret(ctx, realm, cl.ID)
	if err != nil || secret == "" {
		t.Fatalf("secret after turning confidential = %v; want one", err)
	}
	if _, err := c.GetServiceAccountUser(ctx, realm, cl.ID); err != nil {
		t.Fatalf("service account after enabling it: %v", err)
	}
}

func TestIntegrationBuiltInClientsAndPaging(t *testing.T) {
	ctx, c, realm := integrationDemo(t)
	rm := findClient(t, c, realm, "realm-management")
	if !rm.BuiltIn {
		t.Fatalf("realm-management = %+v, want built-in", rm)
	}
	if err := c.DeleteClient(ctx, realm, rm.ID); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("deleting realm-management: err = %v, want ErrInvalidInput", err)
	}
	if _, err := c.FindClient(ctx, realm, "no-such-client"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("FindClient unknown: err = %v, want ErrNotFound", err)
	}

	p1, err := c.ListClients(ctx, realm, "", 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := c.ListClients(ctx, realm, "", 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(p1.Items) != 3 || !p1.Estimated || p1.Total != 4 || len(p2.Items) == 0 {
		t.Fatalf("client pages = %d items (total %d, estimated %v) then %d", len(p1.Items), p1.Total, p1.Estimated, len(p2.Items))
	}
	for _, a := range p1.Items {
		for _, b := range p2.Items {
			if a.ID == b.ID {
				t.Fatalf("client %s on two pages", a.ClientID)
			}
		}
	}
}

func TestIntegrationClientScopesAndMappers(t *testing.T) {
	ctx, c, realm := integrationDemo(t)

	mappers, err := c.ClientProtocolMappers(ctx, realm, "web")
	if err != nil {
		t.Fatalf("ClientProtocolMappers: %v", err)
	}
	claims := map[string]ProtocolMapper{}
	for _, m := range mappers {
		claims[m.Claim] = m
	}
	for claim, scope := range map[string]string{
		"sub": "basic", "realm_access.roles": "roles", "preferred_username": "profile", "email": "email",
	} {
		m, ok := claims[claim]
		if !ok || m.Scope != scope || !m.AccessToken {
			t.Errorf("claim %s = %+v, want a mapper from scope %s in the access token", claim, m, scope)
		}
	}
	if _, ok := claims["phone_number"]; ok {
		t.Errorf("phone_number comes from the optional phone scope and must not be listed")
	}

	// A mapper of the client's own shows with an empty scope.
	cl := throwawayClient(t, c, realm, OIDCClientInput{Public: true})
	rawCreate(t, c, adminPath("realms", realm, "clients", cl.ID, "protocol-mappers", "models"), map[string]any{
		"name": "tenant", "protocol": "openid-connect", "protocolMapper": "oidc-hardcoded-claim-mapper",
		"config": map[string]string{"claim.name": "tenant", "claim.value": "acme", "access.token.claim": "true", "id.token.claim": "false"},
	})
	mappers, err = c.ClientProtocolMappers(ctx, realm, cl.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mappers) == 0 || mappers[0].Claim != "tenant" || mappers[0].Scope != "" || !mappers[0].AccessToken || mappers[0].IDToken {
		t.Fatalf("first mapper = %+v, want the client's own tenant mapper", mappers[0])
	}
	if _, err := c.ClientProtocolMappers(ctx, realm, "no-such-client"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown client: err = %v, want ErrNotFound", err)
	}

	web := findClient(t, c, realm, "web")
	scopes, err := c.ListClientScopes(ctx, realm, web.ID)
	if err != nil {
		t.Fatalf("ListClientScopes: %v", err)
	}
	kinds := map[string]bool{}
	for _, s := range scopes {
		kinds[s.Name] = s.Default
	}
	if d, ok := kinds["roles"]; !ok || !d {
		t.Errorf("scopes = %+v, want roles as a default scope", scopes)
	}
	if d, ok := kinds["phone"]; !ok || d {
		t.Errorf("scopes = %+v, want phone as an optional scope", scopes)
	}
}
