package profile

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/tandemhq/tandem/backend/store"
)

// A profile and its secret are written so that a crash never leaves a
// secret that no profile references: the encrypted-file store's ciphertext
// goes into the same transaction as the profile; a keychain item, which no
// transaction covers, is recorded as an intent first and settled by that
// transaction, and SweepSecrets removes what a crash left unsettled.

// sweepGrace is how old an unsettled intent must be before SweepSecrets
// treats its secret as left by a crash. A live process settles its intent
// within one keychain call and one transaction (seconds); the grace keeps
// a sweep in another process (tandemctl beside the app) away from it.
const sweepGrace = 5 * time.Minute

// sealer is a store whose ciphertext the database keeps (the encrypted
// file store): it seals without storing, for the profile's transaction.
type sealer interface {
	Seal(ctx context.Context, ref, secret string) ([]byte, error)
}

// stageSecret prepares secret for row under a fresh ref in the primary
// store and records where on row; the returned StagedSecret must go into
// the transaction that saves row. An empty secret leaves row without one.
func (s *Service) stageSecret(ctx context.Context, row *store.Profile, secret string) (store.StagedSecret, error) {
	row.SecretStore, row.SecretRef = "", ""
	if secret == "" {
		return store.StagedSecret{}, nil
	}
	storeName, ref, staged, err := s.stage(ctx, secret)
	if err != nil {
		return store.StagedSecret{}, err
	}
	row.SecretStore, row.SecretRef = storeName, ref
	return staged, nil
}

// stage prepares secret under a fresh ref in the primary store, for the
// transaction that records it (see stageSecret).
func (s *Service) stage(ctx context.Context, secret string) (storeName, ref string, staged store.StagedSecret, err error) {
	ref = newRef()
	st := s.secrets.primary
	if se, ok := st.(sealer); ok {
		sealed, err := se.Seal(ctx, ref, secret)
		if err != nil {
			return "", "", store.StagedSecret{}, err
		}
		return st.Name(), ref, store.StagedSecret{Sealed: sealed}, nil
	}
	if err := s.db.AddSecretIntent(ctx, ref, st.Name()); err != nil {
		return "", "", store.StagedSecret{}, err
	}
	// On failure the intent stays: a timed-out keychain call may still
	// complete, and the next sweep removes whatever it left.
	if err := st.Set(ctx, ref, secret); err != nil {
		return "", "", store.StagedSecret{}, err
	}
	return st.Name(), ref, store.StagedSecret{Intent: true}, nil
}

// unstage removes a staged secret whose profile was not saved.
func (s *Service) unstage(ctx context.Context, row store.Profile, staged store.StagedSecret) {
	if staged.Intent {
		s.removeSecret(ctx, row.SecretStore, row.SecretRef)
	}
	// A sealed secret was never stored: its transaction rolled back.
}

// removeSecret deletes a secret no profile uses any more from its store and
// then forgets the intent that covers it. When the store does not answer
// the intent stays, for the next sweep.
func (s *Service) removeSecret(ctx context.Context, storeName, ref string) {
	if storeName == "" || ref == "" {
		return
	}
	ctx = context.WithoutCancel(ctx)
	st, err := s.secrets.store(storeName)
	if err != nil {
		return
	}
	if err := st.Delete(ctx, ref); err != nil {
		return
	}
	// The secret is gone; a claim left behind only makes a later sweep look for it again.
	_ = s.db.DropSecretIntent(ctx, ref)
}

// SweepSecrets removes secrets that no profile references and that a
// crashed or killed process left behind: keychain items whose intent was
// recorded before cutoff and never settled, and sealed secrets that older
// builds stored apart from their profile. Keychain items are only swept
// when the keychain answered at start; otherwise their intents wait. It
// returns how many secrets it removed.
func (s *Service) SweepSecrets(ctx context.Context, cutoff time.Time) (int, error) {
	if s.db.ReadOnly() {
		return 0, nil
	}
	removed, err := s.db.DeleteUnreferencedSealedSecrets(ctx)
	if err != nil {
		return 0, err
	}
	intents, err := s.db.SecretIntents(ctx, cutoff)
	if err != nil {
		return removed, err
	}
	for _, in := range intents {
		if in.Store == StoreKeychain && s.secrets.info.Active != StoreKeychain {
			continue
		}
		st, err := s.secrets.store(in.Store)
		if err != nil {
			continue
		}
		orphan, err := s.db.ClaimSecretIntent(ctx, in.Ref)
		if err != nil {
			return removed, err
		}
		if !orphan {
			continue
		}
		if err := st.Delete(ctx, in.Ref); err != nil {
			// Put the claim back so a later sweep tries again.
			// Best effort: the error returned below is the one the caller needs.
			_ = s.db.AddSecretIntent(context.WithoutCancel(ctx), in.Ref, in.Store)
			return removed, fmt.Errorf("remove unused secret %s from the %s store: %w", in.Ref, in.Store, err)
		}
		removed++
	}
	return removed, nil
}

// ForgetFileSecrets removes every secret encrypted with the key file and
// clears the secret of the profiles that used one, returning their names.
// It is the way out when the key file is lost and not restorable: those
// secrets can never be decrypted, and the profiles then ask for them again.
// While the key file is there the secrets may still be readable, so it
// refuses: a key that is there but wrong must be moved aside first.
func (s *Service) ForgetFileSecrets(ctx context.Context) ([]string, error) {
	if fs, ok := s.secrets.byName[StoreEncryptedFile].(*FileStore); ok {
		if _, err := os.Stat(fs.KeyPath()); err == nil {
			return nil, fmt.Errorf("forget encrypted secrets: the key file %s is there, so they can still be decrypted; nothing was removed (move a wrong key file aside first)", fs.KeyPath())
		}
	}
	return s.db.ForgetSealedSecrets(ctx, StoreEncryptedFile)
}
