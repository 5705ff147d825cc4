package profile_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/filemode"
	"github.com/tandemhq/tandem/test/memkeychain"
)

func TestFileStoreRoundTripAndKeyFile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fs := profile.NewFileStore(filepath.Join(e.dataDir, "secret.key"), e.db)
	if err := fs.Set(ctx, "ref-a", "hunter2"); err != nil {
		t.Fatal(err)
	}
	got, err := fs.Get(ctx, "ref-a")
	if err != nil || got != "hunter2" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if runtime.GOOS != "windows" {
		filemode.AssertPrivate(t, fs.KeyPath())
	}
	st, err := os.Stat(fs.KeyPath())
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() != 32 {
		t.Errorf("key file size = %d, want 32", st.Size())
	}
	sealed, _ := e.db.GetSealedSecret(ctx, "ref-a")
	if bytes.Contains(sealed, []byte("hunter2")) {
		t.Error("the sealed secret contains the plaintext")
	}
	// A ciphertext moved to another ref must not decrypt.
	if err := e.db.PutSealedSecret(ctx, "ref-b", sealed); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Get(ctx, "ref-b"); err == nil {
		t.Error("a sealed secret decrypted under another ref")
	}
	if err := fs.Delete(ctx, "ref-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Get(ctx, "ref-a"); !errors.Is(err, profile.ErrSecretNotFound) {
		t.Errorf("Get after Delete = %v", err)
	}
}

func TestFileStoreRefusesAKeyOthersCanRead(t *testing.T) {
	filemode.SkipWithoutUnixModes(t)
	e := newEnv(t)
	ctx := context.Background()
	key := filepath.Join(e.dataDir, "secret.key")
	fs := profile.NewFileStore(key, e.db)
	if err := fs.Set(ctx, "r", "v"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := profile.NewFileStore(key, e.db)
	_, err := fresh.Get(ctx, "r")
	if err == nil || !strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("err = %v, want a refusal naming the key file and the fix", err)
	}
}

func TestFileStoreWithAnotherKeyCannotDecrypt(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	key := filepath.Join(e.dataDir, "secret.key")
	if err := profile.NewFileStore(key, e.db).Set(ctx, "r", "v"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(key); err != nil {
		t.Fatal(err)
	}
	_, err := profile.NewFileStore(key, e.db).Get(ctx, "r")
	if err == nil || !strings.Contains(err.Error(), key) {
		t.Fatalf("err = %v, want an error naming the missing key", err)
	}
}

func TestConcurrentKeyCreationAgreesOnOneKey(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	key := filepath.Join(e.dataDir, "secret.key")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref := "r" + string(rune('a'+i))
			if err := profile.NewFileStore(key, e.db).Set(ctx, ref, "v"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	reader := profile.NewFileStore(key, e.db)
	for i := range 8 {
		if v, err := reader.Get(ctx, "r"+string(rune('a'+i))); err != nil || v != "v" {
			t.Errorf("secret %d = %q, %v", i, v, err)
		}
	}
}

// hangingKeychain never answers, like a D-Bus call without a Secret Service.
type hangingKeychain struct{}

func (h hangingKeychain) Name() string { return profile.StoreKeychain }
func (h hangingKeychain) Set(ctx context.Context, _, _ string) error {
	<-ctx.Done()
	return ctx.Err()
}
func (h hangingKeychain) Get(ctx context.Context, _ string) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}
func (h hangingKeychain) Delete(context.Context, string) error { return nil }

func TestAutoFallsBackToFileWhenKeychainHangs(t *testing.T) {
	e := newEnv(t)
	s, err := profile.OpenSecrets(context.Background(), profile.SecretOptions{
		Mode: profile.SecretModeAuto, KeyFile: filepath.Join(e.dataDir, "secret.key"), Sealed: e.db,
		Keychain: hangingKeychain{}, ProbeTimeout: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	info := s.Info()
	if info.Active != profile.StoreEncryptedFile || !strings.Contains(info.Reason, "not available") {
		t.Errorf("info = %+v", info)
	}
	_, err = profile.OpenSecrets(context.Background(), profile.SecretOptions{
		Mode: profile.SecretModeKeychain, KeyFile: filepath.Join(e.dataDir, "secret.key"), Sealed: e.db,
		Keychain: hangingKeychain{}, ProbeTimeout: 50 * time.Millisecond,
	})
	if err == nil {
		t.Error("forcing the keychain when it hangs did not fail")
	}
}

func TestKeychainIsUsedWhenItAnswersAndRecordedOnTheProfile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kc := memkeychain.New()
	s, err := profile.OpenSecrets(ctx, profile.SecretOptions{
		Mode: profile.SecretModeAuto, KeyFile: filepath.Join(e.dataDir, "secret.key"), Sealed: e.db, Keychain: kc,
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Info().Active != profile.StoreKeychain {
		t.Fatalf("info = %+v", s.Info())
	}
	if kc.Len() != 0 {
		t.Errorf("the probe left %d items in the keychain", kc.Len())
	}
	svc := profile.NewService(e.db, s)
	p := mustCreate(t, svc, stagingInput())
	if p.SecretStore != profile.StoreKeychain || kc.Len() != 1 {
		t.Fatalf("profile store = %q, keychain items = %d", p.SecretStore, kc.Len())
	}
	if err := svc.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if kc.Len() != 0 {
		t.Error("deleting the profile left its secret in the keychain")
	}
	if _, err := os.Stat(filepath.Join(e.dataDir, "secret.key")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a key file was created although the keychain holds the secrets")
	}
}

func TestSecretModeFromEnv(t *testing.T) {
	for v, want := range map[string]profile.SecretMode{"": profile.SecretModeAuto, "FILE": profile.SecretModeFile, "keychain": profile.SecretModeKeychain} {
		t.Setenv("TANDEM_SECRET_STORE", v)
		if got, err := profile.SecretModeFromEnv(); err != nil || got != want {
			t.Errorf("%q: %q, %v", v, got, err)
		}
	}
	t.Setenv("TANDEM_SECRET_STORE", "vault")
	if _, err := profile.SecretModeFromEnv(); !errors.Is(err, profile.ErrSecretMode) || err.Error() != `TANDEM_SECRET_STORE="vault": want file, keychain or auto` {
		t.Errorf("unknown mode: %v, want ErrSecretMode naming the value", err)
	}
}

func TestKeychainWithoutSessionBusIsUnavailableAtOnce(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("D-Bus session bus discovery is Linux behaviour")
	}
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skip("this machine has a per-user session bus")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	kc := profile.NewKeychainStore(time.Minute)
	err := kc.Set(context.Background(), "probe", "v")
	if err == nil || !strings.Contains(err.Error(), "D-Bus session bus") {
		t.Fatalf("err = %v, want the missing session bus named", err)
	}
	e := newEnv(t)
	s, err := profile.OpenSecrets(context.Background(), profile.SecretOptions{
		Mode: profile.SecretModeAuto, KeyFile: filepath.Join(e.dataDir, "secret.key"), Sealed: e.db,
	})
	if err != nil {
		t.Fatal(err)
	}
	if info := s.Info(); info.Active != profile.StoreEncryptedFile || !strings.Contains(info.Reason, "D-Bus") {
		t.Errorf("info = %+v", info)
	}
}
