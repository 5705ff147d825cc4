package profile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
)

func TestExportWithoutSecretsThenImport(t *testing.T) {
	src, p := stagingEnv(t)
	ctx := context.Background()
	if err := src.svc.SaveRoutes(ctx, p.ID, profile.DemoRoutes()); err != nil {
		t.Fatal(err)
	}
	data, err := src.svc.Export(ctx, profile.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("s3cret-pass")) {
		t.Fatal("export without secrets contains the secret")
	}

	dst := newEnv(t)
	res, err := dst.svc.Import(ctx, data, profile.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Created, []string{"Staging"}) || !slices.Equal(res.WithoutSecret, []string{"Staging"}) {
		t.Errorf("result = %+v", res)
	}
	got, err := dst.svc.GetByName(ctx, "staging")
	if err != nil || got.KeycloakURL != p.KeycloakURL || got.SecretStore != "" {
		t.Fatalf("imported = %+v, %v", got, err)
	}
	if cfg, _ := dst.svc.Routes(ctx, got.ID); len(cfg.Routes) != len(profile.DemoRoutes().Routes) {
		t.Errorf("imported routes = %d", len(cfg.Routes))
	}
	if _, err := dst.svc.Secret(ctx, got.ID); !errors.Is(err, profile.ErrNoSecret) {
		t.Errorf("Secret of a profile imported without one = %v", err)
	}

	// Importing again skips by default and renames when asked.
	res, err = dst.svc.Import(ctx, data, profile.ImportOptions{})
	if err != nil || !slices.Equal(res.Skipped, []string{"Staging"}) || len(res.Created) != 0 {
		t.Errorf("second import = %+v, %v", res, err)
	}
	res, err = dst.svc.Import(ctx, data, profile.ImportOptions{OnConflict: profile.ConflictRename})
	if err != nil || !slices.Equal(res.Created, []string{"Staging (2)"}) {
		t.Errorf("renaming import = %+v, %v", res, err)
	}
}

func TestExportWithSecretsIsEncrypted(t *testing.T) {
	src, _ := stagingEnv(t)
	ctx := context.Background()
	if _, err := src.svc.Export(ctx, profile.ExportOptions{WithSecrets: true, Passphrase: "short"}); !slices.Contains(fields(err), "passphrase") {
		t.Errorf("short passphrase: %v", err)
	}
	data, err := src.svc.Export(ctx, profile.ExportOptions{WithSecrets: true, Passphrase: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("s3cret-pass")) {
		t.Fatal("export with secrets contains the plaintext secret")
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil || doc["secrets"] == nil {
		t.Fatalf("export has no secrets section: %v", err)
	}

	dst := newEnv(t)
	if _, err := dst.svc.Import(ctx, data, profile.ImportOptions{}); !errors.Is(err, profile.ErrPassphraseNeeded) {
		t.Errorf("import without passphrase: %v", err)
	}
	if _, err := dst.svc.Import(ctx, data, profile.ImportOptions{Passphrase: "wrong horse battery"}); !errors.Is(err, profile.ErrWrongPassphrase) {
		t.Errorf("import with a wrong passphrase: %v", err)
	}
	if list, _ := dst.svc.List(ctx); len(list) != 0 {
		t.Fatalf("failed imports created %d profiles", len(list))
	}
	res, err := dst.svc.Import(ctx, data, profile.ImportOptions{Passphrase: "correct horse battery"})
	if err != nil || len(res.WithoutSecret) != 0 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	p, _ := dst.svc.GetByName(ctx, "Staging")
	if s, err := dst.svc.Secret(ctx, p.ID); err != nil || s != "s3cret-pass" {
		t.Errorf("imported secret = %q, %v", s, err)
	}
}

func TestImportReportsEveryProblemAndCreatesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	file := `{"format":"tandem-profiles","version":1,"exportedAt":"2026-01-01T00:00:00Z","profiles":[
	  {"name":"Good","kind":"dev","color":"#000000","keycloakUrl":"http://kc","adminRealm":"master","authMethod":"password","username":"a","readOnly":false,"routes":{"version":1,"routes":[]},"proxy":{}},
	  {"name":"Bad","kind":"qa","color":"#000000","keycloakUrl":"kc","adminRealm":"master","authMethod":"password","username":"a","readOnly":false,"routes":{"version":1,"routes":[{"name":"x","path":"/x","upstream":"nope","auth":"public"}]},"proxy":{}}
	]}`
	_, err := e.svc.Import(ctx, []byte(file), profile.ImportOptions{})
	got := fields(err)
	for _, want := range []string{`profile "Bad".kind`, `profile "Bad".keycloakUrl`, `profile "Bad".routes`} {
		if !slices.Contains(got, want) {
			t.Errorf("problems %v lack %s", got, want)
		}
	}
	if list, _ := e.svc.List(ctx); len(list) != 0 {
		t.Errorf("created %d profiles from an invalid file", len(list))
	}
	if _, err := e.svc.Import(ctx, []byte(`{"format":"other"}`), profile.ImportOptions{}); !slices.Contains(fields(err), "file") {
		t.Errorf("foreign file: %v", err)
	}
}
