package profile_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/tempdb"
)

func noEnv(string) string { return "" }

// openAt opens the database and the encrypted-file store in dir, as a new
// run of the app (or tandemctl) does.
func openAt(t *testing.T, dir string) (*profile.Service, *store.DB) {
	t.Helper()
	db := tempdb.In(t, dir)
	secrets, err := profile.OpenSecrets(context.Background(), profile.SecretOptions{
		Mode: profile.SecretModeFile, KeyFile: filepath.Join(dir, "secret.key"), Sealed: db,
	})
	if err != nil {
		t.Fatal(err)
	}
	return profile.NewService(db, secrets), db
}

func localProfile(t *testing.T, svc *profile.Service) profile.Profile {
	t.Helper()
	ctx := context.Background()
	if _, err := svc.EnsureLocal(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := svc.GetByName(ctx, profile.LocalName)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A proxy started again from the same stored profile (the app restarted,
// or tandemctl proxy --profile run again) gets the same cookie keys, so the
// sessions the last one sealed still open.
func TestCookieKeysAreKeptWithTheProfileAcrossRuns(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	svc, db := openAt(t, dir)
	p := localProfile(t, svc)
	first, err := svc.LoginSecrets(ctx, p, profile.DemoRoutes(), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.CookieKeys) != 1 || first.ClientSecret != "demo-proxy-secret" {
		t.Fatalf("first run: %d keys, client secret set %v", len(first.CookieKeys), first.ClientSecret != "")
	}
	again, _ := svc.LoginSecrets(ctx, p, profile.DemoRoutes(), noEnv)
	db.Close()

	svc2, db2 := openAt(t, dir)
	defer db2.Close()
	next, err := svc2.LoginSecrets(ctx, p, profile.DemoRoutes(), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range [][][]byte{again.CookieKeys, next.CookieKeys} {
		if !slices.EqualFunc(got, first.CookieKeys, slices.Equal) {
			t.Fatal("the cookie keys changed between two resolutions of the same profile")
		}
	}
	info, err := svc2.CookieKeysInfo(ctx, p.ID)
	if err != nil || len(info.Keys) != 1 || !info.Keys[0].Seals || info.Keys[0].Created.IsZero() {
		t.Fatalf("info = %+v, %v", info, err)
	}
}

// Rotation puts a new key first (it seals) and keeps the old one second
// (it still opens); dropping old keys keeps only the sealing one.
func TestRotateAndDropOldCookieKeys(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := localProfile(t, e.svc)
	before, err := e.svc.CookieKeys(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	info, err := e.svc.RotateCookieKeys(ctx, p.ID)
	if err != nil || len(info.Keys) != 2 || !info.Keys[0].Seals || info.Keys[1].Seals {
		t.Fatalf("after rotate: %+v, %v", info, err)
	}
	after, _ := e.svc.CookieKeys(ctx, p.ID)
	if len(after) != 2 || after[0].Key == before[0].Key || after[1].Key != before[0].Key {
		t.Fatal("rotate must put a new key first and keep the old one second")
	}
	sec, _ := e.svc.LoginSecrets(ctx, p, profile.DemoRoutes(), noEnv)
	if len(sec.CookieKeys) != 2 {
		t.Fatalf("the proxy gets %d keys, want both", len(sec.CookieKeys))
	}
	for range profile.MaxCookieKeys + 2 {
		if _, err := e.svc.RotateCookieKeys(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if info, _ := e.svc.CookieKeysInfo(ctx, p.ID); len(info.Keys) != profile.MaxCookieKeys {
		t.Fatalf("kept %d keys, want at most %d", len(info.Keys), profile.MaxCookieKeys)
	}
	sealing, _ := e.svc.CookieKeys(ctx, p.ID)
	info, err = e.svc.DropOldCookieKeys(ctx, p.ID)
	if err != nil || len(info.Keys) != 1 {
		t.Fatalf("after drop: %+v, %v", info, err)
	}
	left, _ := e.svc.CookieKeys(ctx, p.ID)
	if len(left) != 1 || left[0].Key != sealing[0].Key {
		t.Fatal("drop must keep the sealing key")
	}
	// Each replaced list went with its transaction: one sealed secret for
	// the cookie keys, one for the admin password.
	if n, _ := e.db.CountSealedSecrets(ctx); n != 2 {
		t.Fatalf("%d sealed secrets stored, want 2", n)
	}
}

// The route file's files and the environment come first; the profile's
// client secret beats the demo default; a profile without a login block
// gets no keys made.
func TestLoginSecretSources(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p := localProfile(t, e.svc)
	cfg := profile.DemoRoutes()

	src, err := e.svc.LoginSources(ctx, p, cfg, noEnv)
	if err != nil || src != (profile.LoginSources{ClientSecret: profile.SourceDemo, CookieKeys: profile.SourceProfile}) {
		t.Fatalf("local defaults: %+v, %v", src, err)
	}
	if err := e.svc.SetLoginClientSecret(ctx, p.ID, "kept-client-secret"); err != nil {
		t.Fatal(err)
	}
	sec, err := e.svc.LoginSecrets(ctx, p, cfg, noEnv)
	if err != nil || sec.ClientSecret != "kept-client-secret" {
		t.Fatalf("the profile's client secret was not used: %v", err)
	}
	key, _ := proxy.NewCookieKey()
	env := func(n string) string {
		switch n {
		case proxy.EnvLoginClientSecret:
			return "env-secret"
		case proxy.EnvCookieKeys:
			return key
		}
		return ""
	}
	src, _ = e.svc.LoginSources(ctx, p, cfg, env)
	sec, err = e.svc.LoginSecrets(ctx, p, cfg, env)
	if err != nil || sec.ClientSecret != "env-secret" || src != (profile.LoginSources{ClientSecret: profile.SourceEnv, CookieKeys: profile.SourceEnv}) {
		t.Fatalf("environment: %+v, %v", src, err)
	}
	if err := e.svc.SetLoginClientSecret(ctx, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	if has, _ := e.svc.HasLoginClientSecret(ctx, p.ID); has {
		t.Fatal("the client secret is still there after clearing it")
	}

	staging := mustCreate(t, e.svc, stagingInput())
	if _, err := e.svc.LoginSecrets(ctx, staging, routes.Config{}, noEnv); err != nil {
		t.Fatal(err)
	}
	if info, _ := e.svc.CookieKeysInfo(ctx, staging.ID); len(info.Keys) != 0 {
		t.Fatal("cookie keys were made for a route file without sign-in")
	}
	src, _ = e.svc.LoginSources(ctx, staging, cfg, noEnv)
	if src.ClientSecret != profile.SourceNone {
		t.Fatalf("a staging profile got the demo secret: %+v", src)
	}
}

// Deleting a profile removes its sign-in secrets with it, and the sweep on
// open keeps those a profile references while removing leftovers.
func TestSignInSecretsGoWithTheProfileAndSurviveTheSweep(t *testing.T) {
	ctx := context.Background()
	e, p := stagingEnv(t)
	if _, err := e.svc.CookieKeys(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetLoginClientSecret(ctx, p.ID, "client-secret"); err != nil {
		t.Fatal(err)
	}
	if err := e.db.PutSealedSecret(ctx, "left-by-a-crash", []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.SweepSecrets(ctx, time.Now().Add(time.Hour)); n != 1 || err != nil {
		t.Fatalf("the sweep removed %d secrets (%v), want only the one no profile references", n, err)
	}
	if _, err := e.svc.CookieKeys(ctx, p.ID); err != nil {
		t.Fatalf("cookie keys after the sweep: %v", err)
	}
	if n, _ := e.db.CountSealedSecrets(ctx); n != 3 {
		t.Fatalf("%d sealed secrets, want 3 (password, cookie keys, client secret)", n)
	}
	if err := e.svc.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.db.CountSealedSecrets(ctx); n != 0 {
		t.Fatalf("%d sealed secrets left after the profile was deleted", n)
	}
	if _, err := e.db.GetProfileSecret(ctx, p.ID, "cookie-keys"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("cookie keys row after delete: %v", err)
	}
}
