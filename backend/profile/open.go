package profile

import (
	"context"
	"path/filepath"
	"time"

	"github.com/tandemhq/tandem/backend/store"
)

// Open returns the service for the profiles kept in db, with the secret
// stores TANDEM_SECRET_STORE asks for and the encrypted-file store's key in
// secret.key next to the database. The app and tandemctl both open their
// database this way, so each reads the secrets the other stored. Opening
// also removes secrets that a crashed process left without a profile
// (SweepSecrets), once they are older than a few minutes.
func Open(ctx context.Context, db *store.DB) (*Service, error) {
	mode, err := SecretModeFromEnv()
	if err != nil {
		return nil, err
	}
	secrets, err := OpenSecrets(ctx, SecretOptions{
		Mode: mode, KeyFile: filepath.Join(filepath.Dir(db.Path()), "secret.key"), Sealed: db,
	})
	if err != nil {
		return nil, err
	}
	svc := NewService(db, secrets)
	// Best effort: a secret a crash left behind is harmless until the next
	// open, so a failed cleanup must not keep the user out.
	_, _ = svc.SweepSecrets(ctx, time.Now().Add(-sweepGrace))
	return svc, nil
}
