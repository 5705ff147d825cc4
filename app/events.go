package app

import "github.com/wailsapp/wails/v2/pkg/runtime"

// Emitter is the seam between services and the Wails runtime: services emit
// through it and tests substitute a recorder, so nothing needs a window.
type Emitter interface {
	Emit(event string, payload any)
}

// RuntimeEmitter forwards to runtime.EventsEmit once the app has started.
// Events emitted before startup are dropped: no UI is listening yet.
type RuntimeEmitter struct {
	life *Lifecycle
}

// NewRuntimeEmitter returns an emitter for the window the lifecycle started.
func NewRuntimeEmitter(life *Lifecycle) *RuntimeEmitter { return &RuntimeEmitter{life: life} }

func (e *RuntimeEmitter) Emit(event string, payload any) {
	if ctx, ok := e.life.window(); ok {
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
