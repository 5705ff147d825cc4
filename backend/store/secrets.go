package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Secrets rows hold already-sealed bytes: the encryption is done by the
// caller (backend/profile), so this table never sees plaintext.

// GetSealedSecret returns the sealed bytes stored under ref, or ErrNotFound.
func (db *DB) GetSealedSecret(ctx context.Context, ref string) ([]byte, error) {
	var b []byte
	if err := db.r.QueryRowContext(ctx, "SELECT sealed FROM secrets WHERE ref = ?", ref).Scan(&b); err != nil {
		return nil, notFound("secret", ref, err)
	}
	return b, nil
}

// PutSealedSecret stores sealed bytes under ref, replacing any previous ones.
func (db *DB) PutSealedSecret(ctx context.Context, ref string, sealed []byte) error {
	return db.writeAs(ctx, "save secret "+ref, func(tx *sql.Tx) error {
		return putSealed(ctx, tx, ref, sealed)
	})
}

func putSealed(ctx context.Context, tx *sql.Tx, ref string, sealed []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO secrets (ref, sealed, updated_at) VALUES (?, ?, ?)
		ON CONFLICT(ref) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
		ref, sealed, formatTime(now()))
	return err
}

// CountSealedSecrets returns how many sealed secrets the table holds.
func (db *DB) CountSealedSecrets(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, "SELECT count(*) FROM secrets").Scan(&n); err != nil {
		return 0, fmt.Errorf("count secrets: %w", err)
	}
	return n, nil
}

// DeleteUnreferencedSealedSecrets removes sealed secrets that no profile
// references (as its login secret or in profile_secrets). This build stores a sealed secret in the transaction that
// saves its profile, so these can only be left over from builds that did
// not, by a crash between the two writes.
func (db *DB) DeleteUnreferencedSealedSecrets(ctx context.Context) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM secrets WHERE ref NOT IN (SELECT secret_ref FROM profiles)
			AND ref NOT IN (SELECT ref FROM profile_secrets)`)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete unused secrets: %w", err)
	}
	return int(n), nil
}

// ForgetSealedSecrets deletes every sealed secret and clears the secret of
// every profile whose secret store is storeName, in one transaction, and
// returns those profiles' names. It is the way out when the key the
// secrets were sealed with is lost: they can never be read again.
func (db *DB) ForgetSealedSecrets(ctx context.Context, storeName string) ([]string, error) {
	var names []string
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		names, err = queryAll(ctx, tx, scanString, "SELECT name FROM profiles WHERE secret_store = ? ORDER BY name COLLATE NOCASE", storeName)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE profiles SET secret_store = '', secret_ref = '', updated_at = ? WHERE secret_store = ?",
			formatTime(now()), storeName); err != nil {
			return err
		}
		// Sign-in's secrets sealed with the lost key go too: cookie keys
		// are made afresh on the next start, a client secret is asked for.
		if _, err := tx.ExecContext(ctx, "DELETE FROM profile_secrets WHERE store = ?", storeName); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM secrets")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("forget encrypted secrets: %w", err)
	}
	return names, nil
}

// DeleteSealedSecret removes the secret under ref; a missing one is not an error.
func (db *DB) DeleteSealedSecret(ctx context.Context, ref string) error {
	return db.exec(ctx, "delete secret "+ref, "DELETE FROM secrets WHERE ref = ?", ref)
}
