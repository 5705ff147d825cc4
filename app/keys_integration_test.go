//go:build integration

package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
)

// A key rotation rehearsed against the real Keycloak and the real embedded
// proxy, step by step as the Keys tab guides it: what each step changes for
// tokens signed by the old key and by the new one, and what the proxy holds.
func TestIntegrationKeyRotationRehearsal(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	s, c, realm := localSession(t, rec)
	if _, err := c.CreateClient(ctx, realm, keycloak.OIDCClientInput{ClientID: "cli", Enabled: true, Public: true, DirectAccessGrants: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUserWith(ctx, realm, keycloak.UserInput{Username: "bob", Email: "bob@example.com", EmailVerified: true, FirstName: "Bob", LastName: "B", Enabled: true},
		keycloak.NewUserExtras{Password: "bob-password"}); err != nil {
		t.Fatal(err)
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer upstream.Close()
	if _, err := NewRouteService(s, NewLifecycle()).Save(routes.Config{
		Version: routes.Version, Issuer: keycloak.IssuerURL(c.BaseURL(), realm),
		Routes: []routes.Route{{Name: "api", Path: "/api", Upstream: upstream.URL, Auth: routes.AuthRequired}},
	}); err != nil {
		t.Fatal(err)
	}
	runner := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	st, err := runner.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := runner.Stop(); err != nil {
			t.Errorf("stop the proxy: %v", err)
		}
	}()
	proxyURL := "http://" + st.Status.Addr + "/api"
	keys := NewKeycloakProxyService[KeyService](s, NewLifecycle(), runner)

	// Before: the proxy loads the realm's JWKS once, at start (in the
	// background: the first request waits for that load, so the status is
	// read after it).
	before, err := keys.Keys(realm)
	if err != nil {
		t.Fatal(err)
	}
	oldKey := signing(t, before)
	oldToken := rotationToken(t, c.BaseURL(), realm, oldKey.KID)
	expectStatus(t, "old token before the rotation", proxyURL, oldToken, http.StatusOK)
	if before, err = keys.Keys(realm); err != nil {
		t.Fatal(err)
	}
	if !before.Proxy.Running || !before.Proxy.ServesRealm || !slices.Contains(before.Proxy.Keys, oldKey.KID) || before.Proxy.JWKSFetches != 1 {
		t.Fatalf("proxy before the rotation: %+v", before.Proxy)
	}

	// Step 1: a new provider of higher priority signs new tokens. The proxy
	// learns of it only with the first token it signed: one JWKS fetch.
	added, err := keys.AddRSAProvider(realm, keycloak.NewRSAKeyProvider{Name: "rsa-rotated"})
	if err != nil {
		t.Fatal(err)
	}
	newKey := signing(t, added)
	if newKey.KID == oldKey.KID || newKey.Priority != oldKey.Priority+100 || slices.Contains(added.Proxy.Keys, newKey.KID) {
		t.Fatalf("after adding: signing %+v, proxy %+v", newKey, added.Proxy)
	}
	newToken := rotationToken(t, c.BaseURL(), realm, newKey.KID)
	expectStatus(t, "new token", proxyURL, newToken, http.StatusOK)
	expectStatus(t, "old token once a newer key signs", proxyURL, oldToken, http.StatusOK)
	expectStatus(t, "new token again", proxyURL, newToken, http.StatusOK)
	picked, err := keys.Keys(realm)
	if err != nil {
		t.Fatal(err)
	}
	if picked.Proxy.JWKSFetches != 2 || !slices.Contains(picked.Proxy.Keys, newKey.KID) || !slices.Contains(picked.Proxy.Keys, oldKey.KID) {
		t.Fatalf("proxy after the new token: %+v, want exactly one more fetch and both keys", picked.Proxy)
	}

	// Step 2: the old provider made passive stops signing, but Keycloak still
	// publishes its key, so tokens it signed still verify.
	passive, err := keys.SetProviderActive(realm, oldKey.ProviderID, false)
	if err != nil {
		t.Fatal(err)
	}
	if k := keyOf(passive, oldKey.KID); k == nil || k.Status != keycloak.KeyPassive {
		t.Fatalf("old key after making its provider passive: %+v", k)
	}
	if !slices.Contains(publishedKIDs(t, c.BaseURL(), realm), oldKey.KID) {
		t.Error("Keycloak stopped publishing a passive key")
	}
	expectStatus(t, "old token, its key passive", proxyURL, oldToken, http.StatusOK)
	if got := introspectable(t, c.BaseURL(), realm, oldToken); got != http.StatusOK {
		t.Errorf("Keycloak refuses a token of a passive key: userinfo %d", got)
	}

	// Step 3: removed, the old key leaves the JWKS and Keycloak refuses its
	// tokens. The proxy keeps the keys it fetched until a token naming an
	// unknown kid makes it refetch, so it still accepts the old token; a
	// restart (a fresh JWKS) refuses it.
	removed, err := keys.DeleteProvider(realm, oldKey.ProviderID)
	if err != nil {
		t.Fatal(err)
	}
	if keyOf(removed, oldKey.KID) != nil || slices.Contains(publishedKIDs(t, c.BaseURL(), realm), oldKey.KID) {
		t.Fatal("the removed key is still listed or published")
	}
	if introspectable(t, c.BaseURL(), realm, oldToken) != http.StatusUnauthorized {
		t.Error("Keycloak still accepts a token of a removed key")
	}
	expectStatus(t, "old token at the running proxy after the removal", proxyURL, oldToken, http.StatusOK)
	if after, _ := keys.Keys(realm); after.Proxy.JWKSFetches != 2 {
		t.Errorf("the removal made the proxy fetch: %+v", after.Proxy)
	}

	if _, err := runner.Stop(); err != nil {
		t.Fatal(err)
	}
	st, err = runner.Start(st.Status.Addr)
	if err != nil {
		t.Fatal(err)
	}
	expectStatus(t, "old token after a proxy restart", proxyURL, oldToken, http.StatusUnauthorized)
	expectStatus(t, "new token after a proxy restart", proxyURL, newToken, http.StatusOK)
	restarted, err := keys.Keys(realm)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(restarted.Proxy.Keys, oldKey.KID) || !slices.Contains(restarted.Proxy.Keys, newKey.KID) {
		t.Errorf("proxy keys after a restart: %v", restarted.Proxy.Keys)
	}
}

// signing returns the RS256 key that signs new tokens.
func signing(t *testing.T, v KeysView) keycloak.RealmKey {
	t.Helper()
	for _, k := range v.Realm.Keys {
		if k.Algorithm == "RS256" && k.Signing {
			return k
		}
	}
	t.Fatalf("no signing RS256 key in %+v", v.Realm.Keys)
	return keycloak.RealmKey{}
}

func keyOf(v KeysView, kid string) *keycloak.RealmKey {
	for i := range v.Realm.Keys {
		if v.Realm.Keys[i].KID == kid {
			return &v.Realm.Keys[i]
		}
	}
	return nil
}

// rotationToken gets bob's access token and checks which key signed it.
func rotationToken(t *testing.T, base, realm, wantKID string) string {
	t.Helper()
	resp, err := http.PostForm(base+"/realms/"+realm+"/protocol/openid-connect/token", url.Values{
		"grant_type": {"password"}, "client_id": {"cli"}, "username": {"bob"}, "password": {"bob-password"}, "scope": {"openid"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("token: status %d, %v", resp.StatusCode, err)
	}
	header, err := base64.RawURLEncoding.DecodeString(strings.Split(body.AccessToken, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		KID string `json:"kid"`
	}
	if err := json.Unmarshal(header, &h); err != nil || h.KID != wantKID {
		t.Fatalf("token signed by %q, want %q (%v)", h.KID, wantKID, err)
	}
	return body.AccessToken
}

func expectStatus(t *testing.T, what, target, token string, want int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Errorf("%s: HTTP %d, want %d", what, resp.StatusCode, want)
	}
}

// publishedKIDs are the kids of the realm's JWKS, what verifiers fetch.
func publishedKIDs(t *testing.T, base, realm string) []string {
	t.Helper()
	resp, err := http.Get(base + "/realms/" + realm + "/protocol/openid-connect/certs")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var jwks struct {
		Keys []struct {
			KID string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&jwks); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, k := range jwks.Keys {
		out = append(out, k.KID)
	}
	return out
}

// introspectable asks Keycloak's userinfo endpoint, which verifies the
// token's signature against the realm's current keys.
func introspectable(t *testing.T, base, realm, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/realms/"+realm+"/protocol/openid-connect/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
