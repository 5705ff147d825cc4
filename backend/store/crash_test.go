package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/backend/store/crashtest"
)

const crashChildEnv = "TANDEM_STORE_CRASH_CHILD_DB"

// batch is how many profiles the child creates per transaction.
const batch = 3

// TestCrashChild is the writer that TestKilledWriterLeavesWholeProfiles
// starts in a separate process and kills. It does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("only runs as the child of TestKilledWriterLeavesWholeProfiles")
	}
	db, err := store.Open(path)
	if err != nil {
		crashtest.Fail(err)
	}
	ctx := context.Background()
	start := len(mustList(db))
	pad := strings.Repeat("route-", 700) // a few pages per profile, so a kill lands mid-write
	for i := start; ; i += batch {
		var items []store.NewProfile
		for j := range batch {
			name := fmt.Sprintf("p-%06d", i+j)
			cfg, _ := json.Marshal(map[string]string{"owner": name, "pad": pad})
			items = append(items, store.NewProfile{Profile: sampleProfile(name), Config: cfg})
		}
		created, err := db.CreateProfiles(ctx, items)
		if err != nil {
			crashtest.Fail(err)
		}
		// Rewrite an earlier profile's routes too, so kills also hit updates.
		first := created[0]
		_, err = db.UpdateProfileRoutes(ctx, first.ID, func(p store.Profile, old store.ProfileRoutes) (store.ProfileRoutes, error) {
			cfg, _ := json.Marshal(map[string]string{"owner": p.Name, "pad": pad + "updated"})
			return store.ProfileRoutes{Config: cfg}, nil
		})
		if err != nil {
			crashtest.Fail(err)
		}
		crashtest.Progress(i + batch) // profiles committed so far
	}
}

func mustList(db *store.DB) []store.Profile {
	list, err := db.ListProfiles(context.Background())
	if err != nil {
		panic(err)
	}
	return list
}

func TestKilledWriterLeavesWholeProfiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	path := filepath.Join(t.TempDir(), "tandem.db")
	acknowledged, roundStart := 0, 0
	// Several rounds on the same file: each kill lands at a different point,
	// and each round starts from what the previous kill left behind.
	for round, killAfter := range []int{30, 61, 97, 150} {
		child := crashtest.Start(t, fmt.Sprintf("round %d", round), "TestCrashChild", crashChildEnv+"="+path)
		if n := child.Until(func(n int) bool { return n >= roundStart+killAfter }); n > 0 {
			acknowledged = n
		}
		if !child.Kill() {
			t.Fatalf("round %d: child was not killed: %v", round, child.State())
		}

		db, err := store.Open(path)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		ctx := context.Background()
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		list := mustList(db)
		if len(list) < acknowledged {
			t.Errorf("round %d: %d profiles, but the child had acknowledged %d commits", round, len(list), acknowledged)
		}
		if len(list)%batch != 0 {
			t.Errorf("round %d: %d profiles, not a multiple of the batch size %d: a batch was half written", round, len(list), batch)
		}
		for _, p := range list {
			r, err := db.GetProfileRoutes(ctx, p.ID)
			if err != nil {
				t.Fatalf("round %d: profile %s has no routes: %v", round, p.Name, err)
			}
			var doc map[string]string
			if err := json.Unmarshal(r.Config, &doc); err != nil || doc["owner"] != p.Name {
				t.Fatalf("round %d: routes of %s are not whole: %v %q", round, p.Name, err, doc["owner"])
			}
		}
		t.Logf("round %d: killed after %d acknowledged, found %d whole profiles", round, acknowledged, len(list))
		acknowledged, roundStart = len(list), len(list)
		db.Close()
	}
}
