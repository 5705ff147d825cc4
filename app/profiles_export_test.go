package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileExportToFileWritesWhereTheUserChoseReadableOnlyByThem(t *testing.T) {
	s, _ := activeSession(t)
	path := filepath.Join(t.TempDir(), "profiles.json")
	// The user chose a file that exists and others can read: the export
	// replacing it must still be readable by the user only.
	if err := os.WriteFile(path, []byte("an older file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := NewProfileService(s, NewLifecycle(), fakeSaver{path: path}).ExportToFile(ExportRequest{})
	if err != nil || got != path {
		t.Fatalf("ExportToFile = %q, %v; want %q", got, err, path)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"Staging"`) {
		t.Errorf("export file lacks the Staging profile: %s", data)
	}

	got, err = NewProfileService(s, NewLifecycle(), fakeSaver{}).ExportToFile(ExportRequest{})
	if err != nil || got != "" {
		t.Errorf("cancelled dialog: ExportToFile = %q, %v; want nothing written", got, err)
	}
}
