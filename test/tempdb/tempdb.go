// Package tempdb opens Tandem databases for tests, closed when the test
// ends, so a test states only where the database lives.
package tempdb

import (
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
)

// Open opens (creating it and its folder) the database at path, closed
// when t ends. Closing it earlier, as a test of a second run does, is fine.
func Open(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// In opens tandem.db in dir, where the app keeps it next to its key file.
func In(t testing.TB, dir string) *store.DB {
	t.Helper()
	return Open(t, filepath.Join(dir, "tandem.db"))
}
