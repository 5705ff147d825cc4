package keycloak

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
)

func init() {
	oidc := IdentityProviderInput{IdentityProvider: IdentityProvider{
		Alias: "corp", ProviderID: ProviderOIDC, AuthorizationURL: "https://idp.example/auth", TokenURL: "https://idp.example/token", ClientID: "tandem",
	}}
	readOnlyCase("CreateIdentityProvider", func(ctx context.Context, c *Client) error { return c.CreateIdentityProvider(ctx, "r", oidc) })
	readOnlyCase("UpdateIdentityProvider", func(ctx context.Context, c *Client) error { return c.UpdateIdentityProvider(ctx, "r", "corp", oidc) })
	readOnlyCase("DeleteIdentityProvider", func(ctx context.Context, c *Client) error { return c.DeleteIdentityProvider(ctx, "r", "corp") })
	readOnlyCase("CreateIdPMapper", func(ctx context.Context, c *Client) error {
		_, err := c.CreateIdPMapper(ctx, "r", "corp", IdPMapper{Name: "m", Type: "oidc-user-attribute-idp-mapper"})
		return err
	})
	readOnlyCase("UpdateIdPMapper", func(ctx context.Context, c *Client) error {
		return c.UpdateIdPMapper(ctx, "r", "corp", IdPMapper{ID: "1", Name: "m", Type: "oidc-user-attribute-idp-mapper"})
	})
	readOnlyCase("DeleteIdPMapper", func(ctx context.Context, c *Client) error { return c.DeleteIdPMapper(ctx, "r", "corp", "1") })
}

// storedCorp is an OIDC provider as Keycloak 26 answers it: secret masked,
// fields and config keys Tandem does not show, computed fields.
const storedCorp = `{"alias":"corp","displayName":"Corp","internalId":"uuid-1","providerId":"oidc","enabled":true,
"hideOnLogin":true,"trustEmail":true,"firstBrokerLoginFlowAlias":"first broker login","types":["USER_AUTHENTICATION"],
"config":{"clientSecret":"**********","clientId":"tandem","authorizationUrl":"https://idp.example/auth","tokenUrl":"https://idp.example/token","syncMode":"FORCE","pkceEnabled":"true"}}`

func TestUpdateIdentityProviderKeepsWhatTandemDoesNotShow(t *testing.T) {
	for _, tc := range []struct {
		name, secret, wantSecret string
	}{
		{"secret kept", "", "**********"}, // Keycloak reads its mask back as "keep the stored secret"
		{"secret replaced", "new-secret", "new-secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeKeycloak(t)
			var put map[string]any
			f.handle(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/admin/realms/demo/identity-provider/instances/corp" {
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
				}
				switch r.Method {
				case http.MethodGet:
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(storedCorp))
				case http.MethodPut:
					_ = json.NewDecoder(r.Body).Decode(&put)
					w.WriteHeader(http.StatusNoContent)
				}
			})
			c, _ := f.client()
			in := IdentityProviderInput{ClientSecret: tc.secret, IdentityProvider: IdentityProvider{
				Alias: "ignored", ProviderID: "saml", DisplayName: "Corporate SSO", Enabled: false,
				AuthorizationURL: "https://idp.example/v2/auth", TokenURL: "https://idp.example/v2/token", ClientID: "tandem2",
			}}
			if err := c.UpdateIdentityProvider(context.Background(), "demo", "corp", in); err != nil {
				t.Fatalf("UpdateIdentityProvider: %v", err)
			}
			cfg, _ := put["config"].(map[string]any)
			if put["alias"] != "corp" || put["providerId"] != "oidc" || put["displayName"] != "Corporate SSO" || put["enabled"] != false {
				t.Errorf("top level = %v", put)
			}
			if put["hideOnLogin"] != true || put["trustEmail"] != true || put["firstBrokerLoginFlowAlias"] != "first broker login" {
				t.Errorf("fields Tandem does not show were lost: %v", put)
			}
			if _, ok := put["internalId"]; ok {
				t.Errorf("sent the computed internalId")
			}
			if _, ok := put["types"]; ok {
				t.Errorf("sent the computed types")
			}
			if cfg["syncMode"] != "FORCE" || cfg["pkceEnabled"] != "true" {
				t.Errorf("config keys Tandem does not show were lost: %v", cfg)
			}
			if cfg["clientId"] != "tandem2" || cfg["authorizationUrl"] != "https://idp.example/v2/auth" || cfg["tokenUrl"] != "https://idp.example/v2/token" {
				t.Errorf("edited config = %v", cfg)
			}
			if cfg["clientSecret"] != tc.wantSecret {
				t.Errorf("clientSecret = %v, want %q", cfg["clientSecret"], tc.wantSecret)
			}
		})
	}
}

func TestIdentityProviderNeverCarriesTheSecretBack(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[` + storedCorp + `,{"alias":"plain","providerId":"oidc","config":{}}]`))
	})
	c, _ := f.client()
	idps, err := c.ListIdentityProviders(context.Background(), "demo")
	if err != nil || len(idps) != 2 {
		t.Fatalf("ListIdentityProviders = %+v, %v", idps, err)
	}
	if !idps[0].ClientSecretSet || idps[1].ClientSecretSet {
		t.Errorf("secret set = %v, %v; want true, false", idps[0].ClientSecretSet, idps[1].ClientSecretSet)
	}
	wantJSONWithout(t, idps, "**", `"clientSecret"`)
}

func TestCreateIdentityProviderListsEveryProblemBeforeSending(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	err := c.CreateIdentityProvider(context.Background(), "demo", IdentityProviderInput{IdentityProvider: IdentityProvider{
		Alias: "my corp", ProviderID: ProviderOIDC, AuthorizationURL: "idp.example/auth", JWKSURL: "ftp://x",
	}})
	wantInvalidInput(t, err, `alias "my corp" contains a space`, `authorization URL "idp.example/auth" is not an http(s) URL`, "token URL is empty", "client id is empty", `JWKS URL "ftp://x"`)
	err = c.CreateIdentityProvider(context.Background(), "demo", IdentityProviderInput{IdentityProvider: IdentityProvider{
		Alias: "sso", ProviderID: ProviderSAML, ValidateSignature: true,
	}})
	wantInvalidInput(t, err, "single sign-on URL is empty", "signing certificate")
	f.wantNoAdminCalls()
}

func TestCreateSAMLProviderWritesItsSigningSettings(t *testing.T) {
	var body map[string]any
	c := acceptingCreate(t, "/admin/realms/demo/identity-provider/instances", "", &body)
	err := c.CreateIdentityProvider(context.Background(), "demo", IdentityProviderInput{IdentityProvider: IdentityProvider{
		Alias: "sso", ProviderID: ProviderSAML, Enabled: true, EntityID: "https://kc.example/realms/demo", IdPEntityID: "https://idp.example",
		SSOURL: "https://idp.example/sso", SignRequests: true, ValidateSignature: true, SigningCertificate: " MIIC... \n",
	}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := body["config"].(map[string]any)
	want := map[string]string{
		"entityId": "https://kc.example/realms/demo", "idpEntityId": "https://idp.example", "singleSignOnServiceUrl": "https://idp.example/sso",
		"wantAuthnRequestsSigned": "true", "validateSignature": "true", "signingCertificate": "MIIC...",
	}
	for k, v := range want {
		if cfg[k] != v {
			t.Errorf("config[%s] = %v, want %q", k, cfg[k], v)
		}
	}
	if _, ok := cfg["clientSecret"]; ok {
		t.Errorf("a SAML provider got OIDC keys: %v", cfg)
	}
}
