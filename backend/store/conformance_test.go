package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
)

// These tests describe the repository contract through the public API only,
// the way backend/profile relies on it.

func TestProfilesConformance(t *testing.T) {
	ctx := context.Background()

	t.Run("create get list", func(t *testing.T) {
		db := openTemp(t)
		a, err := db.CreateProfile(ctx, sampleProfile("Beta"), []byte(`{"version":1}`), []byte(`{"autoStart":true}`))
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.CreatedAt.IsZero() || !a.CreatedAt.Equal(a.UpdatedAt) {
			t.Errorf("created profile = %+v, want id and timestamps", a)
		}
		if _, err := db.CreateProfile(ctx, sampleProfile("alpha"), nil, nil); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetProfile(ctx, a.ID)
		if err != nil || got.Name != "Beta" || got.KeycloakURL != a.KeycloakURL {
			t.Errorf("GetProfile = %+v, %v", got, err)
		}
		byName, err := db.GetProfileByName(ctx, "BETA")
		if err != nil || byName.ID != a.ID {
			t.Errorf("GetProfileByName ignoring case = %+v, %v", byName, err)
		}
		list, err := db.ListProfiles(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "alpha" || list[1].Name != "Beta" {
			t.Errorf("ListProfiles = %+v, %v; want alpha, Beta", list, err)
		}
		r, err := db.GetProfileRoutes(ctx, a.ID)
		if err != nil || string(r.Config) != `{"version":1}` || string(r.Proxy) != `{"autoStart":true}` {
			t.Errorf("GetProfileRoutes = %s %s, %v", r.Config, r.Proxy, err)
		}
	})

	t.Run("not found", func(t *testing.T) {
		db := openTemp(t)
		if _, err := db.GetProfile(ctx, 42); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetProfile: %v", err)
		}
		if _, err := db.GetProfileByName(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetProfileByName: %v", err)
		}
		if _, err := db.UpdateProfile(ctx, 42, func(p store.Profile) (store.Profile, error) { return p, nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("UpdateProfile: %v", err)
		}
		if _, err := db.DeleteProfile(ctx, 42); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DeleteProfile: %v", err)
		}
		if err := db.SetActiveProfileID(ctx, 42); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetActiveProfileID: %v", err)
		}
		if _, err := db.ActiveProfileID(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ActiveProfileID: %v", err)
		}
	})

	t.Run("names are unique ignoring case", func(t *testing.T) {
		db := openTemp(t)
		if _, err := db.CreateProfile(ctx, sampleProfile("Prod"), nil, nil); err != nil {
			t.Fatal(err)
		}
		_, err := db.CreateProfile(ctx, sampleProfile("prod"), nil, nil)
		if !errors.Is(err, store.ErrAlreadyExists) {
			t.Fatalf("err = %v, want ErrAlreadyExists", err)
		}
		other, _ := db.CreateProfile(ctx, sampleProfile("Other"), nil, nil)
		_, err = db.UpdateProfile(ctx, other.ID, func(p store.Profile) (store.Profile, error) { p.Name = "PROD"; return p, nil })
		if !errors.Is(err, store.ErrAlreadyExists) {
			t.Fatalf("rename err = %v, want ErrAlreadyExists", err)
		}
	})

	t.Run("create many is all or nothing", func(t *testing.T) {
		db := openTemp(t)
		_, err := db.CreateProfiles(ctx, []store.NewProfile{{Profile: sampleProfile("one")}, {Profile: sampleProfile("two")}, {Profile: sampleProfile("ONE")}})
		if !errors.Is(err, store.ErrAlreadyExists) {
			t.Fatalf("err = %v, want ErrAlreadyExists", err)
		}
		if list, _ := db.ListProfiles(ctx); len(list) != 0 {
			t.Errorf("profiles after failed batch = %d, want 0", len(list))
		}
	})

	t.Run("update through a function", func(t *testing.T) {
		db := openTemp(t)
		p, _ := db.CreateProfile(ctx, sampleProfile("Edit"), nil, nil)
		got, err := db.UpdateProfile(ctx, p.ID, func(old store.Profile) (store.Profile, error) {
			old.Color = "#ff0000"
			old.ID = 999 // ignored
			return old, nil
		})
		if err != nil || got.ID != p.ID || got.Color != "#ff0000" || !got.CreatedAt.Equal(p.CreatedAt) {
			t.Fatalf("UpdateProfile = %+v, %v", got, err)
		}
		boom := errors.New("boom")
		_, err = db.UpdateProfile(ctx, p.ID, func(old store.Profile) (store.Profile, error) {
			old.Color = "#000000"
			return old, boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the function's error", err)
		}
		if again, _ := db.GetProfile(ctx, p.ID); again.Color != "#ff0000" {
			t.Errorf("color after aborted update = %s", again.Color)
		}
	})

	t.Run("concurrent updates do not lose writes", func(t *testing.T) {
		db := openTemp(t)
		p, _ := db.CreateProfile(ctx, sampleProfile("Counter"), nil, nil)
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.UpdateProfile(ctx, p.ID, func(old store.Profile) (store.Profile, error) {
					old.Notes += "x"
					return old, nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got, _ := db.GetProfile(ctx, p.ID); len(got.Notes) != 20 {
			t.Errorf("notes length = %d, want 20", len(got.Notes))
		}
	})

	t.Run("routes update sees the profile", func(t *testing.T) {
		db := openTemp(t)
		ro := sampleProfile("RO")
		ro.ReadOnly = true
		p, _ := db.CreateProfile(ctx, ro, []byte(`{"a":1}`), nil)
		refused := errors.New("read-only")
		_, err := db.UpdateProfileRoutes(ctx, p.ID, func(p store.Profile, old store.ProfileRoutes) (store.ProfileRoutes, error) {
			if p.ReadOnly {
				return old, refused
			}
			return store.ProfileRoutes{Config: []byte(`{"a":2}`)}, nil
		})
		if !errors.Is(err, refused) {
			t.Fatalf("err = %v", err)
		}
		rw, _ := db.CreateProfile(ctx, sampleProfile("RW"), []byte(`{"a":1}`), []byte(`{"p":1}`))
		_, err = db.UpdateProfileRoutes(ctx, rw.ID, func(p store.Profile, old store.ProfileRoutes) (store.ProfileRoutes, error) {
			return store.ProfileRoutes{Config: []byte(`{"a":2}`)}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := db.GetProfileRoutes(ctx, rw.ID)
		if string(r.Config) != `{"a":2}` || string(r.Proxy) != `{"p":1}` {
			t.Errorf("routes = %s %s; proxy settings must be kept when not given", r.Config, r.Proxy)
		}
	})

	t.Run("delete cascades and clears the active profile", func(t *testing.T) {
		db := openTemp(t)
		p, _ := db.CreateProfile(ctx, sampleProfile("Gone"), nil, nil)
		keep, _ := db.CreateProfile(ctx, sampleProfile("Keep"), nil, nil)
		if _, err := db.CreateTesterCase(ctx, store.TesterCase{ProfileID: p.ID, RouteName: "me", Name: "alice", Case: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetActiveProfileID(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DeleteProfile(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetProfileRoutes(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("routes after delete: %v", err)
		}
		if cs, _ := db.ListTesterCases(ctx, p.ID); len(cs) != 0 {
			t.Errorf("tester cases after delete = %d", len(cs))
		}
		if _, err := db.ActiveProfileID(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("active after deleting it: %v", err)
		}
		if err := db.SetActiveProfileID(ctx, keep.ID); err != nil {
			t.Fatal(err)
		}
		if id, err := db.ActiveProfileID(ctx); err != nil || id != keep.ID {
			t.Errorf("ActiveProfileID = %d, %v", id, err)
		}
	})

	t.Run("first run happens once", func(t *testing.T) {
		db := openTemp(t)
		runs := 0
		create := func(insert func(store.NewProfile) (store.Profile, error)) error {
			runs++
			_, err := insert(store.NewProfile{Profile: sampleProfile("Local")})
			return err
		}
		for range 2 {
			if _, err := db.FirstRun(ctx, create); err != nil {
				t.Fatal(err)
			}
		}
		if runs != 1 {
			t.Errorf("first-run ran %d times", runs)
		}
		p, _ := db.GetProfileByName(ctx, "Local")
		if id, err := db.ActiveProfileID(ctx); err != nil || id != p.ID {
			t.Errorf("active after first run = %d, %v; want %d", id, err, p.ID)
		}
		if _, err := db.DeleteProfile(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if ran, _ := db.FirstRun(ctx, create); ran {
			t.Error("first run ran again after its profile was deleted")
		}
	})
}

func TestTesterCasesConformance(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	p, _ := db.CreateProfile(ctx, sampleProfile("P"), nil, nil)
	c, err := db.CreateTesterCase(ctx, store.TesterCase{ProfileID: p.ID, RouteName: "me", Name: "as alice", Case: []byte(`{"user":"alice"}`)})
	if err != nil || c.ID == 0 {
		t.Fatalf("create = %+v, %v", c, err)
	}
	if _, err := db.CreateTesterCase(ctx, store.TesterCase{ProfileID: p.ID, RouteName: "me", Name: "as alice", Case: []byte(`{}`)}); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := db.CreateTesterCase(ctx, store.TesterCase{ProfileID: 999, RouteName: "me", Name: "x", Case: []byte(`{}`)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
	u, err := db.UpdateTesterCase(ctx, c.ID, func(old store.TesterCase) (store.TesterCase, error) {
		old.Case = []byte(`{"user":"bob"}`)
		return old, nil
	})
	if err != nil || string(u.Case) != `{"user":"bob"}` {
		t.Fatalf("update = %+v, %v", u, err)
	}
	got, err := db.GetTesterCase(ctx, c.ID)
	if err != nil || string(got.Case) != `{"user":"bob"}` || got.ProfileID != p.ID {
		t.Errorf("get = %+v, %v", got, err)
	}
	if err := db.DeleteTesterCase(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteTesterCase(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestSecretsTableHoldsWhatItIsGiven(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	if err := db.PutSealedSecret(ctx, "ref1", []byte{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSealedSecret(ctx, "ref1", []byte{4, 5}); err != nil {
		t.Fatal(err)
	}
	b, err := db.GetSealedSecret(ctx, "ref1")
	if err != nil || len(b) != 2 || b[0] != 4 {
		t.Errorf("get = %v, %v", b, err)
	}
	if err := db.DeleteSealedSecret(ctx, "ref1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetSealedSecret(ctx, "ref1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

func TestTwoHandlesOnOneFileSeeEachOthersWrites(t *testing.T) {
	// The GUI and tandemctl open the same file at the same time.
	ctx := context.Background()
	a := openTemp(t)
	b, err := store.Open(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	for i, db := range []*store.DB{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 25 {
				name := string(rune('a'+i)) + "-" + string(rune('A'+j))
				if _, err := db.CreateProfile(ctx, sampleProfile(name), nil, nil); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, db := range []*store.DB{a, b} {
		if list, err := db.ListProfiles(ctx); err != nil || len(list) != 50 {
			t.Errorf("profiles = %d, %v; want 50", len(list), err)
		}
	}
}
