// Package privatefile writes files that only their owner may read: exports
// that hold encrypted secrets or describe a realm.
package privatefile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Write replaces path with data, readable and writable by the owner only
// (0600), whatever was there before. It writes a temporary file in the same
// folder and renames it over path, so an existing file's looser mode is not
// kept (os.WriteFile keeps it) and a failed write never leaves path half
// written or truncated: either the old file stays as it was or the new one
// is complete.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	// CreateTemp makes the file with mode 0600, before a byte is written.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// Explicit, in case a platform's CreateTemp or the folder's ACL differs.
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable where the platform allows it; a failure
// only weakens durability, the file is already in place.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort, as said above
		d.Close()
	}
}
