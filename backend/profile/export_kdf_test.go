package profile

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/test/tempdb"
)

// A file chooses its own scrypt cost. Import must refuse any cost other than
// the one the exporter writes before deriving a key: n=2^20, r=32, p=16 is a
// 4 GiB allocation that kills the process, r=1, p=16 seconds of CPU burnt
// before a wrong passphrase is noticed.
func TestImportRefusesForeignScryptParametersBeforeDerivingAKey(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := tempdb.In(t, dir)
	secrets, err := OpenSecrets(ctx, SecretOptions{Mode: SecretModeFile, KeyFile: filepath.Join(dir, "secret.key"), Sealed: db})
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(db, secrets)
	if _, err := svc.Create(ctx, ProfileInput{Secret: "s3cret-pass", Details: Details{Name: "Staging", Kind: KindStaging,
		KeycloakURL: "https://kc.example.com", AdminRealm: "master", AuthMethod: AuthPassword, Username: "ops"}}); err != nil {
		t.Fatal(err)
	}
	data, err := svc.Export(ctx, ExportOptions{WithSecrets: true, Passphrase: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}

	derived := 0
	deriveKey = func(password, salt []byte, n, r, p, keyLen int) ([]byte, error) {
		derived++
		return make([]byte, keyLen), nil
	}
	t.Cleanup(func() { deriveKey = scryptKey })

	for _, c := range []struct {
		n, r, p int
		field   string
	}{
		{1 << 20, 32, 16, "secrets.n"},
		{scryptN, 1, 16, "secrets.p"},
		{scryptN, 32, scryptP, "secrets.r"},
		{1 << 10, scryptR, scryptP, "secrets.n"}, // cheaper is refused too: only what the exporter writes
	} {
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		blob := doc["secrets"].(map[string]any)
		blob["n"], blob["r"], blob["p"] = c.n, c.r, c.p
		crafted, _ := json.Marshal(doc)
		for _, opts := range []ImportOptions{{Passphrase: "wrong horse battery"}, {}} {
			_, err := svc.Import(ctx, crafted, opts)
			ve, ok := err.(*ValidationError)
			if !ok {
				t.Fatalf("n=%d r=%d p=%d: err = %v, want a validation error", c.n, c.r, c.p, err)
			}
			var fields []string
			for _, p := range ve.Problems {
				fields = append(fields, p.Field)
			}
			if !slices.Contains(fields, c.field) || !strings.Contains(err.Error(), "reads only") {
				t.Errorf("n=%d r=%d p=%d: err = %v, want the parameter %s named", c.n, c.r, c.p, err, c.field)
			}
		}
	}
	if derived != 0 {
		t.Errorf("a key was derived %d time(s) for refused parameters", derived)
	}

	// The exporter's own parameters still reach key derivation.
	deriveKey = scryptKey
	if _, err := svc.Import(ctx, data, ImportOptions{Passphrase: "correct horse battery", OnConflict: ConflictRename}); err != nil {
		t.Errorf("importing the exporter's own file: %v", err)
	}
}
