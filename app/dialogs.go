package app

import (
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/tandemhq/tandem/backend/privatefile"
)

// FileSaver asks where to save a file; "" means the user cancelled. It is a
// seam so services stay testable without a window.
type FileSaver interface {
	SaveFile(title, defaultName, filterName, pattern string) (string, error)
}

// RuntimeFileSaver shows Wails' native save dialog once the app has started.
type RuntimeFileSaver struct {
	life *Lifecycle
}

// NewRuntimeFileSaver returns a saver that shows its dialog in the window
// the lifecycle started.
func NewRuntimeFileSaver(life *Lifecycle) *RuntimeFileSaver { return &RuntimeFileSaver{life: life} }

func (s *RuntimeFileSaver) SaveFile(title, defaultName, filterName, pattern string) (string, error) {
	ctx, ok := s.life.window()
	if !ok {
		return "", nil
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title: title, DefaultFilename: defaultName,
		Filters: []runtime.FileFilter{{DisplayName: filterName, Pattern: pattern}},
	})
}

// saveAs asks for a path and writes data there; "" means the user cancelled.
// Exports may hold encrypted secrets or describe a realm: readable by the
// user only, even when they replace a file others could read.
func saveAs(saver FileSaver, title, defaultName, filterName, pattern string, data []byte) (string, error) {
	path, err := saver.SaveFile(title, defaultName, filterName, pattern)
	if err != nil || path == "" {
		return "", err
	}
	if err := privatefile.Write(path, data); err != nil {
		return "", err
	}
	return path, nil
}
