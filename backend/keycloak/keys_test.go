package keycloak

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func init() {
	readOnlyCase("CreateRSAKeyProvider", func(ctx context.Context, c *Client) error {
		_, err := c.CreateRSAKeyProvider(ctx, "r", NewRSAKeyProvider{Name: "rsa-next", Priority: 200})
		return err
	})
	readOnlyCase("SetKeyProviderActive", func(ctx context.Context, c *Client) error {
		return c.SetKeyProviderActive(ctx, "r", "id", false)
	})
	readOnlyCase("DeleteKeyProvider", func(ctx context.Context, c *Client) error { return c.DeleteKeyProvider(ctx, "r", "id") })
}

func testCertificate(t *testing.T, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "r"}, NotBefore: notAfter.Add(-time.Hour), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

// The key list reads each certificate's expiry from the certificate, marks
// the key that signs for its algorithm, and pairs keys with their providers.
func TestListRealmKeysReadsExpiryAndTheSigningKey(t *testing.T) {
	expiry := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	cert := testCertificate(t, expiry)
	c := routedClient(t, map[string]any{
		"/admin/realms/r/keys": map[string]any{
			"active": map[string]string{"RS256": "new"},
			"keys": []map[string]any{
				{"kid": "old", "algorithm": "RS256", "use": "SIG", "type": "RSA", "status": "ACTIVE", "providerId": "p1", "providerPriority": 100, "certificate": cert},
				{"kid": "hs", "algorithm": "HS512", "use": "SIG", "type": "OCT", "status": "ACTIVE", "providerId": "p3", "providerPriority": 100},
				{"kid": "new", "algorithm": "RS256", "use": "SIG", "type": "RSA", "status": "ACTIVE", "providerId": "p2", "providerPriority": 200, "certificate": "not base64!"},
			},
		},
		"/admin/realms/r/components": func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("type") != KeyProviderType {
				t.Errorf("components without the key provider type: %s", r.URL)
			}
			writeJSON(w, http.StatusOK, []map[string]any{
				{"id": "p1", "name": "rsa-generated", "providerId": "rsa-generated", "config": map[string][]string{"priority": {"100"}, "active": {"false"}}},
				{"id": "p2", "name": "rsa-next", "providerId": "rsa-generated", "config": map[string][]string{"priority": {"200"}}},
			})
		},
	})
	got, err := c.ListRealmKeys(context.Background(), "r")
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := []RealmKey{
		{KID: "hs", Algorithm: "HS512", Use: "SIG", Type: "OCT", Status: "ACTIVE", Priority: 100, ProviderID: "p3"},
		{KID: "new", Algorithm: "RS256", Use: "SIG", Type: "RSA", Status: "ACTIVE", Priority: 200, ProviderID: "p2", Signing: true},
		{KID: "old", Algorithm: "RS256", Use: "SIG", Type: "RSA", Status: "ACTIVE", Priority: 100, ProviderID: "p1", CertificateExpiry: expiry.UnixMilli()},
	}
	if !reflect.DeepEqual(got.Keys, wantKeys) {
		t.Errorf("keys\n got %+v\nwant %+v", got.Keys, wantKeys)
	}
	wantProviders := []KeyProvider{
		{ID: "p2", Name: "rsa-next", ProviderID: "rsa-generated", Priority: 200, Active: true, Enabled: true},
		{ID: "p1", Name: "rsa-generated", ProviderID: "rsa-generated", Priority: 100, Active: false, Enabled: true},
	}
	if !reflect.DeepEqual(got.Providers, wantProviders) {
		t.Errorf("providers\n got %+v\nwant %+v", got.Providers, wantProviders)
	}
}

// Making a provider passive changes only "active": its priority, key size
// and anything else Keycloak stores survive the PUT.
func TestSetKeyProviderActiveKeepsTheOtherSettings(t *testing.T) {
	f := newFakeKeycloak(t)
	var put map[string]any
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/admin/realms/r/components/p1" {
			t.Errorf("unexpected %s", r.URL)
		}
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, map[string]any{
				"id": "p1", "name": "rsa-generated", "providerId": "rsa-generated", "providerType": KeyProviderType, "parentId": "realm-id",
				"config": map[string][]string{"priority": {"100"}, "keySize": {"2048"}},
			})
		case http.MethodPut:
			if err := json.NewDecoder(r.Body).Decode(&put); err != nil {
				t.Error(err)
			}
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c, _ := f.client()
	if err := c.SetKeyProviderActive(context.Background(), "r", "p1", false); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id": "p1", "name": "rsa-generated", "providerId": "rsa-generated", "providerType": KeyProviderType, "parentId": "realm-id",
		"config": map[string]any{"priority": []any{"100"}, "keySize": []any{"2048"}, "active": []any{"false"}},
	}
	if !reflect.DeepEqual(put, want) {
		t.Errorf("PUT %v\nwant %v", put, want)
	}
}

func TestCreateRSAKeyProviderRefusesWhatKeycloakCannotMake(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	_, err := c.CreateRSAKeyProvider(context.Background(), "r", NewRSAKeyProvider{Name: " ", Algorithm: "HS256", KeySize: 1000})
	var e *Error
	if !errors.As(err, &e) || !isErr(err, ErrInvalidInput) || f.admins() != 0 {
		t.Fatalf("err %v after %d admin calls", err, f.admins())
	}
	if e.Message != `a key provider needs a name; algorithm "HS256" is not an RSA signature algorithm (RS256, RS384, RS512, PS256, PS384, PS512); key size 1000 is not one of 1024, 2048, 3072, 4096` {
		t.Errorf("message %q", e.Message)
	}
}
