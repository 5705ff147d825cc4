//go:build integration

package keycloak

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// Each test below creates an entity with settings Tandem does not show,
// edits it through Tandem's own function, reads it back as Keycloak sends it
// and checks that every field the edit did not touch is unchanged: an update
// must never lose what another tool (or Keycloak's console) set.

// assertUntouched fails for every field of before, other than the edited
// ones, that after lacks or holds differently, and for every field of want
// that after does not hold (see holds).
func assertUntouched(t *testing.T, before, after map[string]any, edited []string, want map[string]any) {
	t.Helper()
	skip := map[string]bool{}
	for _, k := range edited {
		skip[k] = true
	}
	for k, v := range before {
		if !skip[k] && !reflect.DeepEqual(after[k], v) {
			t.Errorf("%s = %v after the edit, was %v", k, after[k], v)
		}
	}
	for k, v := range want {
		var w any
		b, _ := json.Marshal(v)
		_ = json.Unmarshal(b, &w)
		if !holds(after[k], w) {
			t.Errorf("%s = %v, want %v as created", k, after[k], w)
		}
	}
}

// holds reports whether got carries want: a map every key of want with the
// same value (Keycloak adds keys of its own), a list the same items in any
// order (Keycloak sorts some), anything else the same value.
func holds(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !holds(g[k], v) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for _, v := range w {
			if !slices.ContainsFunc(g, func(x any) bool { return reflect.DeepEqual(x, v) }) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

func TestIntegrationUserEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	if err := c.setUnmanagedPolicy(ctx, "allow attributes", realm, UnmanagedEnabled); err != nil {
		t.Fatal(err)
	}
	extras := map[string]any{
		"attributes":      map[string][]string{"dept": {"eng"}, "badge": {"b-1", "b-2"}},
		"requiredActions": []string{"VERIFY_EMAIL", "CONFIGURE_TOTP"},
		"emailVerified":   true,
	}
	body := map[string]any{"username": "erin", "email": "erin@example.com", "firstName": "Erin", "lastName": "Eck", "enabled": true}
	for k, v := range extras {
		body[k] = v
	}
	id := rawCreate(t, c, adminPath("realms", realm, "users"), body)
	path := adminPath("realms", realm, "users", id)
	before := rawRep(t, c, path)

	if err := c.UpdateUser(ctx, realm, id, UserInput{Username: "erin", Email: "erin@example.com", FirstName: "Erina", LastName: "Eck", Enabled: true, EmailVerified: true}); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	if err := c.SetUserEnabled(ctx, realm, id, false); err != nil {
		t.Fatalf("SetUserEnabled: %v", err)
	}
	after := rawRep(t, c, path)
	if after["firstName"] != "Erina" || after["enabled"] != false {
		t.Fatalf("after = %v, want the edits applied", after)
	}
	assertUntouched(t, before, after, []string{"firstName", "enabled"}, extras)
}

func TestIntegrationRoleEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	clientUUID := rawCreate(t, c, adminPath("realms", realm, "clients"), map[string]any{"clientId": "api"})
	extras := map[string]any{"attributes": map[string][]string{"owner": {"team-a"}, "tier": {"gold"}}}

	for _, tc := range []struct{ what, clientUUID string }{{"realm role", ""}, {"client role", clientUUID}} {
		t.Run(tc.what, func(t *testing.T) {
			// The name needs escaping in a URL: the edit must reach this role.
			name := "ops #1?"
			rawCreate(t, c, rolesPath(realm, tc.clientUUID), map[string]any{"name": name, "description": "old", "attributes": extras["attributes"]})
			before := rawRep(t, c, rolePath(realm, tc.clientUUID, name))

			if err := c.UpdateRole(ctx, realm, tc.clientUUID, name, RoleInput{Name: "ops %2", Description: "new"}); err != nil {
				t.Fatalf("UpdateRole: %v", err)
			}
			after := rawRep(t, c, rolePath(realm, tc.clientUUID, "ops %2"))
			if after["name"] != "ops %2" || after["description"] != "new" {
				t.Fatalf("after = %v, want the rename and description", after)
			}
			assertUntouched(t, before, after, []string{"name", "description"}, extras)
		})
	}
}

func TestIntegrationGroupRenameKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	extras := map[string]any{"attributes": map[string][]string{"site": {"berlin"}}, "description": "the Berlin office"}
	id := rawCreate(t, c, adminPath("realms", realm, "groups"), map[string]any{"name": "berlin", "attributes": extras["attributes"], "description": extras["description"]})
	path := adminPath("realms", realm, "groups", id)
	before := rawRep(t, c, path)

	if err := c.RenameGroup(ctx, realm, id, "berlin-mitte"); err != nil {
		t.Fatalf("RenameGroup: %v", err)
	}
	after := rawRep(t, c, path)
	if after["name"] != "berlin-mitte" {
		t.Fatalf("after = %v, want the new name", after)
	}
	assertUntouched(t, before, after, []string{"name", "path"}, extras)
}

func TestIntegrationClientEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	extras := map[string]any{
		"attributes": map[string]string{
			"pkce.code.challenge.method": "S256", "post.logout.redirect.uris": "http://127.0.0.1:5173/bye", "tandem.test.custom": "kept",
		},
		"alwaysDisplayInConsole": true,
		"frontchannelLogout":     false,
		"consentRequired":        true,
		"implicitFlowEnabled":    true,
		"baseUrl":                "/home",
		"adminUrl":               "http://127.0.0.1:5173/admin",
	}
	body := map[string]any{
		"clientId": "web", "publicClient": true, "standardFlowEnabled": true,
		"redirectUris": []string{"http://127.0.0.1:5173/*", "http://localhost:5173/*"}, "webOrigins": []string{"+"},
	}
	for k, v := range extras {
		body[k] = v
	}
	id := rawCreate(t, c, adminPath("realms", realm, "clients"), body)
	path := adminPath("realms", realm, "clients", id)
	before := rawRep(t, c, path)

	err := c.UpdateClient(ctx, realm, id, OIDCClientInput{
		ClientID: "web", Description: "the web app", Enabled: true, Public: true, StandardFlow: true,
		RedirectURIs: []string{"http://127.0.0.1:5173/*", "http://localhost:5173/*"}, WebOrigins: []string{"+"},
	})
	if err != nil {
		t.Fatalf("UpdateClient: %v", err)
	}
	after := rawRep(t, c, path)
	if after["description"] != "the web app" {
		t.Fatalf("after = %v, want the new description", after)
	}
	assertUntouched(t, before, after, []string{"description"}, extras)
}

func TestIntegrationMapperEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	clientUUID := rawCreate(t, c, adminPath("realms", realm, "clients"), map[string]any{"clientId": "web"})
	mappers := adminPath("realms", realm, "clients", clientUUID, "protocol-mappers", "models")
	id := rawCreate(t, c, mappers, map[string]any{
		"name": "dept", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
		"config": map[string]string{
			"user.attribute": "dept", "claim.name": "dept", "jsonType.label": "String",
			"access.token.claim": "true", "id.token.claim": "false", "introspection.token.claim": "true",
			"aggregate.attrs": "true", "tandem.test.custom": "kept",
		},
	})
	path := mappers + adminPath(id)
	before := rawRep(t, c, path)

	err := c.UpdateClientMapper(ctx, realm, clientUUID, id, MapperInput{
		Name: "dept", Type: "oidc-usermodel-attribute-mapper", Config: map[string]string{
			"user.attribute": "dept", "claim.name": "department", "jsonType.label": "String",
			"access.token.claim": "true", "id.token.claim": "false",
		},
	})
	if err != nil {
		t.Fatalf("UpdateClientMapper: %v", err)
	}
	after := rawRep(t, c, path)
	cfgBefore, _ := before["config"].(map[string]any)
	cfgAfter, _ := after["config"].(map[string]any)
	if cfgAfter["claim.name"] != "department" {
		t.Fatalf("config = %v, want the new claim name", cfgAfter)
	}
	assertUntouched(t, before, after, []string{"config"}, nil)
	assertUntouched(t, cfgBefore, cfgAfter, []string{"claim.name"}, map[string]any{"tandem.test.custom": "kept", "introspection.token.claim": "true"})
}

func TestIntegrationIdentityProviderEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	rawCreate(t, c, adminPath("realms", realm, "identity-provider", "instances"), map[string]any{
		"alias": "corp", "providerId": "oidc", "enabled": true, "trustEmail": true, "storeToken": true, "hideOnLogin": true,
		"linkOnly": true, "firstBrokerLoginFlowAlias": "first broker login",
		"config": map[string]string{
			"clientId": "tandem", "clientSecret": "s3cret", "authorizationUrl": "https://idp.example.com/auth",
			"tokenUrl": "https://idp.example.com/token", "defaultScope": "openid email", "syncMode": "FORCE", "tandem.test.custom": "kept",
		},
	})
	path := adminPath("realms", realm, "identity-provider", "instances", "corp")
	before := rawRep(t, c, path)

	in, err := c.GetIdentityProvider(ctx, realm, "corp")
	if err != nil {
		t.Fatal(err)
	}
	in.DisplayName = "Corporate login"
	if err := c.UpdateIdentityProvider(ctx, realm, "corp", IdentityProviderInput{IdentityProvider: in}); err != nil {
		t.Fatalf("UpdateIdentityProvider: %v", err)
	}
	after := rawRep(t, c, path)
	if after["displayName"] != "Corporate login" {
		t.Fatalf("after = %v, want the new display name", after)
	}
	assertUntouched(t, before, after, []string{"displayName"}, map[string]any{"trustEmail": true, "storeToken": true, "linkOnly": true, "hideOnLogin": true})
	cfgBefore, _ := before["config"].(map[string]any)
	cfgAfter, _ := after["config"].(map[string]any)
	assertUntouched(t, cfgBefore, cfgAfter, nil, map[string]any{"tandem.test.custom": "kept", "syncMode": "FORCE"})

	mapperID := rawCreate(t, c, path+"/mappers", map[string]any{
		"name": "dept", "identityProviderAlias": "corp", "identityProviderMapper": "hardcoded-attribute-idp-mapper",
		"config": map[string]string{"attribute": "dept", "attribute.value": "eng", "syncMode": "INHERIT", "tandem.test.custom": "kept"},
	})
	mapperPath := path + adminPath("mappers", mapperID)
	mapperBefore := rawRep(t, c, mapperPath)
	err = c.UpdateIdPMapper(ctx, realm, "corp", IdPMapper{ID: mapperID, Name: "dept", Config: map[string]string{"attribute.value": "ops"}})
	if err != nil {
		t.Fatalf("UpdateIdPMapper: %v", err)
	}
	mapperAfter := rawRep(t, c, mapperPath)
	assertUntouched(t, mapperBefore, mapperAfter, []string{"config"}, nil)
	mcBefore, _ := mapperBefore["config"].(map[string]any)
	mcAfter, _ := mapperAfter["config"].(map[string]any)
	if mcAfter["attribute.value"] != "ops" {
		t.Fatalf("mapper config = %v, want the new value", mcAfter)
	}
	assertUntouched(t, mcBefore, mcAfter, []string{"attribute.value"}, map[string]any{"tandem.test.custom": "kept"})
}

func TestIntegrationRealmSettingsEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	path := adminPath("realms", realm)
	extras := map[string]any{
		"displayNameHtml": "<b>Test</b>", "maxTemporaryLockouts": 3, "bruteForceStrategy": "LINEAR",
		"oauth2DeviceCodeLifespan": 900, "clientSessionIdleTimeout": 1200, "rememberMe": true,
		"attributes": map[string]string{"frontendUrl": "https://sso.example.com"},
	}
	rawPut(t, c, path, extras)
	before := rawRep(t, c, path)

	r, err := c.GetRealm(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Settings
	s.DisplayName, s.AccessTokenLifespan = "Renamed", 420
	if err := c.UpdateRealmSettings(ctx, realm, s); err != nil {
		t.Fatalf("UpdateRealmSettings: %v", err)
	}
	after := rawRep(t, c, path)
	if after["displayName"] != "Renamed" || after["accessTokenLifespan"] != float64(420) {
		t.Fatalf("after = %v, want the edits applied", after)
	}
	// Writing the whole realm back stores the defaults of unset attributes
	// (clientSessionMaxLifespan 0…), as Keycloak's console does: every
	// attribute that was there must still be there, unchanged.
	assertUntouched(t, before, after, []string{"displayName", "accessTokenLifespan", "attributes"}, extras)
	if !holds(after["attributes"], before["attributes"]) {
		t.Errorf("attributes = %v, want every one of %v kept", after["attributes"], before["attributes"])
	}
}

func TestIntegrationKeyProviderEditKeepsWhatTandemDoesNotShow(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	components := adminPath("realms", realm, "components")
	id := rawCreate(t, c, components, map[string]any{
		"name": "rsa-extra", "providerId": "rsa-generated", "providerType": KeyProviderType,
		"config": map[string][]string{
			"priority": {"50"}, "algorithm": {"RS384"}, "keySize": {"3072"}, "active": {"true"}, "enabled": {"true"},
		},
	})
	path := components + adminPath(id)
	before := rawRep(t, c, path)

	if err := c.SetKeyProviderActive(ctx, realm, id, false); err != nil {
		t.Fatalf("SetKeyProviderActive: %v", err)
	}
	after := rawRep(t, c, path)
	cfgBefore, _ := before["config"].(map[string]any)
	cfgAfter, _ := after["config"].(map[string]any)
	if !holds(cfgAfter["active"], []any{"false"}) {
		t.Fatalf("config = %v, want the provider passive", cfgAfter)
	}
	assertUntouched(t, before, after, []string{"config"}, nil)
	assertUntouched(t, cfgBefore, cfgAfter, []string{"active"}, map[string]any{"algorithm": []string{"RS384"}, "keySize": []string{"3072"}, "priority": []string{"50"}})
}
