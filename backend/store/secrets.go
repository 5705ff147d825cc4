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
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO secrets (ref, sealed, updated_at) VALUES (?, ?, ?)
			ON CONFLICT(ref) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
			ref, sealed, formatTime(now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("save secret %s: %w", ref, err)
	}
	return nil
}

// DeleteSealedSecret removes the secret under ref; a missing one is not an error.
func (db *DB) DeleteSealedSecret(ctx context.Context, ref string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM secrets WHERE ref = ?", ref)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete secret %s: %w", ref, err)
	}
	return nil
}
