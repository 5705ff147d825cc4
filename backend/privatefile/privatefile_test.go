package privatefile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/privatefile"
	"github.com/tandemhq/tandem/test/filemode"
)

// An export written over an existing world-readable file must not stay
// world-readable: the new file is 0600 whatever was there.
func TestWriteOverAWorldReadableFileLeavesItPrivate(t *testing.T) {
	filemode.SkipWithoutUnixModes(t)
	path := filepath.Join(t.TempDir(), "profiles.json")
	filemode.WorldReadable(t, path, []byte("an older, longer file that was world-readable"))
	if err := privatefile.Write(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	filemode.AssertPrivate(t, path)
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("content = %q, want the new data only", got)
	}
	assertOnly(t, filepath.Dir(path), "profiles.json")
}

// A write that fails leaves the old file as it was and no temporary file.
func TestFailedWriteLeavesTheOldFileAndNoLeftovers(t *testing.T) {
	dir := t.TempDir()
	// The target is a folder: the rename fails after the data was written.
	target := filepath.Join(dir, "export.json")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := privatefile.Write(target, []byte("data")); err == nil {
		t.Fatal("writing over a folder succeeded")
	}
	if got, err := os.ReadFile(filepath.Join(target, "keep")); err != nil || string(got) != "x" {
		t.Errorf("the existing folder was changed: %q, %v", got, err)
	}
	assertOnly(t, dir, "export.json")

	if err := privatefile.Write(filepath.Join(dir, "missing", "x.json"), []byte("data")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(names) {
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		t.Errorf("folder holds %v, want only %v (a temporary file was left behind)", got, names)
	}
}
