package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/profile/storetest"
	"github.com/tandemhq/tandem/backend/store"
)

// The database is what the profile service keeps everything in: it passes
// the same contract every stand-in must pass.
func TestDBMeetsTheProfileStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) profile.Store { return openTemp(t) })
}

// Deleting a profile takes its saved tester cases with it (the tester's
// table is no part of the profile store's contract).
func TestDeletingAProfileDeletesItsTesterCases(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	p, _ := db.CreateProfile(ctx, sampleProfile("Gone"), nil, nil)
	if _, err := db.CreateTesterCase(ctx, store.TesterCase{ProfileID: p.ID, RouteName: "me", Name: "alice", Case: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if cs, _ := db.ListTesterCases(ctx, p.ID); len(cs) != 0 {
		t.Errorf("tester cases after delete = %d", len(cs))
	}
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

func TestTwoHandlesOnOneFileSeeEachOthersWrites(t *testing.T) {
	// The GUI and tandemctl open the same file at the same time.
	ctx := context.Background()
	a := openTemp(t)
	b := mustOpen(t, a.Path())
	defer b.Close()
	var wg sync.WaitGroup
	for i, db := range []*store.DB{a, b} {
		wg.Go(func() {
			for j := range 25 {
				name := string(rune('a'+i)) + "-" + string(rune('A'+j))
				if _, err := db.CreateProfile(ctx, sampleProfile(name), nil, nil); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, db := range []*store.DB{a, b} {
		if list, err := db.ListProfiles(ctx); err != nil || len(list) != 50 {
			t.Errorf("profiles = %d, %v; want 50", len(list), err)
		}
	}
}
