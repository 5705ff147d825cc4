//go:build integration

package keycloak

import (
	"testing"
	"time"
)

// A new rsa-generated provider of higher priority signs; made passive its key
// is PASSIVE and stops signing; deleted, its key is gone.
func TestIntegrationKeyProviderLifecycle(t *testing.T) {
	ctx, c, realm := integrationRealm(t)

	before, err := c.ListRealmKeys(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	old := signingKey(before, "RS256")
	if old == nil || old.Status != KeyActive || old.CertificateExpiry < time.Now().Add(365*24*time.Hour).UnixMilli() {
		t.Fatalf("a new realm's RS256 key %+v, want an active one with a certificate valid for years", old)
	}

	id, err := c.CreateRSAKeyProvider(ctx, realm, NewRSAKeyProvider{Name: "rsa-next", Priority: old.Priority + 100})
	if err != nil {
		t.Fatal(err)
	}
	after, err := c.ListRealmKeys(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	next := signingKey(after, "RS256")
	if next == nil || next.ProviderID != id || next.KID == old.KID || next.Priority != old.Priority+100 {
		t.Fatalf("signing key after adding a provider: %+v", next)
	}

	if err := c.SetKeyProviderActive(ctx, realm, id, false); err != nil {
		t.Fatal(err)
	}
	passive, err := c.ListRealmKeys(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	if k := keyByKID(passive, next.KID); k == nil || k.Status != KeyPassive || k.Signing {
		t.Errorf("the passive provider's key: %+v", k)
	}
	if k := signingKey(passive, "RS256"); k == nil || k.KID != old.KID {
		t.Errorf("signing key once the new one is passive: %+v, want the old one again", k)
	}
	for _, p := range passive.Providers {
		if p.ID == id && (p.Active || !p.Enabled || p.Priority != old.Priority+100) {
			t.Errorf("provider made passive %+v", p)
		}
	}

	if err := c.DeleteKeyProvider(ctx, realm, id); err != nil {
		t.Fatal(err)
	}
	gone, err := c.ListRealmKeys(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	if k := keyByKID(gone, next.KID); k != nil {
		t.Errorf("key of a deleted provider still listed: %+v", k)
	}
}

func signingKey(ks RealmKeys, alg string) *RealmKey {
	for i := range ks.Keys {
		if ks.Keys[i].Algorithm == alg && ks.Keys[i].Signing {
			return &ks.Keys[i]
		}
	}
	return nil
}

func keyByKID(ks RealmKeys, kid string) *RealmKey {
	for i := range ks.Keys {
		if ks.Keys[i].KID == kid {
			return &ks.Keys[i]
		}
	}
	return nil
}
