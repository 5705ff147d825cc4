package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A profile's secrets besides its login secret (browser sign-in's cookie
// keys and client secret) live in profile_secrets, one per purpose, kept
// exactly as the login secret is: the value in a secret store, sealed
// bytes written in the transaction that records them, a keychain item
// covered by an intent, swept when nothing references it.

// ProfileSecret says where one of a profile's secrets is kept.
type ProfileSecret struct {
	ProfileID int64
	Purpose   string
	Store     string // name of the secret store holding it
	Ref       string // its key in that store
	UpdatedAt time.Time
}

// ErrSecretChanged is returned by SwapProfileSecret when the secret is no
// longer the one the caller read: another writer replaced it meanwhile.
// Nothing was written; read it again and decide afresh.
var ErrSecretChanged = errors.New("the secret was changed meanwhile")

// GetProfileSecret returns where the profile keeps its secret for purpose,
// or ErrNotFound when it has none.
func (db *DB) GetProfileSecret(ctx context.Context, profileID int64, purpose string) (ProfileSecret, error) {
	ps := ProfileSecret{ProfileID: profileID, Purpose: purpose}
	var updated string
	err := db.r.QueryRowContext(ctx, "SELECT store, ref, updated_at FROM profile_secrets WHERE profile_id = ? AND purpose = ?",
		profileID, purpose).Scan(&ps.Store, &ps.Ref, &updated)
	if err != nil {
		return ProfileSecret{}, notFound("secret of profile", fmt.Sprintf("%d (%s)", profileID, purpose), err)
	}
	ps.UpdatedAt = parseTime(updated)
	return ps, nil
}

// SwapProfileSecret replaces the profile's secret for purpose, in one
// transaction, provided it is still expectRef ("" for none): next (its
// Store and Ref) is recorded with staged stored under next.Ref, or with an
// empty next.Ref the secret is removed. The replaced secret is retired as a
// profile's login secret is (sealed bytes deleted, an outside one turned
// into an intent) and returned, so the caller can remove it from its
// store. check, when not nil, sees the profile first and may refuse.
func (db *DB) SwapProfileSecret(ctx context.Context, profileID int64, purpose, expectRef string, next ProfileSecret,
	staged StagedSecret, check func(Profile) error) (ProfileSecret, error) {
	var old ProfileSecret
	err := db.write(ctx, func(tx *sql.Tx) error {
		p, err := profileByID(ctx, tx, profileID)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(p); err != nil {
				return err
			}
		}
		old = ProfileSecret{}
		err = tx.QueryRowContext(ctx, "SELECT store, ref FROM profile_secrets WHERE profile_id = ? AND purpose = ?",
			profileID, purpose).Scan(&old.Store, &old.Ref)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old.Ref != expectRef {
			return ErrSecretChanged
		}
		old.ProfileID, old.Purpose = profileID, purpose
		if next.Ref == "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM profile_secrets WHERE profile_id = ? AND purpose = ?", profileID, purpose)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO profile_secrets (profile_id, purpose, store, ref, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT(profile_id, purpose) DO UPDATE SET store = excluded.store, ref = excluded.ref, updated_at = excluded.updated_at`,
				profileID, purpose, next.Store, next.Ref, formatTime(now()))
		}
		if err != nil {
			return err
		}
		if next.Ref != "" {
			if err := storeStaged(ctx, tx, next.Ref, staged); err != nil {
				return err
			}
		}
		return retireRef(ctx, tx, old.Store, old.Ref)
	})
	if err != nil {
		return ProfileSecret{}, fmt.Errorf("save the %s of profile %d: %w", purpose, profileID, err)
	}
	return old, nil
}

// profileSecretsIn lists the profile's secrets inside tx.
func profileSecretsIn(ctx context.Context, tx *sql.Tx, profileID int64) ([]ProfileSecret, error) {
	return queryAll(ctx, tx, func(s scanner) (ProfileSecret, error) {
		ps := ProfileSecret{ProfileID: profileID}
		return ps, s.Scan(&ps.Purpose, &ps.Store, &ps.Ref)
	}, "SELECT purpose, store, ref FROM profile_secrets WHERE profile_id = ?", profileID)
}
