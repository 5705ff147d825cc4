package profile_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
)

// A missing secret.key while the database holds secrets sealed with it is
// refused with the way out; a new key is made only once no such secret is
// left, so stored secrets are never silently orphaned.
func TestMissingKeyFileIsNotRegeneratedWhileSecretsUseIt(t *testing.T) {
	e, staging := stagingEnv(t)
	ctx := context.Background()
	key := filepath.Join(e.dataDir, "secret.key")
	if _, err := e.svc.ForgetFileSecrets(ctx); err == nil {
		t.Error("secrets were forgotten although their key file is there")
	}
	if err := os.Remove(key); err != nil {
		t.Fatal(err)
	}

	// A fresh process (new stores) adding a profile must not make a key.
	secrets, err := profile.OpenSecrets(ctx, profile.SecretOptions{Mode: profile.SecretModeFile, KeyFile: key, Sealed: e.db})
	if err != nil {
		t.Fatal(err)
	}
	svc := profile.NewService(e.db, secrets)
	other := stagingInput()
	other.Name = "Other"
	_, err = svc.Create(ctx, other)
	if !errors.Is(err, profile.ErrKeyFileMissing) {
		t.Fatalf("create with the key file missing: %v, want ErrKeyFileMissing", err)
	}
	for _, want := range []string{key, "restore the key file", profile.ForgetSecretsCommand} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := os.Stat(key); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a new key file was made although secrets sealed with the old one are stored")
	}
	if _, err := svc.Secret(ctx, staging.ID); !errors.Is(err, profile.ErrKeyFileMissing) || !strings.Contains(err.Error(), profile.ForgetSecretsCommand) {
		t.Errorf("reading a secret without its key: %v", err)
	}
	if list, err := svc.List(ctx); err != nil || len(list) != 1 {
		t.Errorf("listing with the key file missing = %d profiles, %v", len(list), err)
	}

	// The way out: forget those secrets; then new ones get a new key.
	names, err := svc.ForgetFileSecrets(ctx)
	if err != nil || !slices.Equal(names, []string{"Staging"}) {
		t.Fatalf("ForgetFileSecrets = %v, %v", names, err)
	}
	if p, _ := svc.Get(ctx, staging.ID); p.SecretStore != "" {
		t.Errorf("Staging still records a secret in %q", p.SecretStore)
	}
	p, err := svc.Create(ctx, other)
	if err != nil {
		t.Fatalf("create after forgetting: %v", err)
	}
	if s, err := svc.Secret(ctx, p.ID); err != nil || s != other.Secret {
		t.Errorf("secret under the new key = %q, %v", s, err)
	}
}
