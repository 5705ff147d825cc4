package filemode

import (
	"os"
	"path/filepath"
	"testing"
)

// WorldReadable makes a file all may read: a kit file that came out private
// would let every caller's "replaced by a private file" check pass without
// the code under test doing anything.
func TestWorldReadableIsReadableByAll(t *testing.T) {
	SkipWithoutUnixModes(t)
	path := filepath.Join(t.TempDir(), "f")
	WorldReadable(t, path, []byte("x"))
	if perm, err := mode(path); err != nil || perm != 0o644 {
		t.Fatalf("WorldReadable made mode %04o, %v; want 0644", perm, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	AssertPrivate(t, path)
}
