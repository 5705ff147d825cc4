package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
)

// A profile's other secrets (sign-in's cookie keys and client secret) are
// kept, replaced and swept exactly as its login secret is.
func TestProfileSecrets(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	p, err := db.CreateProfile(ctx, sampleProfile("Staging"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys := store.ProfileSecret{Store: "encrypted-file", Ref: "keys-1"}
	if _, err := db.SwapProfileSecret(ctx, p.ID, "cookie-keys", "", keys, store.StagedSecret{Sealed: []byte{1}}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetProfileSecret(ctx, p.ID, "cookie-keys")
	if err != nil || got.Ref != "keys-1" || got.Store != "encrypted-file" {
		t.Fatalf("GetProfileSecret = %+v, %v", got, err)
	}
	if _, err := db.GetSealedSecret(ctx, "keys-1"); err != nil {
		t.Fatalf("the sealed value was not stored with its row: %v", err)
	}

	// A writer that read an older secret changes nothing.
	stale := store.ProfileSecret{Store: "encrypted-file", Ref: "keys-stale"}
	if _, err := db.SwapProfileSecret(ctx, p.ID, "cookie-keys", "", stale, store.StagedSecret{Sealed: []byte{2}}, nil); !errors.Is(err, store.ErrSecretChanged) {
		t.Fatalf("swap from a stale read: %v, want ErrSecretChanged", err)
	}
	if _, err := db.GetSealedSecret(ctx, "keys-stale"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a refused swap stored its sealed value")
	}

	// Replacing retires the old sealed value in the same transaction.
	next := store.ProfileSecret{Store: "encrypted-file", Ref: "keys-2"}
	old, err := db.SwapProfileSecret(ctx, p.ID, "cookie-keys", "keys-1", next, store.StagedSecret{Sealed: []byte{3}}, nil)
	if err != nil || old.Ref != "keys-1" {
		t.Fatalf("swap = %+v, %v", old, err)
	}
	if _, err := db.GetSealedSecret(ctx, "keys-1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("the replaced sealed value is still stored")
	}

	// A keychain secret referenced by profile_secrets is no orphan for the
	// sweep's claim, and the sweep keeps sealed values it references.
	if err := db.AddSecretIntent(ctx, "client-1", "keychain"); err != nil {
		t.Fatal(err)
	}
	client := store.ProfileSecret{Store: "keychain", Ref: "client-1"}
	if _, err := db.SwapProfileSecret(ctx, p.ID, "login-client-secret", "", client, store.StagedSecret{Intent: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSecretIntent(ctx, "client-1", "keychain"); err != nil {
		t.Fatal(err)
	}
	if orphan, err := db.ClaimSecretIntent(ctx, "client-1"); err != nil || orphan {
		t.Fatalf("ClaimSecretIntent of a referenced keychain secret = %v, %v; want not an orphan", orphan, err)
	}
	if n, err := db.DeleteUnreferencedSealedSecrets(ctx); err != nil || n != 0 {
		t.Fatalf("the sweep removed %d referenced secrets (%v)", n, err)
	}

	// Deleting the profile retires both: the sealed one goes, the keychain
	// one becomes an intent for its store to be cleaned.
	_, others, err := db.DeleteProfileWithSecrets(ctx, p.ID)
	if err != nil || len(others) != 2 {
		t.Fatalf("DeleteProfileWithSecrets = %+v, %v", others, err)
	}
	if _, err := db.GetSealedSecret(ctx, "keys-2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("the cookie keys outlived their profile")
	}
	if orphan, err := db.ClaimSecretIntent(ctx, "client-1"); err != nil || !orphan {
		t.Fatalf("after delete the keychain secret is an orphan: %v, %v", orphan, err)
	}
}
