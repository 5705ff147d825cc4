package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/test/filemode"
)

func TestProfileExportToFileWritesWhereTheUserChoseReadableOnlyByThem(t *testing.T) {
	s, _ := activeSession(t)
	path := filepath.Join(t.TempDir(), "profiles.json")
	// The user chose a file that exists and others can read: the export
	// replacing it must still be readable by the user only.
	filemode.WorldReadable(t, path, []byte("an older file"))
	got, err := NewProfileService(s, NewLifecycle(), fakeSaver{path: path}).ExportToFile(ExportRequest{})
	if err != nil || got != path {
		t.Fatalf("ExportToFile = %q, %v; want %q", got, err, path)
	}
	filemode.AssertPrivate(t, path)
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"Staging"`) {
		t.Errorf("export file lacks the Staging profile: %s", data)
	}

	got, err = NewProfileService(s, NewLifecycle(), fakeSaver{}).ExportToFile(ExportRequest{})
	if err != nil || got != "" {
		t.Errorf("cancelled dialog: ExportToFile = %q, %v; want nothing written", got, err)
	}
}
