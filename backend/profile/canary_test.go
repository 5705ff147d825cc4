package profile_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/tempdb"
)

// TestCanarySecretNeverReachesDisk stores a recognisable password, runs every
// operation that touches secrets, and then reads every byte under the config
// and data folders (database, -wal, -shm, key file, exports) looking for it.
func TestCanarySecretNeverReachesDisk(t *testing.T) {
	const canary = "CANARY-7f3a9c1e-do-not-store"
	const canary2 = "CANARY-second-b81d"
	const canary3 = "CANARY-signin-client-5e02"
	root := t.TempDir()
	configDir := filepath.Join(root, "config")
	dataDir := filepath.Join(configDir, "tandem")
	t.Setenv("XDG_CONFIG_HOME", configDir)
	t.Setenv("HOME", root)

	ctx := context.Background()
	db := tempdb.In(t, dataDir)
	secrets, err := profile.OpenSecrets(ctx, profile.SecretOptions{
		Mode: profile.SecretModeFile, KeyFile: filepath.Join(dataDir, "secret.key"), Sealed: db,
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := profile.NewService(db, secrets)
	var messages []string
	note := func(err error) {
		if err != nil {
			messages = append(messages, err.Error())
		}
	}

	in := stagingInput()
	in.Secret = canary
	p, err := svc.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// A failing create and update that carry the secret.
	bad := in
	bad.KeycloakURL = "nope"
	_, err = svc.Create(ctx, bad)
	note(err)
	_, err = svc.Update(ctx, p.ID, bad)
	note(err)

	in.Color = "#abcdef"
	in.Secret = ""
	if _, err := svc.Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Secret = canary2
	if _, err := svc.Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Secret = canary
	if _, err := svc.Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	dup, err := svc.Duplicate(ctx, p.ID, "Staging copy")
	if err != nil {
		t.Fatal(err)
	}
	local, _ := svc.EnsureLocal(ctx)
	_ = local
	if err := svc.SetActive(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetActive(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveRoutes(ctx, p.ID, profile.DemoRoutes()); err != nil {
		t.Fatal(err)
	}

	// Sign-in's secrets: a client secret and cookie keys, rotated once.
	if err := svc.SetLoginClientSecret(ctx, p.ID, canary3); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CookieKeys(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RotateCookieKeys(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	signIn, err := svc.LoginSecrets(ctx, p, profile.DemoRoutes(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if signIn.ClientSecret != canary3 || len(signIn.CookieKeys) != 2 {
		t.Fatalf("sign-in secrets read back: client secret kept %v, %d cookie keys", signIn.ClientSecret == canary3, len(signIn.CookieKeys))
	}

	plainExport, err := svc.Export(ctx, profile.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sealedExport, err := svc.Export(ctx, profile.ExportOptions{WithSecrets: true, Passphrase: "export passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "export.json"), plainExport, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, "export-secrets.json"), sealedExport, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Import(ctx, sealedExport, profile.ImportOptions{Passphrase: "export passphrase", OnConflict: profile.ConflictRename})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Import(ctx, sealedExport, profile.ImportOptions{Passphrase: "wrong passphrase"})
	note(err)

	// Connection test failures must not echo the password either.
	unreachable := p
	unreachable.KeycloakURL = "http://127.0.0.1:1"
	res := profile.TestConnection(ctx, unreachable, canary)
	messages = append(messages, res.Problem)

	// The secret is still usable, so the test exercised real storage.
	if s, err := svc.Secret(ctx, dup.ID); err != nil || s != canary {
		t.Fatalf("duplicate secret = %q, %v", s, err)
	}

	needles := func(s string) [][]byte {
		return [][]byte{
			[]byte(s),
			[]byte(base64.StdEncoding.EncodeToString([]byte(s))),
			[]byte(hex.EncodeToString([]byte(s))),
		}
	}
	search := func(when string) {
		files := 0
		for _, dir := range []string{configDir, dataDir, root} {
			// A directory that cannot be walked would hide a leak: that fails the test too.
			err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Errorf("read %s: %v", path, err)
					return nil
				}
				files++
				for _, c := range []string{canary, canary2, canary3} {
					for _, n := range needles(c) {
						if bytes.Contains(b, n) {
							t.Errorf("%s: %s contains the canary %q", when, path, n)
						}
					}
				}
				for i, k := range signIn.CookieKeys {
					for _, n := range append(needles(string(k)), []byte(base64.StdEncoding.EncodeToString(k))) {
						if bytes.Contains(b, n) {
							t.Errorf("%s: %s contains cookie key %d", when, path, i+1)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Errorf("%s: walk %s: %v", when, dir, err)
			}
		}
		if files < 4 {
			t.Errorf("%s: searched only %d files", when, files)
		}
	}
	for _, name := range []string{"tandem.db-wal", "tandem.db-shm"} {
		if _, err := os.Stat(filepath.Join(dataDir, name)); err != nil {
			t.Errorf("expected %s while the database is open: %v", name, err)
		}
	}
	search("while open")
	db.Close()
	search("after close")

	for _, m := range messages {
		for _, c := range []string{canary, canary2, canary3} {
			if bytes.Contains([]byte(m), []byte(c)) {
				t.Errorf("error message contains the canary: %s", m)
			}
		}
	}
	if len(messages) < 4 {
		t.Errorf("only %d failure messages were checked", len(messages))
	}
}
