package profile_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/memkeychain"
)

// dyingKeychain is a working in-memory keychain that can act out a process
// killed right after a keychain write (die) and a keychain that refuses to
// delete (downForDelete).
type dyingKeychain struct {
	*memkeychain.Keychain
	die           bool
	downForDelete bool
}

type killed struct{}

func (d *dyingKeychain) Set(ctx context.Context, k, v string) error {
	if err := d.Keychain.Set(ctx, k, v); err != nil {
		return err
	}
	if d.die {
		panic(killed{}) // nothing after the keychain write runs, as after kill -9
	}
	return nil
}

func (d *dyingKeychain) Delete(ctx context.Context, k string) error {
	if d.downForDelete {
		return errors.New("the keychain does not answer")
	}
	return d.Keychain.Delete(ctx, k)
}

func (d *dyingKeychain) items() int { return d.Len() }

// runUntilKilled runs fn and reports whether it was cut short by die.
func runUntilKilled(fn func()) (died bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(killed); !ok {
				panic(r)
			}
			died = true
		}
	}()
	fn()
	return false
}

// A keychain secret written by an import that dies before its profile is
// saved, or left by a delete whose keychain call failed, is removed by the
// sweep that opening runs; secrets that profiles use are kept, and a fresh
// leftover (perhaps another process's import in flight) waits for the grace
// period.
func TestKeychainSecretsNoProfileReferencesAreSwept(t *testing.T) {
	ctx := context.Background()
	src, _ := stagingEnv(t)
	file, err := src.svc.Export(ctx, profile.ExportOptions{WithSecrets: true, Passphrase: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}

	e := newEnv(t)
	kc := &dyingKeychain{Keychain: memkeychain.New()}
	secrets, err := profile.OpenSecrets(ctx, profile.SecretOptions{
		Mode: profile.SecretModeKeychain, KeyFile: filepath.Join(e.dataDir, "secret.key"), Sealed: e.db, Keychain: kc,
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := profile.NewService(e.db, secrets)
	keep := stagingInput()
	keep.Name, keep.Secret = "Keep", "keep-secret"
	kept := mustCreate(t, svc, keep)

	kc.die = true
	// The import never returns: the keychain kills it, and runUntilKilled reports whether it did.
	if !runUntilKilled(func() { _, _ = svc.Import(ctx, file, profile.ImportOptions{Passphrase: "correct horse battery"}) }) {
		t.Fatal("the import was not cut short")
	}
	kc.die = false
	if list, _ := svc.List(ctx); len(list) != 1 || kc.items() != 2 {
		t.Fatalf("after the killed import: %d profiles, %d keychain items; want 1 and 2 (one orphan)", len(list), kc.items())
	}

	// Another process opening now must not take a secret that may belong
	// to an import still running.
	if n, err := svc.SweepSecrets(ctx, time.Now().Add(-5*time.Minute)); err != nil || n != 0 || kc.items() != 2 {
		t.Errorf("sweep within the grace period removed %d (%v); %d items left, want 2", n, err, kc.items())
	}
	// Opened later, the orphan goes and the profile's secret stays.
	later := time.Now().Add(time.Hour)
	if n, err := svc.SweepSecrets(ctx, later); err != nil || n != 1 || kc.items() != 1 {
		t.Errorf("sweep removed %d (%v); %d items left, want 1", n, err, kc.items())
	}
	if s, err := svc.Secret(ctx, kept.ID); err != nil || s != "keep-secret" {
		t.Errorf("the used secret after the sweep = %q, %v", s, err)
	}

	// The same import, not killed, keeps its secret through a sweep.
	if _, err := svc.Import(ctx, file, profile.ImportOptions{Passphrase: "correct horse battery"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.SweepSecrets(ctx, later); n != 0 || kc.items() != 2 {
		t.Errorf("sweep after a whole import removed %d; %d items left, want 2", n, kc.items())
	}

	// A delete whose keychain call fails leaves the item to the sweep.
	kc.downForDelete = true
	if err := svc.Delete(ctx, kept.ID); err != nil {
		t.Fatal(err)
	}
	if kc.items() != 2 {
		t.Fatalf("keychain items = %d, want the undeletable one still there", kc.items())
	}
	if _, err := svc.SweepSecrets(ctx, later); err == nil {
		t.Error("a sweep while the keychain refuses deletes reported no problem")
	}
	kc.downForDelete = false
	if n, err := svc.SweepSecrets(ctx, later); err != nil || n != 1 || kc.items() != 1 {
		t.Errorf("sweep once the keychain answers removed %d (%v); %d items left, want 1", n, err, kc.items())
	}
}
