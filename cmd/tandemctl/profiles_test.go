package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/test/filemode"
)

// run executes tandemctl in-process against db with stdin, returning stdout
// and the error (stderr is discarded).
func run(t *testing.T, db, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&bytes.Buffer{})
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(append([]string{"--db", db}, args...))
	err := root.Execute()
	return out.String(), err
}

func newDB(t *testing.T) string {
	t.Setenv("TANDEM_SECRET_STORE", "file")
	return filepath.Join(t.TempDir(), "data", "tandem.db")
}

func TestProfilesAddListUseRemove(t *testing.T) {
	db := newDB(t)
	out, err := run(t, db, "s3cret\n", "profiles", "add", "Staging", "--kind", "staging",
		"--url", "https://kc.staging.example.com", "--username", "ops", "--password-stdin", "--default-realm", "shop")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `Added profile "Staging" (secret in encrypted-file)`) {
		t.Errorf("add output = %q", out)
	}
	if _, err := run(t, db, "client-secret", "profiles", "add", "CI", "--client-id", "tandem", "--url", "http://kc", "--secret-stdin"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, db, "", "profiles", "use", "staging"); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, db, "", "profiles", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "*") || !strings.Contains(lines[2], "Staging") || !strings.Contains(lines[1], "client tandem@master") {
		t.Errorf("list =\n%s", out)
	}
	out, err = run(t, db, "", "profiles", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || rows[1]["active"] != true {
		t.Errorf("list --json = %s (%v)", out, err)
	}
	if strings.Contains(out, "s3cret") {
		t.Error("list --json shows the secret")
	}
	if _, err := run(t, db, "", "profiles", "remove", "Staging"); err != nil {
		t.Fatal(err)
	}
	out, _ = run(t, db, "", "profiles", "list")
	if strings.Contains(out, "Staging") {
		t.Errorf("list after remove =\n%s", out)
	}
	if _, err := run(t, db, "", "profiles", "remove", "Staging"); exitCode(err) != 2 {
		t.Errorf("removing an unknown profile: %v (exit %d), want exit 2", err, exitCode(err))
	}
}

func TestProfilesWithAnUnknownSecretStoreModeIsAnInputError(t *testing.T) {
	db := newDB(t)
	t.Setenv("TANDEM_SECRET_STORE", "vault")
	if _, err := run(t, db, "", "profiles", "list"); exitCode(err) != 2 || !strings.Contains(err.Error(), "TANDEM_SECRET_STORE") {
		t.Errorf("profiles list with TANDEM_SECRET_STORE=vault: %v (exit %d), want exit 2 naming the variable", err, exitCode(err))
	}
}

func TestProfilesAddTakesSecretsOnlyFromStdin(t *testing.T) {
	db := newDB(t)
	_, err := run(t, db, "", "profiles", "add", "X", "--url", "http://kc", "--username", "a")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "standard input") {
		t.Errorf("without --password-stdin: %v", err)
	}
	_, err = run(t, db, "", "profiles", "add", "X", "--url", "http://kc", "--username", "a", "--password-stdin")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty stdin: %v", err)
	}
	_, err = run(t, db, "pw", "profiles", "add", "X", "--url", "http://kc", "--username", "a", "--password", "pw")
	if err == nil {
		t.Error("a --password flag was accepted")
	}
	_, err = run(t, db, "pw", "profiles", "add", "X", "--url", "kc", "--kind", "qa", "--password-stdin")
	if exitCode(err) != 2 {
		t.Fatalf("invalid input: %v", err)
	}
	for _, want := range []string{"keycloakUrl", "kind", "username"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not list %s", err, want)
		}
	}
}

func TestProfilesExportImportRoundTrip(t *testing.T) {
	src := newDB(t)
	if _, err := run(t, src, "canary-pw-91\n", "profiles", "add", "Prod", "--kind", "prod", "--read-only",
		"--url", "https://kc.example.com", "--username", "ops", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "export.json")
	if _, err := run(t, src, "", "profiles", "export", "--with-secrets"); exitCode(err) != 2 {
		t.Errorf("--with-secrets without a passphrase: %v", err)
	}
	if _, err := run(t, src, "a long passphrase\n", "profiles", "export", "--with-secrets", "--passphrase-stdin", "-o", file); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if bytes.Contains(data, []byte("canary-pw-91")) {
		t.Fatal("the export contains the plaintext secret")
	}
	filemode.AssertPrivate(t, file)
	plain, err := run(t, src, "", "profiles", "export")
	if err != nil || strings.Contains(plain, "canary-pw-91") || strings.Contains(plain, `"secrets"`) {
		t.Errorf("plain export = %s, %v", plain, err)
	}

	dst := filepath.Join(t.TempDir(), "other.db")
	if _, err := run(t, dst, "wrong passphrase!\n", "profiles", "import", file, "--passphrase-stdin"); exitCode(err) != 2 {
		t.Errorf("wrong passphrase: %v", err)
	}
	out, err := run(t, dst, "a long passphrase\n", "profiles", "import", file, "--passphrase-stdin")
	if err != nil || !strings.Contains(out, "Imported 1 profile(s): Prod.") {
		t.Fatalf("import = %q, %v", out, err)
	}
	out, _ = run(t, dst, "", "profiles", "list", "--json")
	if !strings.Contains(out, `"readOnly": true`) || !strings.Contains(out, `"secretStore": "encrypted-file"`) {
		t.Errorf("imported profile = %s", out)
	}
	out, err = run(t, dst, "a long passphrase\n", "profiles", "import", file, "--passphrase-stdin", "--on-conflict", "rename")
	if err != nil || !strings.Contains(out, `Renamed "Prod" to "Prod (2)"`) {
		t.Errorf("second import = %q, %v", out, err)
	}
}

func TestProfilesTestReportsTheProblem(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "pw", "profiles", "test"); exitCode(err) != 2 {
		t.Errorf("test with no active profile: %v", err)
	}
	if _, err := run(t, db, "pw", "profiles", "add", "Down", "--url", "http://127.0.0.1:1", "--username", "a", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, db, "", "profiles", "test", "Down")
	if err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("test of an unreachable profile: %v", err)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		t.Errorf("an unreachable Keycloak is not an input error: exit %d", ee.code)
	}
}

// The flag spelling of add: --name instead of the argument, --realm for the
// admin realm. Two different names are refused rather than guessed between.
func TestProfilesAddWithNameAndRealmFlags(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "pw", "profiles", "add", "--name", "local", "--url", "http://127.0.0.1:8180",
		"--realm", "admins", "--username", "admin", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, db, "", "profiles", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0]["name"] != "local" || rows[0]["adminRealm"] != "admins" {
		t.Errorf("list --json = %s (%v)", out, err)
	}
	if _, err := run(t, db, "pw", "profiles", "add", "one", "--name", "two", "--url", "http://kc", "--username", "a", "--password-stdin"); exitCode(err) != 2 {
		t.Errorf("two names: %v (exit %d), want exit 2", err, exitCode(err))
	}
	if _, err := run(t, db, "pw", "profiles", "add", "--url", "http://kc", "--username", "a", "--password-stdin"); exitCode(err) != 2 {
		t.Errorf("no name: %v (exit %d), want exit 2", err, exitCode(err))
	}
}

// `export -o FILE` over a file others can read leaves a file only the user
// can read, holding the export alone.
func TestProfilesExportOverAWorldReadableFileMakesItPrivate(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "s3cret", "profiles", "add", "Staging", "--url", "https://kc.example.com", "--username", "ops", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "profiles.json")
	filemode.WorldReadable(t, out, []byte(strings.Repeat("older and longer content ", 400)))
	if _, err := run(t, db, "correct horse battery", "profiles", "export", "--with-secrets", "--passphrase-stdin", "-o", out); err != nil {
		t.Fatal(err)
	}
	filemode.AssertPrivate(t, out)
	data, _ := os.ReadFile(out)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil || doc["format"] != "tandem-profiles" {
		t.Errorf("export file is not just the export: %v", err)
	}
}

// A database whose file is read-only is listed; a change fails saying the
// database is read-only.
func TestProfilesListOnAReadOnlyDatabase(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "s3cret", "profiles", "add", "Staging", "--url", "https://kc.example.com", "--username", "ops", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, db, "", "profiles", "list")
	if err != nil || !strings.Contains(out, "Staging") {
		t.Fatalf("list on a read-only database = %q, %v", out, err)
	}
	_, err = run(t, db, "", "profiles", "remove", "Staging")
	if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), db) {
		t.Errorf("remove on a read-only database: %v, want an error naming the file as read-only", err)
	}
}

// With secret.key lost, adding a profile is refused with the way out, and
// forget-secrets is that way out.
func TestProfilesForgetSecretsAfterTheKeyFileIsLost(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "s3cret", "profiles", "add", "Staging", "--url", "https://kc.example.com", "--username", "ops", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, db, "", "profiles", "forget-secrets"); err == nil {
		t.Error("forget-secrets ran although the key file is there")
	}
	if err := os.Remove(filepath.Join(filepath.Dir(db), "secret.key")); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, db, "other", "profiles", "add", "Other", "--url", "https://kc.example.com", "--username", "ops", "--password-stdin")
	if err == nil || !strings.Contains(err.Error(), "tandemctl profiles forget-secrets") {
		t.Fatalf("add with the key file lost: %v, want the way out named", err)
	}
	out, err := run(t, db, "", "profiles", "forget-secrets")
	if err != nil || !strings.Contains(out, "Staging") {
		t.Fatalf("forget-secrets = %q, %v", out, err)
	}
	if _, err := run(t, db, "other", "profiles", "add", "Other", "--url", "https://kc.example.com", "--username", "ops", "--password-stdin"); err != nil {
		t.Errorf("add after forget-secrets: %v", err)
	}
	out, _ = run(t, db, "", "profiles", "list")
	if !strings.Contains(out, "none") {
		t.Errorf("list does not show Staging without a secret:\n%s", out)
	}
}

// Three `profiles import --on-conflict rename` runs at once on one database
// all succeed, with distinct names.
func TestProfilesConcurrentRenamingImports(t *testing.T) {
	db := newDB(t)
	src := newDB(t)
	if _, err := run(t, src, "s3cret", "profiles", "add", "Staging", "--url", "https://kc.example.com", "--username", "ops", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "profiles.json")
	if _, err := run(t, src, "", "profiles", "export", "-o", file); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, db, "", "profiles", "list"); err != nil { // create the database first
		t.Fatal(err)
	}
	errs := make(chan error, 3)
	start := make(chan struct{})
	for range 3 {
		go func() {
			<-start
			_, err := run(t, db, "", "profiles", "import", file, "--on-conflict", "rename")
			errs <- err
		}()
	}
	close(start)
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("import: %v", err)
		}
	}
	out, _ := run(t, db, "", "profiles", "list")
	for _, name := range []string{"Staging ", "Staging (2)", "Staging (3)"} {
		if !strings.Contains(out, name) {
			t.Errorf("list lacks %q:\n%s", name, out)
		}
	}
}
