package app

import (
	"context"
	"slices"
	"sync"
)

// Lifecycle carries the app's context to the bound services and stops what
// they run when the app quits. main.go calls Start from OnStartup and Stop
// from OnShutdown and never binds it: Wails exposes every exported method of
// a bound value to JavaScript, and starting or stopping services is not the
// UI's to call.
type Lifecycle struct {
	mu     sync.RWMutex
	ctx    context.Context // the Wails context; nil until Start
	onStop []func(context.Context)
}

// NewLifecycle returns a lifecycle that has not started.
func NewLifecycle() *Lifecycle { return &Lifecycle{} }

// Start records the Wails context given to OnStartup.
func (l *Lifecycle) Start(ctx context.Context) {
	l.mu.Lock()
	l.ctx = ctx
	l.mu.Unlock()
}

// Stop runs what the services registered with stopWith, in the order they
// registered it.
func (l *Lifecycle) Stop(ctx context.Context) {
	l.mu.RLock()
	stops := slices.Clone(l.onStop)
	l.mu.RUnlock()
	for _, stop := range stops {
		stop(ctx)
	}
}

// context is what service calls run under: the app's context once started,
// so calls end when the app shuts down; context.Background() before.
func (l *Lifecycle) context() context.Context {
	if ctx, ok := l.window(); ok {
		return ctx
	}
	return context.Background()
}

// window is the Wails context, which the runtime's events and dialogs need;
// false until Start.
func (l *Lifecycle) window() (context.Context, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ctx, l.ctx != nil
}

// stopWith registers stop to run when the app quits.
func (l *Lifecycle) stopWith(stop func(context.Context)) {
	l.mu.Lock()
	l.onStop = append(l.onStop, stop)
	l.mu.Unlock()
}
