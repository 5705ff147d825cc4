package app

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
)

// OpenSession opens the database at dbPath with its secret stores, creates
// the Local profile on first run and loads the active profile. On failure
// it still returns a usable, empty session, so the window can open and say
// why. The database is returned whenever it opened, for the caller to close.
func OpenSession(ctx context.Context, dbPath string, emitter Emitter) (*store.DB, *Session, error) {
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, NewSession(nil, emitter), err
	}
	svc, err := profile.Open(ctx, db)
	if err != nil {
		return db, NewSession(nil, emitter), err
	}
	if _, err := svc.EnsureLocal(ctx); err != nil {
		return db, NewSession(nil, emitter), fmt.Errorf("create the Local profile: %w", err)
	}
	session := NewSession(svc, emitter)
	if err := session.Start(ctx); err != nil {
		return db, NewSession(nil, emitter), err
	}
	return db, session, nil
}
