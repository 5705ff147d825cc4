package profile

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/backend/store"
)

// Store is what the Service keeps profiles, routes and secret bookkeeping
// in: exactly the calls it makes, so a test can stand in for the database
// (or wrap it) and the conformance suite in storetest pins what each call
// promises. *store.DB implements it.
type Store interface {
	ProfileTable
	SecretBook
	SealedTable
}

// ProfileTable holds the profiles, their route files and proxy settings,
// and which one is active. Updates run the given function inside the
// transaction that writes its result.
type ProfileTable interface {
	// ReadOnly reports a database opened without write access: the Service
	// then skips what would write on its own (first run, sweeps).
	ReadOnly() bool
	Setting(ctx context.Context, key string) (string, error)

	ListProfiles(ctx context.Context) ([]store.Profile, error)
	GetProfile(ctx context.Context, id int64) (store.Profile, error)
	GetProfileByName(ctx context.Context, name string) (store.Profile, error)
	CreateProfiles(ctx context.Context, items []store.NewProfile) ([]store.Profile, error)
	CreateProfilesNamed(ctx context.Context, items []store.NewProfile, name func(i int, taken store.NameTaken) (string, error)) ([]store.Profile, error)
	UpdateProfileWithSecret(ctx context.Context, id int64, secret store.StagedSecret, fn func(old store.Profile) (store.Profile, error)) (store.Profile, error)
	DeleteProfileWithSecrets(ctx context.Context, id int64) (store.Profile, []store.ProfileSecret, error)

	GetProfileRoutes(ctx context.Context, profileID int64) (store.ProfileRoutes, error)
	UpdateProfileRoutes(ctx context.Context, profileID int64, fn func(p store.Profile, old store.ProfileRoutes) (store.ProfileRoutes, error)) (store.ProfileRoutes, error)

	ActiveProfileID(ctx context.Context) (int64, error)
	SetActiveProfileID(ctx context.Context, id int64) error
	FirstRun(ctx context.Context, create func(insert func(store.NewProfile) (store.Profile, error)) error) (bool, error)
}

// SecretBook records where each secret lives (a profile's other secrets
// by purpose) and the secrets written outside the database that no
// profile references yet (intents), so a crash leaves nothing behind that
// a sweep cannot find.
type SecretBook interface {
	GetProfileSecret(ctx context.Context, profileID int64, purpose string) (store.ProfileSecret, error)
	SwapProfileSecret(ctx context.Context, profileID int64, purpose, expectRef string, next store.ProfileSecret,
		staged store.StagedSecret, check func(store.Profile) error) (store.ProfileSecret, error)

	AddSecretIntent(ctx context.Context, ref, store string) error
	DropSecretIntent(ctx context.Context, ref string) error
	SecretIntents(ctx context.Context, cutoff time.Time) ([]store.SecretIntent, error)
	ClaimSecretIntent(ctx context.Context, ref string) (bool, error)

	DeleteUnreferencedSealedSecrets(ctx context.Context) (int, error)
	ForgetSealedSecrets(ctx context.Context, storeName string) ([]string, error)
}

var _ Store = (*store.DB)(nil)
