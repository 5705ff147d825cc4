// Package filemode is the test kit for files only their owner may read
// (exports, the database, key files): it makes a file others can read, for
// a write to replace, and checks that one is private.
package filemode

import (
	"os"
	"runtime"
	"testing"
)

// SkipWithoutUnixModes skips t where files carry no Unix permissions.
func SkipWithoutUnixModes(t testing.TB) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
}

// WorldReadable writes data to path as a file everyone may read (0644,
// whatever the umask), as a file the user chose to write over may be.
func WorldReadable(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil { //nolint:gosec // G306: readable by all on purpose, for the code under test to replace
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { //nolint:gosec // G302: whatever the umask did, readable by all on purpose
		t.Fatal(err)
	}
}

// AssertPrivate fails t unless path is a file only its owner may read and
// write (0600).
func AssertPrivate(t testing.TB, path string) {
	t.Helper()
	perm, err := mode(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm != 0o600 {
		t.Errorf("%s: mode %04o, want 0600", path, perm)
	}
}

func mode(path string) (os.FileMode, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Mode().Perm(), nil
}
