package profile_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/tempdb"
)

type env struct {
	svc     *profile.Service
	db      *store.DB
	dataDir string
}

func newEnv(t *testing.T) env {
	t.Helper()
	dir := t.TempDir()
	db := tempdb.In(t, dir)
	secrets, err := profile.OpenSecrets(context.Background(), profile.SecretOptions{
		Mode: profile.SecretModeFile, KeyFile: filepath.Join(dir, "secret.key"), Sealed: db,
	})
	if err != nil {
		t.Fatal(err)
	}
	return env{svc: profile.NewService(db, secrets), db: db, dataDir: dir}
}

// stagingEnv is a fresh environment holding one profile made of
// stagingInput.
func stagingEnv(t *testing.T) (env, profile.Profile) {
	t.Helper()
	e := newEnv(t)
	return e, mustCreate(t, e.svc, stagingInput())
}

func stagingInput() profile.ProfileInput {
	return profile.ProfileInput{Secret: "s3cret-pass", Details: profile.Details{
		Name: "Staging", Kind: profile.KindStaging, KeycloakURL: "https://kc.staging.example.com",
		AdminRealm: "master", AuthMethod: profile.AuthPassword, Username: "ops", DefaultRealm: "shop",
	}}
}

func mustCreate(t *testing.T, svc *profile.Service, in profile.ProfileInput) profile.Profile {
	t.Helper()
	p, err := svc.Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
