package app

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// keycloakBase is what the Keycloak-backed services share: the session that
// hands out the active profile's admin client, and the app's lifecycle.
type keycloakBase struct {
	session *Session
	life    *Lifecycle
}

func newKeycloakBase(session *Session, life *Lifecycle) keycloakBase {
	return keycloakBase{session: session, life: life}
}

func (b *keycloakBase) appCtx() context.Context { return b.life.context() }

// with runs fn with the active profile's client and converts its error for
// the UI, naming the profile's Keycloak URL in connection failures.
func (b *keycloakBase) with(fn func(ctx context.Context, c *keycloak.Client) error) error {
	ctx := b.appCtx()
	c, err := b.session.Keycloak(ctx)
	if err != nil {
		return toUI(err)
	}
	if err := fn(ctx, c); err != nil {
		return keycloakUIError(err, c.BaseURL())
	}
	return nil
}

// withValue is with for calls that return a value.
func withValue[T any](b *keycloakBase, fn func(ctx context.Context, c *keycloak.Client) (T, error)) (T, error) {
	var out T
	err := b.with(func(ctx context.Context, c *keycloak.Client) error {
		var err error
		out, err = fn(ctx, c)
		return err
	})
	return out, err
}

// FileSaver asks where to save a file; "" means the user cancelled. It is a
// seam so services stay testable without a window.
type FileSaver interface {
	SaveFile(title, defaultName, filterName, pattern string) (string, error)
}

// RuntimeFileSaver shows Wails' native save dialog once the Wails context
// exists.
type RuntimeFileSaver struct {
	mu  sync.RWMutex
	ctx context.Context
}

// Attach records the Wails context given to OnStartup.
func (s *RuntimeFileSaver) Attach(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
}

func (s *RuntimeFileSaver) SaveFile(title, defaultName, filterName, pattern string) (string, error) {
	s.mu.RLock()
	ctx := s.ctx
	s.mu.RUnlock()
	if ctx == nil {
		return "", nil
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title: title, DefaultFilename: defaultName,
		Filters: []runtime.FileFilter{{DisplayName: filterName, Pattern: pattern}},
	})
}

// saveAs asks for a path and writes data there; "" means the user cancelled.
// Exports hold no secrets, but they describe a realm: readable by the user
// only.
func saveAs(saver FileSaver, title, defaultName, filterName, pattern string, data []byte) (string, error) {
	path, err := saver.SaveFile(title, defaultName, filterName, pattern)
	if err != nil || path == "" {
		return "", err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}
