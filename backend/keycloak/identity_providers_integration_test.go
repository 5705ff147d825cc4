//go:build integration

package keycloak

import (
	"encoding/json"
	"testing"
)

func TestIntegrationIdentityProviderLifecycle(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	base := integrationClient(t).BaseURL()

	disc, err := c.DiscoverOIDC(ctx, realm, base+"/realms/demo/.well-known/openid-configuration")
	if err != nil || disc.Issuer != base+"/realms/demo" || disc.TokenURL == "" || disc.JWKSURL == "" {
		t.Fatalf("DiscoverOIDC = %+v, %v", disc, err)
	}
	in := IdentityProviderInput{ClientSecret: "first-secret", IdentityProvider: IdentityProvider{
		Alias: "demo-idp", DisplayName: "Demo", ProviderID: ProviderOIDC, Enabled: true,
		DiscoveryURL: base + "/realms/demo/.well-known/openid-configuration", AuthorizationURL: disc.AuthorizationURL,
		TokenURL: disc.TokenURL, Issuer: disc.Issuer, JWKSURL: disc.JWKSURL, ClientID: "tandem-proxy",
	}}
	if err := c.CreateIdentityProvider(ctx, realm, in); err != nil {
		t.Fatalf("CreateIdentityProvider: %v", err)
	}
	if err := c.CreateIdentityProvider(ctx, realm, in); !isErr(err, ErrConflict) {
		t.Errorf("second create: err = %v, want ErrConflict", err)
	}
	got, err := c.GetIdentityProvider(ctx, realm, "demo-idp")
	if err != nil || !got.ClientSecretSet || got.TokenURL != disc.TokenURL || got.JWKSURL != disc.JWKSURL || got.DisplayName != "Demo" {
		t.Fatalf("GetIdentityProvider = %+v, %v", got, err)
	}

	// A setting Tandem does not show, set behind its back.
	path := adminPath("realms", realm, "identity-provider", "instances", "demo-idp")
	raw, err := c.readForUpdate(ctx, "read", path, "internalId", "types")
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]string
	_ = json.Unmarshal(rawField(raw, "config"), &cfg)
	cfg["syncMode"] = "FORCE"
	raw["config"], raw["trustEmail"] = cfg, true
	rawPut(t, c, path, raw)

	in.ClientSecret = ""
	in.DisplayName, in.Enabled = "Demo realm", false
	if err := c.UpdateIdentityProvider(ctx, realm, "demo-idp", in); err != nil {
		t.Fatalf("UpdateIdentityProvider: %v", err)
	}
	var after struct {
		DisplayName string            `json:"displayName"`
		Enabled     bool              `json:"enabled"`
		TrustEmail  bool              `json:"trustEmail"`
		Config      map[string]string `json:"config"`
	}
	rawGet(t, c, path, nil, &after)
	if after.DisplayName != "Demo realm" || after.Enabled || !after.TrustEmail || after.Config["syncMode"] != "FORCE" || after.Config["clientSecret"] == "" {
		t.Errorf("after the edit = %+v; want the edit, trustEmail, syncMode and the secret kept", after)
	}

	types, err := c.IdPMapperTypes(ctx, realm, "demo-idp")
	if err != nil || len(types) == 0 {
		t.Fatalf("IdPMapperTypes = %d, %v", len(types), err)
	}
	id, err := c.CreateIdPMapper(ctx, realm, "demo-idp", IdPMapper{Name: "department", Type: "oidc-user-attribute-idp-mapper",
		Config: map[string]string{"syncMode": "INHERIT", "claim": "dept", "user.attribute": "department"}})
	if err != nil || id == "" {
		t.Fatalf("CreateIdPMapper = %q, %v", id, err)
	}
	if err := c.UpdateIdPMapper(ctx, realm, "demo-idp", IdPMapper{ID: id, Name: "department", Config: map[string]string{"claim": "org.dept"}}); err != nil {
		t.Fatalf("UpdateIdPMapper: %v", err)
	}
	mappers, err := c.ListIdPMappers(ctx, realm, "demo-idp")
	if err != nil || len(mappers) != 1 || mappers[0].Config["claim"] != "org.dept" || mappers[0].Config["user.attribute"] != "department" || mappers[0].Type != "oidc-user-attribute-idp-mapper" {
		t.Fatalf("mappers = %+v, %v; want the edit with the other settings kept", mappers, err)
	}
	if err := c.DeleteIdPMapper(ctx, realm, "demo-idp", id); err != nil {
		t.Fatal(err)
	}

	saml := IdentityProviderInput{IdentityProvider: IdentityProvider{
		Alias: "corp-saml", ProviderID: ProviderSAML, Enabled: true, IdPEntityID: "https://idp.example", SSOURL: "https://idp.example/sso", SignRequests: true,
	}}
	if err := c.CreateIdentityProvider(ctx, realm, saml); err != nil {
		t.Fatalf("create SAML: %v", err)
	}
	list, err := c.ListIdentityProviders(ctx, realm)
	if err != nil || len(list) != 2 || list[0].Alias != "corp-saml" || !list[0].SignRequests || list[0].SSOURL != "https://idp.example/sso" {
		t.Fatalf("ListIdentityProviders = %+v, %v", list, err)
	}
	wantDeleted(t, "identity provider corp-saml", c.DeleteIdentityProvider(ctx, realm, "corp-saml"), func() error {
		_, err := c.GetIdentityProvider(ctx, realm, "corp-saml")
		return err
	})
}

func TestIntegrationConsentsLinkedAccountsAndImpersonation(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	createCorpProvider(t, c, realm)
	file := `{"clients":[{"clientId":"partner","consentRequired":true}],
		"users":[{"username":"jo","enabled":true,
			"clientConsents":[{"clientId":"partner","grantedClientScopes":["profile","email"]}],
			"federatedIdentities":[{"identityProvider":"corp","userId":"ext-1","userName":"jo@corp"}]}]}`
	if _, err := c.ImportRealmFile(ctx, realm, []byte(file), ImportFileOptions{IfExists: IfExistsFail}, nil); err != nil {
		t.Fatal(err)
	}
	jo := findUser(t, c, realm, "jo")

	consents, err := c.ListConsents(ctx, realm, jo.ID)
	if err != nil || len(consents) != 1 || consents[0].ClientID != "partner" || len(consents[0].Scopes) != 2 {
		t.Fatalf("ListConsents = %+v, %v", consents, err)
	}
	wantRemoved(t, "consent", c.RemoveConsent(ctx, realm, jo.ID, "partner"), func() ([]Consent, error) { return c.ListConsents(ctx, realm, jo.ID) })

	links, err := c.ListLinkedAccounts(ctx, realm, jo.ID)
	if err != nil || len(links) != 1 || links[0] != (LinkedAccount{IdentityProvider: "corp", UserID: "ext-1", UserName: "jo@corp"}) {
		t.Fatalf("ListLinkedAccounts = %+v, %v", links, err)
	}
	wantRemoved(t, "linked account", c.RemoveLinkedAccount(ctx, realm, jo.ID, "corp"), func() ([]LinkedAccount, error) { return c.ListLinkedAccounts(ctx, realm, jo.ID) })

	imp, err := c.ImpersonateUser(ctx, realm, jo.ID)
	if err != nil || imp.RedirectURL != c.BaseURL()+"/realms/"+realm+"/account" {
		t.Fatalf("ImpersonateUser = %+v, %v; want the realm's account console", imp, err)
	}
	sessions, err := c.ListUserSessions(ctx, realm, jo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions.Sessions) != 1 {
		t.Errorf("sessions after impersonation = %+v, want the one Keycloak started", sessions.Sessions)
	}
}
