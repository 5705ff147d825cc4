package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Emitter is the seam between services and the Wails runtime: services emit
// through it and tests substitute a recorder, so nothing needs a window.
type Emitter interface {
	Emit(event string, payload any)
}

// RuntimeEmitter forwards to runtime.EventsEmit once the Wails context exists.
// Events emitted before startup are dropped: no UI is listening yet.
type RuntimeEmitter struct {
	mu  sync.RWMutex
	ctx context.Context
}

// Attach records the Wails context given to OnStartup.
func (e *RuntimeEmitter) Attach(ctx context.Context) {
	e.mu.Lock()
	e.ctx = ctx
	e.mu.Unlock()
}

func (e *RuntimeEmitter) Emit(event string, payload any) {
	e.mu.RLock()
	ctx := e.ctx
	e.mu.RUnlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, event, payload)
	}
}

// Event names, mirrored in frontend/src/lib/events.ts.
const (
	EventProfileSwitched = "profile:switched"
	EventProxyLog        = "proxy:log"
	EventProxyStatus     = "proxy:status"
	EventProgress        = "op:progress"
)
