package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
)

func TestOpenSessionOnAFreshDatabaseStartsOnTheLocalProfile(t *testing.T) {
	t.Setenv("TANDEM_SECRET_STORE", "file")
	ctx := context.Background()
	db, s, err := OpenSession(ctx, filepath.Join(t.TempDir(), "tandem", "tandem.db"), &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := s.Profile(ctx)
	if err != nil || p.Name != profile.LocalName {
		t.Fatalf("active profile = %q, %v; want %q", p.Name, err, profile.LocalName)
	}
}

func TestOpenSessionOnAFileThatIsNoDatabaseGivesAnEmptySession(t *testing.T) {
	t.Setenv("TANDEM_SECRET_STORE", "file")
	path := filepath.Join(t.TempDir(), "tandem.db")
	if err := os.WriteFile(path, []byte("not a database, but long enough to have a header page"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, s, err := OpenSession(context.Background(), path, &recorder{})
	if err == nil {
		t.Fatal("opened a file that is not a database")
	}
	if db != nil {
		db.Close()
		t.Error("a database was returned for a file that did not open")
	}
	if _, err := s.Profile(context.Background()); !errors.Is(err, profile.ErrNoActiveProfile) {
		t.Errorf("the empty session answers %v, want ErrNoActiveProfile", err)
	}
}

func TestOpenSessionReturnsTheDatabaseWhenTheSecretsFailToOpen(t *testing.T) {
	t.Setenv("TANDEM_SECRET_STORE", "vault")
	db, s, err := OpenSession(context.Background(), filepath.Join(t.TempDir(), "tandem.db"), &recorder{})
	if !errors.Is(err, profile.ErrSecretMode) {
		t.Fatalf("err = %v, want ErrSecretMode", err)
	}
	if db == nil {
		t.Fatal("the opened database was not returned: nobody could close it")
	}
	db.Close()
	if _, err := s.Profile(context.Background()); !errors.Is(err, profile.ErrNoActiveProfile) {
		t.Errorf("the empty session answers %v, want ErrNoActiveProfile", err)
	}
}
