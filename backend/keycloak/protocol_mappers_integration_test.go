//go:build integration

package keycloak

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/tokenclaims"
)

// TestIntegrationClientMappers: an audience mapper added to a client puts the
// audience into that client's tokens; an edit keeps the config keys Tandem
// does not show; a removal takes it away.
func TestIntegrationClientMappers(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	cl, err := c.CreateClient(ctx, realm, OIDCClientInput{ClientID: "web", Enabled: true, Public: true, DirectAccessGrants: true})
	if err != nil {
		t.Fatalf("create client: %v", err)
	}
	if _, err := c.CreateUserWith(ctx, realm, UserInput{Username: "ann", Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", Enabled: true, EmailVerified: true},
		NewUserExtras{Password: "ann-pass-1"}); err != nil {
		t.Fatalf("create user: %v", err)
	}

	m, err := c.CreateClientMapper(ctx, realm, cl.ID, MapperInput{Name: "api audience", Type: "oidc-audience-mapper",
		Config: map[string]string{"included.custom.audience": "orders-api", "id.token.claim": "false"}})
	if err != nil {
		t.Fatalf("CreateClientMapper: %v", err)
	}
	own, err := c.ClientMappers(ctx, realm, cl.ID)
	if err != nil || len(own) != 1 || own[0].ID != m.ID || own[0].Claim != "aud" || !own[0].AccessToken || own[0].IDToken ||
		own[0].Config["included.custom.audience"] != "orders-api" {
		t.Fatalf("ClientMappers = %+v, %v", own, err)
	}
	if aud := tokenAudience(t, realm, "ann", "ann-pass-1"); !slices.Contains(aud, "orders-api") {
		t.Fatalf("token aud = %v, want orders-api", aud)
	}

	// A key the form does not show, as a newer Keycloak or its console sets it.
	path := adminPath("realms", realm, "clients", cl.ID, "protocol-mappers", "models", m.ID)
	raw := map[string]any{}
	rawGet(t, c, path, nil, &raw)
	raw["config"].(map[string]any)["lightweight.claim"] = "true"
	rawPut(t, c, path, raw)
	if err := c.UpdateClientMapper(ctx, realm, cl.ID, m.ID, MapperInput{Name: "api audience", Type: "oidc-audience-mapper",
		Config: map[string]string{"included.client.audience": "web", "access.token.claim": "true", "id.token.claim": "true"}}); err != nil {
		t.Fatalf("UpdateClientMapper: %v", err)
	}
	own, err = c.ClientMappers(ctx, realm, cl.ID)
	if err != nil || len(own) != 1 {
		t.Fatalf("after the edit: %+v, %v", own, err)
	}
	got := own[0]
	if got.Config["included.client.audience"] != "web" || got.Config["lightweight.claim"] != "true" || !got.IDToken {
		t.Fatalf("after the edit: %+v, want the new audience and lightweight.claim kept", got)
	}
	if _, ok := got.Config["included.custom.audience"]; ok {
		t.Fatalf("the cleared custom audience survived: %v", got.Config)
	}

	if err := c.DeleteClientMapper(ctx, realm, cl.ID, m.ID); err != nil {
		t.Fatalf("DeleteClientMapper: %v", err)
	}
	if own, err := c.ClientMappers(ctx, realm, cl.ID); err != nil || len(own) != 0 {
		t.Fatalf("after removal: %+v, %v", own, err)
	}
}

// TestIntegrationMapperTypesAreAcceptedByKeycloak creates one mapper of each
// type Tandem edits with its defaults, so a catalogue key Keycloak does not
// know or a bad default shows here.
func TestIntegrationMapperTypesAreAcceptedByKeycloak(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	cl, err := c.CreateClient(ctx, realm, OIDCClientInput{ClientID: "api", Enabled: true, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	required := map[string]map[string]string{
		"oidc-usermodel-attribute-mapper":   {"user.attribute": "department", "claim.name": "department"},
		"oidc-usermodel-property-mapper":    {"user.attribute": "email", "claim.name": "mail"},
		"oidc-audience-mapper":              {"included.client.audience": "api"},
		"oidc-hardcoded-claim-mapper":       {"claim.name": "tier", "claim.value": "gold"},
		"oidc-group-membership-mapper":      {"claim.name": "groups"},
		"oidc-usermodel-client-role-mapper": {"usermodel.clientRoleMapping.clientId": "api"},
	}
	for _, mt := range MapperTypes() {
		in := MapperInput{Name: mt.Label, Type: mt.ID, Config: required[mt.ID]}
		m, err := c.CreateClientMapper(ctx, realm, cl.ID, in)
		if err != nil {
			t.Errorf("%s: %v", mt.ID, err)
			continue
		}
		if err := c.UpdateClientMapper(ctx, realm, cl.ID, m.ID, MapperInput{Name: mt.Label, Type: mt.ID, Config: m.Config}); err != nil {
			t.Errorf("%s: edit with its own config: %v", mt.ID, err)
		}
	}
}

// TestIntegrationClientScopes assigns a realm scope as optional, moves it to
// default, lists its mappers and takes it off.
func TestIntegrationClientScopes(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	cl, err := c.CreateClient(ctx, realm, OIDCClientInput{ClientID: "web", Enabled: true, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	scopes, err := c.RealmClientScopes(ctx, realm)
	if err != nil {
		t.Fatalf("RealmClientScopes: %v", err)
	}
	var phone ClientScope
	for _, s := range scopes {
		if s.Name == "phone" {
			phone = s
		}
	}
	if phone.ID == "" || phone.Mappers == 0 {
		t.Fatalf("realm scopes = %+v, want phone with its mappers", scopes)
	}
	kind := func() string {
		t.Helper()
		assigned, err := c.ListClientScopes(ctx, realm, cl.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range assigned {
			if s.ID == phone.ID {
				if s.Default {
					return "default"
				}
				return "optional"
			}
		}
		return "none"
	}
	// A new client already has phone as optional; start from none.
	if err := c.UnassignClientScope(ctx, realm, cl.ID, phone.ID); err != nil {
		t.Fatalf("UnassignClientScope: %v", err)
	}
	if k := kind(); k != "none" {
		t.Fatalf("after unassigning: %s", k)
	}
	if err := c.AssignClientScope(ctx, realm, cl.ID, phone.ID, true); err != nil || kind() != "optional" {
		t.Fatalf("assign optional: %v, now %s", err, kind())
	}
	if err := c.AssignClientScope(ctx, realm, cl.ID, phone.ID, false); err != nil || kind() != "default" {
		t.Fatalf("move to default: %v, now %s", err, kind())
	}
	ms, err := c.ClientScopeMappers(ctx, realm, phone.ID)
	if err != nil || len(ms) == 0 || ms[0].Scope != "phone" {
		t.Fatalf("ClientScopeMappers = %+v, %v", ms, err)
	}
	found := false
	for _, m := range ms {
		found = found || m.Claim == "phone_number"
	}
	if !found {
		t.Fatalf("phone mappers = %+v, want phone_number", ms)
	}
	if err := c.UnassignClientScope(ctx, realm, cl.ID, phone.ID); err != nil || kind() != "none" {
		t.Fatalf("unassign: %v, now %s", err, kind())
	}
}

// tokenAudience logs a user in through the realm's "web" client and returns
// the access token's aud.
func tokenAudience(t *testing.T, realm, user, password string) []string {
	t.Helper()
	resp := passwordGrant(t, realm, "web", user, password)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token request: status %d, %v", resp.StatusCode, err)
	}
	parts := strings.Split(tok.AccessToken, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatalf("token claims: %v", err)
	}
	return tokenclaims.Audience(claims)
}
