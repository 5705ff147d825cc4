package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Profile is one row of the profiles table. Its meaning (validation, kinds,
// secrets) belongs to backend/profile; here it is only stored.
type Profile struct {
	ID           int64
	Name         string
	Kind         string
	Color        string
	KeycloakURL  string
	AdminRealm   string
	AuthMethod   string
	Username     string
	ClientID     string
	DefaultRealm string
	ReadOnly     bool
	Notes        string
	SecretStore  string // name of the store holding the secret; "" when none
	SecretRef    string // key of the secret in that store
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ProfileRoutes is the profile's route file and proxy settings, both as JSON
// documents whose shape belongs to the packages that use them.
type ProfileRoutes struct {
	ProfileID int64
	Config    []byte
	Proxy     []byte
	UpdatedAt time.Time
}

// NewProfile is what CreateProfiles stores: a profile with its routes and
// its new secret.
type NewProfile struct {
	Profile Profile
	Config  []byte
	Proxy   []byte
	Secret  StagedSecret // stored under Profile.SecretRef
}

const profileColumns = `id, name, kind, color, keycloak_url, admin_realm, auth_method, username, client_id,
	default_realm, read_only, notes, secret_store, secret_ref, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanProfile(s scanner) (Profile, error) {
	var p Profile
	var created, updated string
	err := s.Scan(&p.ID, &p.Name, &p.Kind, &p.Color, &p.KeycloakURL, &p.AdminRealm, &p.AuthMethod, &p.Username,
		&p.ClientID, &p.DefaultRealm, &p.ReadOnly, &p.Notes, &p.SecretStore, &p.SecretRef, &created, &updated)
	if err != nil {
		return p, err
	}
	p.CreatedAt = parseTime(created)
	p.UpdatedAt = parseTime(updated)
	return p, nil
}

// profileByID reads the profile with id through q (the read pool or a
// transaction), or ErrNotFound.
func profileByID(ctx context.Context, q queryer, id int64) (Profile, error) {
	return queryOne(ctx, q, "profile", id, scanProfile, "SELECT "+profileColumns+" FROM profiles WHERE id = ?", id)
}

func scanProfileRoutes(s scanner) (ProfileRoutes, error) {
	var r ProfileRoutes
	var config, proxy, updated string
	if err := s.Scan(&r.ProfileID, &config, &proxy, &updated); err != nil {
		return r, err
	}
	r.Config, r.Proxy, r.UpdatedAt = []byte(config), []byte(proxy), parseTime(updated)
	return r, nil
}

// routesOfProfile reads the route and proxy documents of a profile through
// q (the read pool or a transaction), or ErrNotFound.
func routesOfProfile(ctx context.Context, q queryer, profileID int64) (ProfileRoutes, error) {
	return queryOne(ctx, q, "routes of profile", profileID, scanProfileRoutes,
		"SELECT profile_id, config_json, proxy_json, updated_at FROM profile_routes WHERE profile_id = ?", profileID)
}

func now() time.Time { return time.Now().UTC() }

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func notFound(what string, id any, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
	}
	return fmt.Errorf("read %s %v: %w", what, id, err)
}

// ListProfiles returns every profile ordered by name.
func (db *DB) ListProfiles(ctx context.Context) ([]Profile, error) {
	return listAs(ctx, db.r, "list profiles", scanProfile, "SELECT "+profileColumns+" FROM profiles ORDER BY name COLLATE NOCASE")
}

// GetProfile returns the profile with id, or ErrNotFound.
func (db *DB) GetProfile(ctx context.Context, id int64) (Profile, error) {
	return profileByID(ctx, db.r, id)
}

// GetProfileByName returns the profile whose name matches, ignoring case.
func (db *DB) GetProfileByName(ctx context.Context, name string) (Profile, error) {
	return queryOne(ctx, db.r, "profile", fmt.Sprintf("%q", name), scanProfile,
		"SELECT "+profileColumns+" FROM profiles WHERE name = ? COLLATE NOCASE", name)
}

// CreateProfiles stores profiles with their routes and secrets in one
// transaction: either all of them exist afterwards or none does. IDs and
// timestamps are set here.
func (db *DB) CreateProfiles(ctx context.Context, items []NewProfile) ([]Profile, error) {
	return db.CreateProfilesNamed(ctx, items, nil)
}

// NameTaken reports whether a profile already has name (ignoring case), as
// the write transaction sees it.
type NameTaken func(name string) (bool, error)

// CreateProfilesNamed is CreateProfiles where name, when not nil, chooses
// the name of items[i] inside the write transaction, given what is taken
// there: it returns the name to store it under, or "" to skip it. As the
// transaction holds the database's write lock from its start, a name seen
// free is still free at the insert, so concurrent importers (in this
// process or another) never collide on a name. The result is parallel to
// items; a skipped item has ID 0.
func (db *DB) CreateProfilesNamed(ctx context.Context, items []NewProfile, name func(i int, taken NameTaken) (string, error)) ([]Profile, error) {
	out := make([]Profile, len(items))
	err := db.write(ctx, func(tx *sql.Tx) error {
		taken := func(n string) (bool, error) {
			var c int
			err := tx.QueryRowContext(ctx, "SELECT count(*) FROM profiles WHERE name = ? COLLATE NOCASE", n).Scan(&c)
			return c > 0, err
		}
		for i, it := range items {
			out[i] = Profile{}
			if name != nil {
				n, err := name(i, taken)
				if err != nil {
					return err
				}
				if n == "" {
					continue
				}
				it.Profile.Name = n
			}
			p, err := insertProfile(ctx, tx, it)
			if err != nil {
				return err
			}
			out[i] = p
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create profiles: %w", err)
	}
	return out, nil
}

// CreateProfile stores one profile with its routes in one transaction.
func (db *DB) CreateProfile(ctx context.Context, p Profile, config, proxy []byte) (Profile, error) {
	var out Profile
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = insertProfile(ctx, tx, NewProfile{Profile: p, Config: config, Proxy: proxy})
		return err
	})
	if err != nil {
		return Profile{}, fmt.Errorf("create %w", err)
	}
	return out, nil
}

func insertProfile(ctx context.Context, tx *sql.Tx, it NewProfile) (Profile, error) {
	p := it.Profile
	t := now()
	p.CreatedAt, p.UpdatedAt = t, t
	res, err := tx.ExecContext(ctx, `INSERT INTO profiles (name, kind, color, keycloak_url, admin_realm, auth_method,
		username, client_id, default_realm, read_only, notes, secret_store, secret_ref, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Name, p.Kind, p.Color, p.KeycloakURL, p.AdminRealm, p.AuthMethod, p.Username, p.ClientID,
		p.DefaultRealm, p.ReadOnly, p.Notes, p.SecretStore, p.SecretRef, formatTime(t), formatTime(t))
	if err != nil {
		return p, fmt.Errorf("profile %q: %w", p.Name, mapErr(err))
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return p, err
	}
	config, proxy := it.Config, it.Proxy
	if config == nil {
		config = []byte("{}")
	}
	if proxy == nil {
		proxy = []byte("{}")
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO profile_routes (profile_id, config_json, proxy_json, updated_at) VALUES (?, ?, ?, ?)",
		p.ID, string(config), string(proxy), formatTime(t))
	if err != nil {
		return p, fmt.Errorf("routes of profile %q: %w", p.Name, mapErr(err))
	}
	if err := storeStaged(ctx, tx, p.SecretRef, it.Secret); err != nil {
		return p, fmt.Errorf("secret of profile %q: %w", p.Name, mapErr(err))
	}
	return p, nil
}

// UpdateProfile reads the profile, lets fn change it and writes the result,
// all in one transaction. An error from fn aborts without writing. The ID and
// creation time cannot be changed.
func (db *DB) UpdateProfile(ctx context.Context, id int64, fn func(old Profile) (Profile, error)) (Profile, error) {
	return db.UpdateProfileWithSecret(ctx, id, StagedSecret{}, fn)
}

// UpdateProfileWithSecret is UpdateProfile that, when fn gives the profile a
// new SecretRef, stores secret under it and retires the old secret in the
// same transaction (see retireSecret).
func (db *DB) UpdateProfileWithSecret(ctx context.Context, id int64, secret StagedSecret, fn func(old Profile) (Profile, error)) (Profile, error) {
	return writeValue(ctx, db, fmt.Sprintf("update profile %d", id), func(tx *sql.Tx) (Profile, error) {
		old, p, err := changeRow(ctx, tx, id, profileByID, fn)
		if err != nil {
			return Profile{}, err
		}
		p.ID, p.CreatedAt, p.UpdatedAt = old.ID, old.CreatedAt, now()
		_, err = tx.ExecContext(ctx, `UPDATE profiles SET name = ?, kind = ?, color = ?, keycloak_url = ?, admin_realm = ?,
			auth_method = ?, username = ?, client_id = ?, default_realm = ?, read_only = ?, notes = ?, secret_store = ?,
			secret_ref = ?, updated_at = ? WHERE id = ?`,
			p.Name, p.Kind, p.Color, p.KeycloakURL, p.AdminRealm, p.AuthMethod, p.Username, p.ClientID, p.DefaultRealm,
			p.ReadOnly, p.Notes, p.SecretStore, p.SecretRef, formatTime(p.UpdatedAt), id)
		if err != nil {
			return Profile{}, mapErr(err)
		}
		if p.SecretRef != old.SecretRef {
			if err := storeStaged(ctx, tx, p.SecretRef, secret); err != nil {
				return Profile{}, err
			}
			if err := retireSecret(ctx, tx, old); err != nil {
				return Profile{}, err
			}
		}
		return p, nil
	})
}

// DeleteProfile removes the profile, its routes, tester cases and sealed
// secret, and clears the active-profile setting if it pointed at it, in one
// transaction; a secret in an outside store becomes an intent (see
// retireSecret). It returns the deleted row so the caller can remove that
// secret from its store.
func (db *DB) DeleteProfile(ctx context.Context, id int64) (Profile, error) {
	old, _, err := db.DeleteProfileWithSecrets(ctx, id)
	return old, err
}

// DeleteProfileWithSecrets is DeleteProfile that also retires the
// profile's other secrets (profile_secrets) in the same transaction and
// returns them, for the caller to remove from their stores.
func (db *DB) DeleteProfileWithSecrets(ctx context.Context, id int64) (Profile, []ProfileSecret, error) {
	var old Profile
	var others []ProfileSecret
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = profileByID(ctx, tx, id); err != nil {
			return err
		}
		if others, err = profileSecretsIn(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM profiles WHERE id = ?", id); err != nil {
			return err
		}
		if err := retireSecret(ctx, tx, old); err != nil {
			return err
		}
		for _, ps := range others {
			if err := retireRef(ctx, tx, ps.Store, ps.Ref); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ? AND value = ?", SettingActiveProfile, fmt.Sprint(id))
		return err
	})
	if err != nil {
		return Profile{}, nil, fmt.Errorf("delete profile %d: %w", id, err)
	}
	return old, others, nil
}

// GetProfileRoutes returns the route and proxy documents of a profile.
func (db *DB) GetProfileRoutes(ctx context.Context, profileID int64) (ProfileRoutes, error) {
	return routesOfProfile(ctx, db.r, profileID)
}

// UpdateProfileRoutes reads the profile and its routes, lets fn return new
// routes and writes them, in one transaction. fn sees the profile so checks
// such as read-only are made against the same snapshot that is written.
func (db *DB) UpdateProfileRoutes(ctx context.Context, profileID int64, fn func(p Profile, old ProfileRoutes) (ProfileRoutes, error)) (ProfileRoutes, error) {
	return writeValue(ctx, db, fmt.Sprintf("update routes of profile %d", profileID), func(tx *sql.Tx) (ProfileRoutes, error) {
		p, err := profileByID(ctx, tx, profileID)
		if err != nil {
			return ProfileRoutes{}, err
		}
		old, err := routesOfProfile(ctx, tx, profileID)
		if err != nil {
			return ProfileRoutes{}, err
		}
		r, err := fn(p, old)
		if err != nil {
			return ProfileRoutes{}, err
		}
		r.ProfileID, r.UpdatedAt = profileID, now()
		if r.Config == nil {
			r.Config = old.Config
		}
		if r.Proxy == nil {
			r.Proxy = old.Proxy
		}
		_, err = tx.ExecContext(ctx, "UPDATE profile_routes SET config_json = ?, proxy_json = ?, updated_at = ? WHERE profile_id = ?",
			string(r.Config), string(r.Proxy), formatTime(r.UpdatedAt), profileID)
		return r, err
	})
}
