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

	_ "github.com/mattn/go-sqlite3"

	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/filemode"
)

// openTemp opens a fresh database in a temporary folder, closed when the
// test ends.
func openTemp(t *testing.T) *store.DB {
	t.Helper()
	db := mustOpen(t, filepath.Join(t.TempDir(), "tandem.db"))
	t.Cleanup(func() { db.Close() })
	return db
}

// mustOpen opens the database at path or fails the test. The caller closes
// it: most tests here close it before they look at the file.
func mustOpen(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestOpenCreatesPrivateFolderAndMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "tandem.db")
	db := mustOpen(t, path)
	defer db.Close()
	st, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o700 {
		t.Errorf("folder mode = %o, want 700", perm)
	}
	filemode.AssertPrivate(t, path)
	filemode.AssertPrivate(t, path+"-wal")
	v, err := db.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != store.KnownVersion() || v == 0 {
		t.Errorf("schema version = %d, want %d", v, store.KnownVersion())
	}
}

func TestOpenTwiceIsANoOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tandem.db")
	db := mustOpen(t, path)
	ctx := context.Background()
	if _, err := db.CreateProfile(ctx, sampleProfile("Keep"), nil, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err := store.Open(path)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer db.Close()
	ps, err := db.ListProfiles(ctx)
	if err != nil || len(ps) != 1 {
		t.Fatalf("profiles after reopen = %v, %v", ps, err)
	}
	raw := rawOpen(t, path)
	var n int
	if err := raw.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != store.KnownVersion() {
		t.Errorf("schema_migrations rows = %d, want %d (one per migration)", n, store.KnownVersion())
	}
}

func TestOpenUsesWAL(t *testing.T) {
	db := openTemp(t)
	var mode string
	if err := rawOpen(t, db.Path()).QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestOpenRefusesNewerSchemaAndLeavesItUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tandem.db")
	db := mustOpen(t, path)
	db.Close()
	raw := rawOpen(t, path)
	future := store.KnownVersion() + 5
	if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 'x')", future); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := snapshot(t, path)

	_, err := store.Open(path)
	if !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	for _, want := range []string{path, "newer", "untouched"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if after := snapshot(t, path); !bytes.Equal(before, after) {
		t.Error("the newer database was modified")
	}
}

func TestOpenRefusesNonSQLiteFileAndLeavesItUntouched(t *testing.T) {
	for name, content := range map[string][]byte{
		"text":      []byte("profiles:\n  - name: prod\n"),
		"short":     []byte("SQLite"),
		"truncated": append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 600)...),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tandem.db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := store.Open(path)
			if !errors.Is(err, store.ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			got, _ := os.ReadFile(path)
			if !bytes.Equal(got, content) {
				t.Error("the file was modified")
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Error("a -wal file was created beside the refused file")
			}
		})
	}
}

func TestOpenReportsCorruptPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tandem.db")
	db := mustOpen(t, path)
	ctx := context.Background()
	for i := range 50 {
		if _, err := db.CreateProfile(ctx, sampleProfile("p"+strings.Repeat("x", i)), bytes.Repeat([]byte("a"), 2000), nil); err != nil {
			t.Fatal(err)
		}
	}
	db.Close() // checkpoints the WAL into the main file
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 8192 {
		t.Fatalf("database only %d bytes", len(b))
	}
	// Scribble over the second page onward, keeping the header valid.
	for i := 4096; i < len(b)-100; i++ {
		b[i] = 0x5a
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(path)
	if !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, b) {
		t.Error("the corrupt file was modified")
	}
}

func TestOpenUnreadableFileNamesIt(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	path := filepath.Join(t.TempDir(), "tandem.db")
	if err := os.WriteFile(path, nil, 0o000); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want an error naming %s", err, path)
	}
}

func TestOpenFolderIsRefused(t *testing.T) {
	path := t.TempDir()
	_, err := store.Open(path)
	if err == nil || !strings.Contains(err.Error(), "folder") {
		t.Fatalf("err = %v, want an error saying it is a folder", err)
	}
}

func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// snapshot is the bytes of the database and its WAL, to prove nothing changed.
func snapshot(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func sampleProfile(name string) store.Profile {
	return store.Profile{
		Name: name, Kind: "dev", Color: "#1677ff", KeycloakURL: "http://127.0.0.1:8180",
		AdminRealm: "master", AuthMethod: "password", Username: "admin",
	}
}
