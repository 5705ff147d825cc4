package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Dialogs is the seam for native file dialogs, so bound services stay
// testable without a window.
type Dialogs interface {
	// SaveFile asks where to save; "" means the user cancelled.
	SaveFile(title, defaultName string) (string, error)
}

// RuntimeDialogs shows Wails' native dialogs once the Wails context exists.
type RuntimeDialogs struct {
	mu  sync.RWMutex
	ctx context.Context
}

// Attach records the Wails context given to OnStartup.
func (d *RuntimeDialogs) Attach(ctx context.Context) {
	d.mu.Lock()
	d.ctx = ctx
	d.mu.Unlock()
}

func (d *RuntimeDialogs) SaveFile(title, defaultName string) (string, error) {
	d.mu.RLock()
	ctx := d.ctx
	d.mu.RUnlock()
	if ctx == nil {
		return "", nil
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title:           title,
		DefaultFilename: defaultName,
		Filters:         []runtime.FileFilter{{DisplayName: "Tandem profiles (*.json)", Pattern: "*.json"}},
	})
}
