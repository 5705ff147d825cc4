package profile_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/tempdb"
)

// Two processes on one database (the app and tandemctl) each call Open: a
// secret one stores, the other reads, because both find the key file next
// to the database.
func TestOpenReadsSecretsStoredThroughAnotherHandleOnTheSameDatabase(t *testing.T) {
	t.Setenv("TANDEM_SECRET_STORE", "file")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data", "tandem.db")
	openSvc := func() *profile.Service {
		svc, err := profile.Open(ctx, tempdb.Open(t, path))
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	p, err := openSvc().Create(ctx, stagingInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "secret.key")); err != nil {
		t.Errorf("no key file next to the database: %v", err)
	}
	secret, err := openSvc().Secret(ctx, p.ID)
	if err != nil || secret != stagingInput().Secret {
		t.Errorf("secret through the second handle = %q, %v", secret, err)
	}
}

func TestOpenRefusesAnUnknownSecretMode(t *testing.T) {
	t.Setenv("TANDEM_SECRET_STORE", "vault")
	if _, err := profile.Open(context.Background(), tempdb.In(t, t.TempDir())); !errors.Is(err, profile.ErrSecretMode) {
		t.Errorf("Open with TANDEM_SECRET_STORE=vault: %v, want ErrSecretMode", err)
	}
}
