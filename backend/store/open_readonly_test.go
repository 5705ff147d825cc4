package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/filemode"
)

// dbWithOneProfile makes a database holding one profile, closed.
func dbWithOneProfile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "tandem.db")
	db := mustOpen(t, path)
	if _, err := db.CreateProfile(context.Background(), sampleProfile("Keep"), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// A database whose file or folder is not writable can still be listed;
// writes fail with a clear error and the file is not changed.
func TestReadOnlyDatabaseCanBeListedButNotWritten(t *testing.T) {
	filemode.SkipWithoutUnixModes(t)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		lock   func(path string) error
		unlock func(path string) error
		why    string
	}{
		{"file 0444", func(p string) error { return os.Chmod(p, 0o444) }, func(p string) error { return os.Chmod(p, 0o600) }, "mode 0444"},
		{"folder 0555", func(p string) error { return os.Chmod(filepath.Dir(p), 0o555) }, func(p string) error { return os.Chmod(filepath.Dir(p), 0o700) }, "folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := dbWithOneProfile(t)
			if err := c.lock(path); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				// Without write access back, the temporary folder cannot be removed.
				if err := c.unlock(path); err != nil {
					t.Errorf("restore write access: %v", err)
				}
			})
			before, _ := os.ReadFile(path)

			db, err := store.Open(path)
			if err != nil {
				t.Fatalf("open a read-only database: %v", err)
			}
			if !db.ReadOnly() {
				t.Error("ReadOnly() = false")
			}
			list, err := db.ListProfiles(ctx)
			if err != nil || len(list) != 1 || list[0].Name != "Keep" {
				t.Errorf("ListProfiles = %v, %v", list, err)
			}
			_, err = db.CreateProfile(ctx, sampleProfile("New"), nil, nil)
			if !errors.Is(err, store.ErrReadOnlyDatabase) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.why) {
				t.Errorf("CreateProfile on a read-only database: %v, want ErrReadOnlyDatabase naming the file and why", err)
			}
			if err := db.SetSetting(ctx, "k", "v"); !errors.Is(err, store.ErrReadOnlyDatabase) {
				t.Errorf("SetSetting: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Error(err)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("opening a read-only database changed the file")
			}
		})
	}
}

// A read-only database that needs migrating is refused with one sentence
// that says so, instead of failing inside a migration.
func TestReadOnlyDatabaseThatNeedsMigratingSaysSo(t *testing.T) {
	filemode.SkipWithoutUnixModes(t)
	path := dbWithOneProfile(t)
	// Make it look like a database from an older build: forget the newest
	// migration.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("DELETE FROM schema_migrations WHERE version = ?", store.KnownVersion()); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(path)
	if !errors.Is(err, store.ErrReadOnlyDatabase) {
		t.Fatalf("open: %v, want ErrReadOnlyDatabase", err)
	}
	msg := err.Error()
	for _, want := range []string{path, "upgrading", "make it writable"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if strings.Count(strings.TrimSuffix(msg, "."), ". ") > 0 {
		t.Errorf("error is more than one sentence: %q", msg)
	}
}
