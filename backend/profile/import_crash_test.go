package profile_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/backend/store/crashtest"
	"github.com/tandemhq/tandem/test/tempdb"
)

const importChildEnv = "TANDEM_PROFILE_IMPORT_CHILD"

// exportOf writes n profiles with secrets and returns their export.
func exportOf(t *testing.T, n int) []byte {
	t.Helper()
	src := newEnv(t)
	for i := range n {
		in := stagingInput()
		in.Name, in.Secret = fmt.Sprintf("P%02d", i), fmt.Sprintf("secret-%02d", i)
		mustCreate(t, src.svc, in)
	}
	data, err := src.svc.Export(context.Background(), profile.ExportOptions{WithSecrets: true, Passphrase: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportChild imports one file again and again (renaming) into the
// database TestKilledImportsLeaveNoOrphanSecrets names, which kills it.
func TestImportChild(t *testing.T) {
	spec := os.Getenv(importChildEnv)
	if spec == "" {
		t.Skip("only runs as the child of TestKilledImportsLeaveNoOrphanSecrets")
	}
	dbPath, filePath, _ := strings.Cut(spec, "|")
	db, err := store.Open(dbPath)
	if err != nil {
		crashtest.Fail(err)
	}
	ctx := context.Background()
	// Not profile.Open: its sweep would hide what an earlier kill left.
	secrets, err := profile.OpenSecrets(ctx, profile.SecretOptions{
		Mode: profile.SecretModeFile, KeyFile: filepath.Join(filepath.Dir(dbPath), "secret.key"), Sealed: db,
	})
	if err != nil {
		crashtest.Fail(err)
	}
	svc := profile.NewService(db, secrets)
	data, err := os.ReadFile(filePath)
	if err != nil {
		crashtest.Fail(err)
	}
	for i := 1; ; i++ {
		if _, err := svc.Import(ctx, data, profile.ImportOptions{Passphrase: "correct horse battery", OnConflict: profile.ConflictRename}); err != nil {
			crashtest.Fail(err)
		}
		crashtest.Progress(i)
	}
}

// kill -9 during imports into the encrypted-file store must never leave a
// sealed secret that no profile references, nor a profile whose secret is
// missing: the secrets are written in the profiles' transaction.
func TestKilledImportsLeaveNoOrphanSecrets(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	const perFile = 150
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "data", "tandem.db")
	filePath := filepath.Join(dir, "profiles.json")
	if err := os.WriteFile(filePath, exportOf(t, perFile), 0o600); err != nil {
		t.Fatal(err)
	}
	// Each round kills at another point of an import: key derivation, the
	// secrets, the profiles. Many profiles per file make the secrets'
	// writes take about as long as the key derivation, so some kills land
	// among them (where builds that wrote secrets apart from their profiles
	// left orphans).
	for round := range 8 {
		delay := time.Duration(round) * 35 * time.Millisecond
		child := crashtest.Start(t, fmt.Sprintf("round %d", round), "TestImportChild", importChildEnv+"="+dbPath+"|"+filePath)
		child.Until(func(n int) bool { return n >= 2 })
		time.Sleep(delay) // where the kill lands, not what the test asserts
		if !child.Kill() {
			t.Fatalf("round %d: child was not killed: %v", round, child.State())
		}

		raw, err := sql.Open("sqlite3", dbPath)
		if err != nil {
			t.Fatal(err)
		}
		var orphans, profiles, withSecret, missing int
		q := func(query string, dst *int) {
			if err := raw.QueryRow(query).Scan(dst); err != nil {
				t.Fatalf("round %d: %s: %v", round, query, err)
			}
		}
		q("SELECT count(*) FROM secrets WHERE ref NOT IN (SELECT secret_ref FROM profiles)", &orphans)
		q("SELECT count(*) FROM profiles", &profiles)
		q("SELECT count(*) FROM profiles WHERE secret_ref != ''", &withSecret)
		q("SELECT count(*) FROM profiles WHERE secret_ref != '' AND secret_ref NOT IN (SELECT ref FROM secrets)", &missing)
		raw.Close()
		if orphans != 0 {
			t.Errorf("round %d (kill %v after an import): %d sealed secrets no profile references", round, delay, orphans)
		}
		if missing != 0 || withSecret != profiles || profiles%perFile != 0 {
			t.Errorf("round %d: %d profiles, %d with a secret, %d whose secret is missing; want whole imports with every secret", round, profiles, withSecret, missing)
		}
		t.Logf("round %d: %d profiles, %d orphan secrets", round, profiles, orphans)
	}
}

// Three imports renaming on conflict, run at the same time on one database
// file through separate handles (as separate tandemctl processes would),
// all succeed and give distinct names.
func TestConcurrentRenamingImportsOnOneDatabase(t *testing.T) {
	ctx := context.Background()
	data := exportOf(t, 1)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "tandem.db")
	const runs = 3
	svcs := make([]*profile.Service, runs)
	for i := range svcs {
		db := tempdb.Open(t, dbPath)
		secrets, err := profile.OpenSecrets(ctx, profile.SecretOptions{
			Mode: profile.SecretModeFile, KeyFile: filepath.Join(dir, "secret.key"), Sealed: db,
		})
		if err != nil {
			t.Fatal(err)
		}
		svcs[i] = profile.NewService(db, secrets)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var names []string
	for _, svc := range svcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := svc.Import(ctx, data, profile.ImportOptions{Passphrase: "correct horse battery", OnConflict: profile.ConflictRename})
			if err != nil {
				t.Errorf("import: %v", err)
				return
			}
			mu.Lock()
			names = append(names, res.Created...)
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	slices.Sort(names)
	if want := []string{"P00", "P00 (2)", "P00 (3)"}; !slices.Equal(names, want) {
		t.Errorf("created %v, want %v", names, want)
	}
	for _, n := range names {
		p, err := svcs[0].GetByName(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := svcs[0].Secret(ctx, p.ID); err != nil || s != "secret-00" {
			t.Errorf("secret of %s = %q, %v", n, s, err)
		}
	}
}
