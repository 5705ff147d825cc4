package keycloak

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func init() {
	readOnlyCase("CreateClient", func(ctx context.Context, c *Client) error {
		_, err := c.CreateClient(ctx, "r", OIDCClientInput{ClientID: "x"})
		return err
	})
	readOnlyCase("UpdateClient", func(ctx context.Context, c *Client) error {
		return c.UpdateClient(ctx, "r", "id", OIDCClientInput{ClientID: "x"})
	})
	readOnlyCase("DeleteClient", func(ctx context.Context, c *Client) error { return c.DeleteClient(ctx, "r", "id") })
	readOnlyCase("RegenerateClientSecret", func(ctx context.Context, c *Client) error {
		_, err := c.RegenerateClientSecret(ctx, "r", "id")
		return err
	})
}

func TestClientInputListsEveryProblem(t *testing.T) {
	in := OIDCClientInput{
		ClientID: "my app", Public: true, ServiceAccount: true, RootURL: "ftp://x",
		RedirectURIs: []string{"/cb", "http://a b"}, WebOrigins: []string{"+", "*", "https://ok.example:8443", "https://x/path", "nope"},
	}
	err := in.normalised().validate()
	if err == nil {
		t.Fatal("invalid input accepted")
	}
	for _, want := range []string{
		`client id "my app" contains a space`, "public client cannot have a service account", `root URL "ftp://x"`,
		`redirect URI "http://a b" contains a space`, `web origin "https://x/path"`, `web origin "nope"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), `"/cb"`) {
		t.Errorf("error %q: a relative redirect URI is allowed when a root URL is set", err)
	}
	ok := OIDCClientInput{ClientID: "web", RedirectURIs: []string{" http://127.0.0.1:5173/* ", ""}, WebOrigins: []string{"+"}}.normalised()
	if err := ok.validate(); err != nil || len(ok.RedirectURIs) != 1 || ok.RedirectURIs[0] != "http://127.0.0.1:5173/*" {
		t.Fatalf("valid input: %v, redirect URIs %q", err, ok.RedirectURIs)
	}
	if err := (OIDCClientInput{ClientID: "web", RedirectURIs: []string{"/cb"}}).validate(); err == nil {
		t.Fatal("a relative redirect URI without a root URL was accepted")
	}
}

func TestUpdateClientOverlaysAndNeverSendsTheSecret(t *testing.T) {
	f := newFakeKeycloak(t)
	stored := f.storeOne(map[string]any{
		"id": "c1", "clientId": "api", "protocol": "openid-connect", "publicClient": false, "secret": "s3cret",
		"attributes": map[string]string{"pkce.code.challenge.method": "S256"}, "defaultClientScopes": []string{"roles"},
		"access": map[string]bool{"manage": true},
	})
	c, _ := f.client()
	err := c.UpdateClient(context.Background(), "r", "c1", OIDCClientInput{ClientID: "api", Name: "API", Enabled: true, DirectAccessGrants: true})
	put := *stored
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := put["secret"]; ok {
		t.Fatal("the secret was sent back")
	}
	if _, ok := put["access"]; ok {
		t.Fatal("the read-only access map was sent back")
	}
	attrs, _ := put["attributes"].(map[string]any)
	if attrs["pkce.code.challenge.method"] != "S256" || put["defaultClientScopes"] == nil {
		t.Fatalf("PUT body = %v, want attributes and scopes kept", put)
	}
	if put["name"] != "API" || put["directAccessGrantsEnabled"] != true || put["publicClient"] != false {
		t.Fatalf("PUT body = %v, want the edited fields", put)
	}
}

func TestUpdateClientRefusesSAMLClients(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("a SAML client was written: %s", r.Method)
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": "c1", "clientId": "sp", "protocol": "saml"})
	})
	c, _ := f.client()
	err := c.UpdateClient(context.Background(), "r", "c1", OIDCClientInput{ClientID: "sp"})
	wantInvalidInput(t, err, "saml")
}

func TestSecretsOnlyForConfidentialClients(t *testing.T) {
	c := routedClient(t, map[string]any{
		"/admin/realms/r/clients/pub":  map[string]any{"id": "pub", "clientId": "web", "publicClient": true, "protocol": "openid-connect"},
		"/admin/realms/r/clients/conf": map[string]any{"id": "conf", "clientId": "api", "protocol": "openid-connect"},
		"/admin/realms/r/clients/conf/client-secret": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusOK, map[string]string{"type": "secret", "value": "s3cret-" + r.Method})
		},
	})
	ctx := context.Background()
	if _, err := c.RegenerateClientSecret(ctx, "r", "pub"); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("public client: err = %v, want ErrInvalidInput", err)
	}
	if s, err := c.GetClientSecret(ctx, "r", "conf"); err != nil || s != "s3cret-GET" {
		t.Fatalf("GetClientSecret = %q, %v", s, err)
	}
	if s, err := c.RegenerateClientSecret(ctx, "r", "conf"); err != nil || s != "s3cret-POST" {
		t.Fatalf("RegenerateClientSecret = %q, %v", s, err)
	}
}

func TestListClientsNeverCarriesSecrets(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); q.Get("clientId") != "ap" || q.Get("search") != "true" {
			t.Errorf("query = %s, want a clientId search", r.URL.RawQuery)
		}
		writeJSON(w, http.StatusOK, []map[string]any{{"id": "c1", "clientId": "api", "secret": "s3cret", "attributes": map[string]string{"realm_client": "false"}}})
	})
	c, _ := f.client()
	page, err := c.ListClients(context.Background(), "r", "ap", 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	wantJSONWithout(t, page, "s3cret")
	if cl := page.Items[0]; cl.Protocol != "openid-connect" || cl.RedirectURIs == nil || cl.BuiltIn {
		t.Fatalf("client = %+v, want protocol defaulted and empty (not null) lists", cl)
	}
}

func TestProtocolMapperTokenFlagsFollowKeycloakDefaults(t *testing.T) {
	for _, tc := range []struct {
		name                          string
		rep                           protocolMapperRep
		claim                         string
		access, id, userinfo, introsp bool
	}{
		{"sub has no claim.name", protocolMapperRep{ProtocolMapper: "oidc-sub-mapper", Config: map[string]string{"access.token.claim": "true"}}, "sub", true, false, false, true},
		{"nothing set: access and introspection", protocolMapperRep{ProtocolMapper: "oidc-audience-resolve-mapper"}, "aud", true, false, false, true},
		{"id token implies userinfo", protocolMapperRep{ProtocolMapper: "oidc-usermodel-attribute-mapper", Config: map[string]string{"claim.name": "email", "id.token.claim": "true", "access.token.claim": "false"}}, "email", false, true, true, false},
		{"explicit userinfo off", protocolMapperRep{ProtocolMapper: "x", Config: map[string]string{"claim.name": "c", "id.token.claim": "true", "userinfo.token.claim": "false", "introspection.token.claim": "true", "access.token.claim": "false"}}, "c", false, true, false, true},
	} {
		m := tc.rep.mapper("s")
		if m.Claim != tc.claim || m.AccessToken != tc.access || m.IDToken != tc.id || m.UserInfo != tc.userinfo || m.Introspection != tc.introsp || m.Scope != "s" {
			t.Errorf("%s: %+v", tc.name, m)
		}
	}
}

func TestClientProtocolMappersOrdersOwnMappersThenDefaultScopes(t *testing.T) {
	c := routedClient(t, map[string]any{
		"/admin/realms/r/clients": []map[string]any{{"id": "c1", "clientId": "web"}},
		"/admin/realms/r/clients/c1": map[string]any{"id": "c1", "clientId": "web", "protocolMappers": []map[string]any{
			{"name": "tenant", "protocolMapper": "oidc-hardcoded-claim-mapper", "config": map[string]string{"claim.name": "tenant"}},
		}},
		"/admin/realms/r/clients/c1/default-client-scopes": []map[string]string{{"id": "s-roles", "name": "roles"}, {"id": "s-basic", "name": "basic"}},
		"/admin/realms/r/client-scopes": []map[string]any{
			{"id": "s-roles", "name": "roles", "protocolMappers": []map[string]any{{"name": "realm roles", "protocolMapper": "oidc-usermodel-realm-role-mapper", "config": map[string]string{"claim.name": "realm_access.roles"}}}},
			{"id": "s-basic", "name": "basic", "protocolMappers": []map[string]any{{"name": "sub", "protocolMapper": "oidc-sub-mapper"}}},
			{"id": "s-phone", "name": "phone", "protocolMappers": []map[string]any{{"name": "phone", "protocolMapper": "x", "config": map[string]string{"claim.name": "phone_number"}}}},
		},
	})
	ms, err := c.ClientProtocolMappers(context.Background(), "r", "web")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Scope+"/"+m.Claim)
	}
	if strings.Join(got, ",") != "/tenant,basic/sub,roles/realm_access.roles" {
		t.Fatalf("mappers = %v, want the client's own, then default scopes by name, no optional scope", got)
	}
}

func TestServiceAccountsAreConfirmedAgainstClients(t *testing.T) {
	f := newFakeKeycloak(t)
	lookups := 0
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		lookups++
		switch r.URL.Query().Get("clientId") {
		case "myapp":
			writeJSON(w, http.StatusOK, []map[string]any{{"clientId": "MyApp", "serviceAccountsEnabled": true}, {"clientId": "myapp-web"}})
		default:
			writeJSON(w, http.StatusOK, []map[string]any{})
		}
	})
	c, _ := f.client()
	users := []UserRef{
		{Username: "service-account-myapp"}, {Username: "bob"}, {Username: "service-account-impostor"},
		{Username: "service-account-myapp"},
	}
	if err := c.serviceAccounts("r").mark(context.Background(), "op", users); err != nil {
		t.Fatal(err)
	}
	if !users[0].ServiceAccount || users[0].ServiceAccountClientID != "MyApp" || !users[3].ServiceAccount {
		t.Fatalf("users = %+v, want service-account-myapp marked as MyApp's", users)
	}
	if users[1].ServiceAccount || users[2].ServiceAccount {
		t.Fatalf("users = %+v, bob and an impostor without a client are people", users)
	}
	if lookups != 2 {
		t.Fatalf("%d client lookups, want one per distinct candidate and none for bob", lookups)
	}
}
