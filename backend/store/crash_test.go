package store_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
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
		fmt.Println("error", err)
		os.Exit(3)
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
			fmt.Println("error", err)
			os.Exit(3)
		}
		// Rewrite an earlier profile's routes too, so kills also hit updates.
		first := created[0]
		_, err = db.UpdateProfileRoutes(ctx, first.ID, func(p store.Profile, old store.ProfileRoutes) (store.ProfileRoutes, error) {
			cfg, _ := json.Marshal(map[string]string{"owner": p.Name, "pad": pad + "updated"})
			return store.ProfileRoutes{Config: cfg}, nil
		})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Println(i + batch) // profiles committed so far
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
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				t.Fatalf("round %d: child: %s", round, line)
			}
			n, err := strconv.Atoi(line)
			if err != nil {
				continue // test framework chatter
			}
			acknowledged = n
			if n >= roundStart+killAfter {
				break
			}
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait() // reaps the child; its error is the kill, checked just below
		if !isKilled(cmd) {
			t.Fatalf("round %d: child was not killed: %v", round, cmd.ProcessState)
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

func isKilled(cmd *exec.Cmd) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
