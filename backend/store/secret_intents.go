package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Secrets kept outside the database (the OS keychain) cannot join its
// transactions. Each one is recorded as an intent before it is written
// there, and the transaction that saves its profile settles the intent; a
// secret a profile stops using (deleted, replaced) becomes an intent in the
// same transaction, settled once it is removed from its store. An intent
// that outlives its process marks a secret no profile may use: the next
// open claims it and removes the secret.

// ErrIntentClaimed is returned when a profile write finds that the intent
// covering its new secret was claimed by a cleanup meanwhile (the secret
// is gone from its store): nothing was saved, and trying again works.
var ErrIntentClaimed = errors.New("the new secret was removed by a cleanup of unused secrets before its profile was saved; try again")

// SecretIntent is a secret that may exist in an outside store without a
// profile referencing it.
type SecretIntent struct {
	Ref       string
	Store     string
	CreatedAt time.Time
}

// AddSecretIntent records that a secret is about to be written to store
// under ref, before it is written there.
func (db *DB) AddSecretIntent(ctx context.Context, ref, store string) error {
	return db.writeAs(ctx, "record secret "+ref, func(tx *sql.Tx) error {
		return addIntent(ctx, tx, ref, store)
	})
}

func addIntent(ctx context.Context, tx *sql.Tx, ref, store string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO secret_intents (ref, store, created_at) VALUES (?, ?, ?) ON CONFLICT(ref) DO NOTHING",
		ref, store, formatTime(now()))
	return err
}

// DropSecretIntent forgets the intent for ref, once its secret is known to
// be either referenced by a profile or removed from its store.
func (db *DB) DropSecretIntent(ctx context.Context, ref string) error {
	return db.exec(ctx, "settle secret "+ref, "DELETE FROM secret_intents WHERE ref = ?", ref)
}

// SecretIntents returns the intents recorded before cutoff, oldest first.
func (db *DB) SecretIntents(ctx context.Context, cutoff time.Time) ([]SecretIntent, error) {
	all, err := listAs(ctx, db.r, "list secret intents", func(s scanner) (SecretIntent, error) {
		var in SecretIntent
		var created string
		err := s.Scan(&in.Ref, &in.Store, &created)
		in.CreatedAt = parseTime(created)
		return in, err
	}, "SELECT ref, store, created_at FROM secret_intents ORDER BY created_at")
	if err != nil {
		return nil, err
	}
	// Compared as times, not as the stored text, whose fractions vary in length.
	var out []SecretIntent
	for _, in := range all {
		if in.CreatedAt.Before(cutoff) {
			out = append(out, in)
		}
	}
	return out, nil
}

// ClaimSecretIntent removes the intent for ref and reports whether its
// secret is an orphan that the caller must now remove from its store: true
// when no profile references ref. A profile write still waiting to settle
// the intent then fails with ErrIntentClaimed instead of saving a profile
// whose secret is gone.
func (db *DB) ClaimSecretIntent(ctx context.Context, ref string) (bool, error) {
	orphan := false
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM secret_intents WHERE ref = ?", ref)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // settled or claimed meanwhile
		}
		var users int
		if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM profiles WHERE secret_ref = ?1) + (SELECT count(*) FROM profile_secrets WHERE ref = ?1)", ref).Scan(&users); err != nil {
			return err
		}
		orphan = users == 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim secret %s: %w", ref, err)
	}
	return orphan, nil
}

// StagedSecret is a profile's new secret, stored by the same transaction
// that saves the profile so that a crash keeps both or neither.
type StagedSecret struct {
	// Sealed is the encrypted-file store's ciphertext, inserted into the
	// secrets table under the profile's SecretRef.
	Sealed []byte
	// Intent says the secret already sits in an outside store under an
	// intent (AddSecretIntent), which the transaction settles.
	Intent bool
}

// storeStaged stores a profile's staged secret inside its transaction.
func storeStaged(ctx context.Context, tx *sql.Tx, ref string, s StagedSecret) error {
	if s.Sealed != nil {
		if err := putSealed(ctx, tx, ref, s.Sealed); err != nil {
			return err
		}
	}
	if s.Intent {
		res, err := tx.ExecContext(ctx, "DELETE FROM secret_intents WHERE ref = ?", ref)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrIntentClaimed
		}
	}
	return nil
}

// retireSecret is called in the transaction that stops old from using its
// secret: a sealed secret is deleted with it; one in an outside store
// becomes an intent, settled once the caller has removed it there.
func retireSecret(ctx context.Context, tx *sql.Tx, old Profile) error {
	return retireRef(ctx, tx, old.SecretStore, old.SecretRef)
}

// retireRef retires the secret under ref in store as retireSecret does.
func retireRef(ctx context.Context, tx *sql.Tx, store, ref string) error {
	if ref == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM secrets WHERE ref = ?", ref)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 || store == "" {
		return nil
	}
	return addIntent(ctx, tx, ref, store)
}
