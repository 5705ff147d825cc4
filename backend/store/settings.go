package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
)

// Setting keys.
const (
	// SettingActiveProfile holds the id of the profile the app opens with.
	SettingActiveProfile = "active_profile_id"
	// SettingFirstRunDone is set once the first-run defaults were created, so
	// a deleted default profile does not come back.
	SettingFirstRunDone = "first_run_done"
	// SettingWindow holds the desktop window's size and position (JSON,
	// backend/window), so the next start opens where the last one closed.
	SettingWindow = "window"
)

// Setting returns the value stored under key, or ErrNotFound.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if err != nil {
		return "", notFound("setting", key, err)
	}
	return v, nil
}

// SetSetting stores value under key, replacing any previous value.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.exec(ctx, "save setting "+key,
		"INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
}

// ActiveProfileID returns the stored active profile, or ErrNotFound when none
// is set (or it pointed at a profile that no longer exists).
func (db *DB) ActiveProfileID(ctx context.Context) (int64, error) {
	var id int64
	err := db.read(ctx, func(tx *sql.Tx) error {
		var v string
		if err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingActiveProfile).Scan(&v); err != nil {
			return err
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return sql.ErrNoRows
		}
		return tx.QueryRowContext(ctx, "SELECT id FROM profiles WHERE id = ?", n).Scan(&id)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("active profile: %w", ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("read active profile: %w", err)
	}
	return id, nil
}

// SetActiveProfileID records id as the active profile; the profile must exist.
func (db *DB) SetActiveProfileID(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var found int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM profiles WHERE id = ?", id).Scan(&found); err != nil {
			return notFound("profile", id, err)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			SettingActiveProfile, strconv.FormatInt(id, 10))
		return err
	})
	if err != nil {
		return fmt.Errorf("set active profile: %w", err)
	}
	return nil
}

// FirstRun calls create once per database: if the first-run flag is not set,
// create runs and the flag is set in the same transaction, so two processes
// starting together do not both create the defaults. create receives the
// transaction-bound inserter.
func (db *DB) FirstRun(ctx context.Context, create func(insert func(NewProfile) (Profile, error)) error) (bool, error) {
	ran := false
	err := db.write(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", SettingFirstRunDone).Scan(&v)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		insert := func(np NewProfile) (Profile, error) {
			p, err := insertProfile(ctx, tx, np)
			if err != nil {
				return p, err
			}
			_, err = tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
				SettingActiveProfile, strconv.FormatInt(p.ID, 10))
			return p, err
		}
		if err := create(insert); err != nil {
			return err
		}
		ran = true
		_, err = tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, '1')", SettingFirstRunDone)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("first-run setup: %w", err)
	}
	return ran, nil
}
