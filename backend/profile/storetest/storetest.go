// Package storetest is the contract of profile.Store as one suite: every
// implementation (the SQLite database, any stand-in a test uses) runs it, so
// none can drift from what the profile service relies on.
package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
)

// Run runs the whole contract; open returns a fresh, empty, writable store
// for each subtest and arranges its cleanup.
func Run(t *testing.T, open func(t *testing.T) profile.Store) {
	for _, c := range []struct {
		name string
		run  func(t *testing.T, st profile.Store)
	}{
		{"create get list", createGetList},
		{"not found", notFound},
		{"names are unique ignoring case", uniqueNames},
		{"create many is all or nothing", createAllOrNothing},
		{"create named picks free names", createNamed},
		{"update through a function", updateThroughFunction},
		{"concurrent updates do not lose writes", concurrentUpdates},
		{"routes update sees the profile", routesUpdateSeesProfile},
		{"delete clears the active profile", deleteClearsActive},
		{"first run happens once", firstRunOnce},
		{"sealed secrets hold what they are given", sealedSecrets},
		{"profile secrets are swapped and retired", profileSecrets},
		{"intents mark unreferenced secrets", intents},
		{"forgetting sealed secrets clears their profiles", forgetSealed},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

// Profile is a valid row named name.
func Profile(name string) store.Profile {
	return store.Profile{
		Name: name, Kind: "dev", Color: "#1677ff", KeycloakURL: "http://127.0.0.1:8180",
		AdminRealm: "master", AuthMethod: "password", Username: "admin",
	}
}

// create stores one profile with its route documents, failing the test on error.
func create(t *testing.T, st profile.Store, p store.Profile, config, proxy []byte) store.Profile {
	t.Helper()
	got, err := st.CreateProfiles(context.Background(), []store.NewProfile{{Profile: p, Config: config, Proxy: proxy}})
	if err != nil {
		t.Fatalf("create profile %q: %v", p.Name, err)
	}
	return got[0]
}

// update changes a profile's row and keeps its secret.
func update(st profile.Store, id int64, fn func(store.Profile) (store.Profile, error)) (store.Profile, error) {
	return st.UpdateProfileWithSecret(context.Background(), id, store.StagedSecret{}, fn)
}

func createGetList(t *testing.T, st profile.Store) {
	ctx := context.Background()
	a := create(t, st, Profile("Beta"), []byte(`{"version":1}`), []byte(`{"autoStart":true}`))
	if a.ID == 0 || a.CreatedAt.IsZero() || !a.CreatedAt.Equal(a.UpdatedAt) {
		t.Errorf("created profile = %+v, want id and timestamps", a)
	}
	create(t, st, Profile("alpha"), nil, nil)
	got, err := st.GetProfile(ctx, a.ID)
	if err != nil || got.Name != "Beta" || got.KeycloakURL != a.KeycloakURL {
		t.Errorf("GetProfile = %+v, %v", got, err)
	}
	byName, err := st.GetProfileByName(ctx, "BETA")
	if err != nil || byName.ID != a.ID {
		t.Errorf("GetProfileByName ignoring case = %+v, %v", byName, err)
	}
	list, err := st.ListProfiles(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "alpha" || list[1].Name != "Beta" {
		t.Errorf("ListProfiles = %+v, %v; want alpha, Beta", list, err)
	}
	r, err := st.GetProfileRoutes(ctx, a.ID)
	if err != nil || string(r.Config) != `{"version":1}` || string(r.Proxy) != `{"autoStart":true}` {
		t.Errorf("GetProfileRoutes = %s %s, %v", r.Config, r.Proxy, err)
	}
	if st.ReadOnly() {
		t.Error("a fresh store says it is read-only")
	}
}

func notFound(t *testing.T, st profile.Store) {
	ctx := context.Background()
	keep := func(p store.Profile) (store.Profile, error) { return p, nil }
	for name, err := range map[string]error{
		"GetProfile":         second(st.GetProfile(ctx, 42)),
		"GetProfileByName":   second(st.GetProfileByName(ctx, "nope")),
		"GetProfileRoutes":   second(st.GetProfileRoutes(ctx, 42)),
		"UpdateProfile":      second(update(st, 42, keep)),
		"SetActiveProfileID": st.SetActiveProfileID(ctx, 42),
		"ActiveProfileID":    second(st.ActiveProfileID(ctx)),
		"Setting":            second(st.Setting(ctx, "no-such-setting")),
		"GetSealedSecret":    second(st.GetSealedSecret(ctx, "no-such-ref")),
		"GetProfileSecret":   second(st.GetProfileSecret(ctx, 42, "cookie-keys")),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
	if _, _, err := st.DeleteProfileWithSecrets(ctx, 42); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteProfileWithSecrets: %v, want ErrNotFound", err)
	}
}

func second[T any](_ T, err error) error { return err }

func uniqueNames(t *testing.T, st profile.Store) {
	ctx := context.Background()
	create(t, st, Profile("Prod"), nil, nil)
	if _, err := st.CreateProfiles(ctx, []store.NewProfile{{Profile: Profile("prod")}}); !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("err = %v, want ErrAlreadyExists", err)
	}
	other := create(t, st, Profile("Other"), nil, nil)
	_, err := update(st, other.ID, func(p store.Profile) (store.Profile, error) { p.Name = "PROD"; return p, nil })
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("rename err = %v, want ErrAlreadyExists", err)
	}
}

func createAllOrNothing(t *testing.T, st profile.Store) {
	ctx := context.Background()
	_, err := st.CreateProfiles(ctx, []store.NewProfile{{Profile: Profile("one")}, {Profile: Profile("two")}, {Profile: Profile("ONE")}})
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("err = %v, want ErrAlreadyExists", err)
	}
	if list, _ := st.ListProfiles(ctx); len(list) != 0 {
		t.Errorf("profiles after failed batch = %d, want 0", len(list))
	}
}

func createNamed(t *testing.T, st profile.Store) {
	ctx := context.Background()
	create(t, st, Profile("Staging"), nil, nil)
	got, err := st.CreateProfilesNamed(ctx, []store.NewProfile{{Profile: Profile("Staging")}, {Profile: Profile("Skipped")}},
		func(i int, taken store.NameTaken) (string, error) {
			if i == 1 {
				return "", nil // skipped
			}
			for _, n := range []string{"Staging", "staging (2)"} {
				used, err := taken(n)
				if err != nil {
					return "", err
				}
				if !used {
					return n, nil
				}
			}
			return "", errors.New("no free name")
		})
	if err != nil || len(got) != 2 || got[0].Name != "staging (2)" || got[1].ID != 0 {
		t.Fatalf("CreateProfilesNamed = %+v, %v; want the first free name, then a skipped item", got, err)
	}
	if _, err := st.GetProfileByName(ctx, "Skipped"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a skipped item was stored: %v", err)
	}
}

func updateThroughFunction(t *testing.T, st profile.Store) {
	ctx := context.Background()
	p := create(t, st, Profile("Edit"), nil, nil)
	got, err := update(st, p.ID, func(old store.Profile) (store.Profile, error) {
		old.Color = "#ff0000"
		old.ID = 999 // ignored
		return old, nil
	})
	if err != nil || got.ID != p.ID || got.Color != "#ff0000" || !got.CreatedAt.Equal(p.CreatedAt) {
		t.Fatalf("UpdateProfileWithSecret = %+v, %v", got, err)
	}
	boom := errors.New("boom")
	_, err = update(st, p.ID, func(old store.Profile) (store.Profile, error) {
		old.Color = "#000000"
		return old, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the function's error", err)
	}
	if again, _ := st.GetProfile(ctx, p.ID); again.Color != "#ff0000" {
		t.Errorf("color after aborted update = %s", again.Color)
	}
}

func concurrentUpdates(t *testing.T, st profile.Store) {
	ctx := context.Background()
	p := create(t, st, Profile("Counter"), nil, nil)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := update(st, p.ID, func(old store.Profile) (store.Profile, error) {
				old.Notes += "x"
				return old, nil
			}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got, _ := st.GetProfile(ctx, p.ID); len(got.Notes) != 20 {
		t.Errorf("notes length = %d, want 20", len(got.Notes))
	}
}

func routesUpdateSeesProfile(t *testing.T, st profile.Store) {
	ctx := context.Background()
	ro := Profile("RO")
	ro.ReadOnly = true
	p := create(t, st, ro, []byte(`{"a":1}`), nil)
	refused := errors.New("read-only")
	_, err := st.UpdateProfileRoutes(ctx, p.ID, func(p store.Profile, old store.ProfileRoutes) (store.ProfileRoutes, error) {
		if p.ReadOnly {
			return old, refused
		}
		return store.ProfileRoutes{Config: []byte(`{"a":2}`)}, nil
	})
	if !errors.Is(err, refused) {
		t.Fatalf("err = %v", err)
	}
	rw := create(t, st, Profile("RW"), []byte(`{"a":1}`), []byte(`{"p":1}`))
	if _, err = st.UpdateProfileRoutes(ctx, rw.ID, func(store.Profile, store.ProfileRoutes) (store.ProfileRoutes, error) {
		return store.ProfileRoutes{Config: []byte(`{"a":2}`)}, nil
	}); err != nil {
		t.Fatal(err)
	}
	r, _ := st.GetProfileRoutes(ctx, rw.ID)
	if string(r.Config) != `{"a":2}` || string(r.Proxy) != `{"p":1}` {
		t.Errorf("routes = %s %s; proxy settings must be kept when not given", r.Config, r.Proxy)
	}
}

func deleteClearsActive(t *testing.T, st profile.Store) {
	ctx := context.Background()
	p := create(t, st, Profile("Gone"), nil, nil)
	keep := create(t, st, Profile("Keep"), nil, nil)
	if err := st.SetActiveProfileID(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.DeleteProfileWithSecrets(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetProfileRoutes(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("routes after delete: %v", err)
	}
	if _, err := st.ActiveProfileID(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("active after deleting it: %v", err)
	}
	if err := st.SetActiveProfileID(ctx, keep.ID); err != nil {
		t.Fatal(err)
	}
	if id, err := st.ActiveProfileID(ctx); err != nil || id != keep.ID {
		t.Errorf("ActiveProfileID = %d, %v", id, err)
	}
}

func firstRunOnce(t *testing.T, st profile.Store) {
	ctx := context.Background()
	runs := 0
	first := func(insert func(store.NewProfile) (store.Profile, error)) error {
		runs++
		_, err := insert(store.NewProfile{Profile: Profile("Local")})
		return err
	}
	for range 2 {
		if _, err := st.FirstRun(ctx, first); err != nil {
			t.Fatal(err)
		}
	}
	if runs != 1 {
		t.Errorf("first-run ran %d times", runs)
	}
	if _, err := st.Setting(ctx, store.SettingFirstRunDone); err != nil {
		t.Errorf("first run left no mark: %v", err)
	}
	p, _ := st.GetProfileByName(ctx, "Local")
	if id, err := st.ActiveProfileID(ctx); err != nil || id != p.ID {
		t.Errorf("active after first run = %d, %v; want %d", id, err, p.ID)
	}
	if _, _, err := st.DeleteProfileWithSecrets(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if ran, _ := st.FirstRun(ctx, first); ran {
		t.Error("first run ran again after its profile was deleted")
	}
}

func sealedSecrets(t *testing.T, st profile.Store) {
	ctx := context.Background()
	for _, v := range [][]byte{{1, 2, 3}, {4, 5}} {
		if err := st.PutSealedSecret(ctx, "ref1", v); err != nil {
			t.Fatal(err)
		}
	}
	b, err := st.GetSealedSecret(ctx, "ref1")
	if err != nil || len(b) != 2 || b[0] != 4 {
		t.Errorf("get = %v, %v; want the last value put", b, err)
	}
	if n, err := st.CountSealedSecrets(ctx); err != nil || n != 1 {
		t.Errorf("count = %d, %v", n, err)
	}
	// Not referenced by any profile: left over by a crash, so swept.
	if n, err := st.DeleteUnreferencedSealedSecrets(ctx); err != nil || n != 1 {
		t.Errorf("sweep removed %d, %v; want the unreferenced one", n, err)
	}
	if err := st.PutSealedSecret(ctx, "ref2", []byte{6}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a missing one is no error
		if err := st.DeleteSealedSecret(ctx, "ref2"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.GetSealedSecret(ctx, "ref2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

// A profile's other secrets (sign-in's cookie keys and client secret) are
// kept, replaced and swept exactly as its login secret is.
func profileSecrets(t *testing.T, st profile.Store) {
	ctx := context.Background()
	p := create(t, st, Profile("Staging"), nil, nil)
	keys := store.ProfileSecret{Store: "encrypted-file", Ref: "keys-1"}
	if _, err := st.SwapProfileSecret(ctx, p.ID, "cookie-keys", "", keys, store.StagedSecret{Sealed: []byte{1}}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := st.GetProfileSecret(ctx, p.ID, "cookie-keys")
	if err != nil || got.Ref != "keys-1" || got.Store != "encrypted-file" {
		t.Fatalf("GetProfileSecret = %+v, %v", got, err)
	}
	if _, err := st.GetSealedSecret(ctx, "keys-1"); err != nil {
		t.Fatalf("the sealed value was not stored with its row: %v", err)
	}

	// A writer that read an older secret changes nothing.
	stale := store.ProfileSecret{Store: "encrypted-file", Ref: "keys-stale"}
	if _, err := st.SwapProfileSecret(ctx, p.ID, "cookie-keys", "", stale, store.StagedSecret{Sealed: []byte{2}}, nil); !errors.Is(err, store.ErrSecretChanged) {
		t.Fatalf("swap from a stale read: %v, want ErrSecretChanged", err)
	}
	if _, err := st.GetSealedSecret(ctx, "keys-stale"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a refused swap stored its sealed value")
	}

	// Replacing retires the old sealed value in the same transaction.
	next := store.ProfileSecret{Store: "encrypted-file", Ref: "keys-2"}
	old, err := st.SwapProfileSecret(ctx, p.ID, "cookie-keys", "keys-1", next, store.StagedSecret{Sealed: []byte{3}}, nil)
	if err != nil || old.Ref != "keys-1" {
		t.Fatalf("swap = %+v, %v", old, err)
	}
	if _, err := st.GetSealedSecret(ctx, "keys-1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("the replaced sealed value is still stored")
	}

	// A keychain secret referenced by profile_secrets is no orphan for the
	// sweep's claim, and the sweep keeps sealed values it references.
	if err := st.AddSecretIntent(ctx, "client-1", "keychain"); err != nil {
		t.Fatal(err)
	}
	client := store.ProfileSecret{Store: "keychain", Ref: "client-1"}
	if _, err := st.SwapProfileSecret(ctx, p.ID, "login-client-secret", "", client, store.StagedSecret{Intent: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.AddSecretIntent(ctx, "client-1", "keychain"); err != nil {
		t.Fatal(err)
	}
	if orphan, err := st.ClaimSecretIntent(ctx, "client-1"); err != nil || orphan {
		t.Fatalf("ClaimSecretIntent of a referenced keychain secret = %v, %v; want not an orphan", orphan, err)
	}
	if n, err := st.DeleteUnreferencedSealedSecrets(ctx); err != nil || n != 0 {
		t.Fatalf("the sweep removed %d referenced secrets (%v)", n, err)
	}

	// Deleting the profile retires both: the sealed one goes, the keychain
	// one becomes an intent for its store to be cleaned.
	_, others, err := st.DeleteProfileWithSecrets(ctx, p.ID)
	if err != nil || len(others) != 2 {
		t.Fatalf("DeleteProfileWithSecrets = %+v, %v", others, err)
	}
	if _, err := st.GetSealedSecret(ctx, "keys-2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("the cookie keys outlived their profile")
	}
	if orphan, err := st.ClaimSecretIntent(ctx, "client-1"); err != nil || !orphan {
		t.Fatalf("after delete the keychain secret is an orphan: %v, %v", orphan, err)
	}
}

func intents(t *testing.T, st profile.Store) {
	ctx := context.Background()
	for _, ref := range []string{"a", "b"} {
		if err := st.AddSecretIntent(ctx, ref, "keychain"); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := st.SecretIntents(ctx, time.Now().Add(-time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("intents older than an hour = %+v, %v; want none", got, err)
	}
	if err := st.DropSecretIntent(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	got, err := st.SecretIntents(ctx, time.Now().Add(time.Hour))
	if err != nil || len(got) != 1 || got[0].Ref != "b" || got[0].Store != "keychain" {
		t.Fatalf("intents = %+v, %v; want b alone", got, err)
	}
	if orphan, err := st.ClaimSecretIntent(ctx, "b"); err != nil || !orphan {
		t.Errorf("claim of an unreferenced secret = %v, %v; want an orphan", orphan, err)
	}
	if orphan, err := st.ClaimSecretIntent(ctx, "b"); err != nil || orphan {
		t.Errorf("second claim = %v, %v; want nothing left to claim", orphan, err)
	}
}

func forgetSealed(t *testing.T, st profile.Store) {
	ctx := context.Background()
	sealed := Profile("Sealed")
	sealed.SecretStore, sealed.SecretRef = "encrypted-file", "ref-sealed"
	if _, err := st.CreateProfiles(ctx, []store.NewProfile{{Profile: sealed, Secret: store.StagedSecret{Sealed: []byte{1}}}}); err != nil {
		t.Fatal(err)
	}
	kept := Profile("Keychain")
	kept.SecretStore, kept.SecretRef = "keychain", "ref-kc"
	create(t, st, kept, nil, nil)
	names, err := st.ForgetSealedSecrets(ctx, "encrypted-file")
	if err != nil || len(names) != 1 || names[0] != "Sealed" {
		t.Fatalf("ForgetSealedSecrets = %v, %v", names, err)
	}
	if p, _ := st.GetProfileByName(ctx, "Sealed"); p.SecretStore != "" || p.SecretRef != "" {
		t.Errorf("the sealed profile still names its secret: %+v", p)
	}
	if p, _ := st.GetProfileByName(ctx, "Keychain"); p.SecretRef != "ref-kc" {
		t.Errorf("the keychain profile lost its secret: %+v", p)
	}
	if n, _ := st.CountSealedSecrets(ctx); n != 0 {
		t.Errorf("sealed secrets left: %d", n)
	}
}
