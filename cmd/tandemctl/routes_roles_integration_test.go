//go:build integration

package main

import (
	"bytes"
	"github.com/tandemhq/tandem/test/livekc"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// routes validate --profile reads the realm's roles from the profile's real
// Keycloak: a role the demo realm lacks is a warning, the file stays valid.
func TestIntegrationRoutesValidateWarnsOfRolesTheRealmLacks(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "admin", "profiles", "add", "--name", "local", "--url", livekc.URL(),
		"--realm", "master", "--username", "admin", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(file, []byte(`version: 1
issuer: `+livekc.URL()+`/realms/demo
routes:
  - name: x
    path: /x
    upstream: http://127.0.0.1:9
    auth: required
    roles: [admin, nosuchrole]
`), 0o600); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"--db", db, "routes", "validate", file, "--profile", "local"})
	if err := root.Execute(); err != nil {
		t.Fatalf("validate: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "ok, 1 routes") {
		t.Errorf("stdout: %s", out.String())
	}
	warnings := errOut.String()
	if !strings.Contains(warnings, `warning: `+file+`: route "x": roles: realm "demo" has no role "nosuchrole"`) || strings.Contains(warnings, `"admin"`) {
		t.Errorf("warnings:\n%s", warnings)
	}
}
