package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// The route file written by import oathkeeper is one tandemctl proxy runs
// as it is, and the report goes to stderr so stdout can be redirected.
func TestImportOathkeeperWritesARunnableRouteFile(t *testing.T) {
	testdata := filepath.Join("..", "..", "backend", "ory", "oathkeeper", "testdata")
	out := filepath.Join(t.TempDir(), "routes.yaml")
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs([]string{"import", "oathkeeper", filepath.Join(testdata, "rules.json"),
		"--oathkeeper-config", filepath.Join(testdata, "oathkeeper.yml"), "-o", out})
	if err := root.Execute(); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing with -o", stdout.String())
	}
	if _, err := routes.CheckFile(out, routes.ValidateStandalone); err != nil {
		t.Fatalf("the written file does not run on its own: %v", err)
	}
	for _, want := range []string{"rule introspected: skipped", "no equivalent (authorizer)", "behaviour change:"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stderr.String())
		}
	}

	root = newRootCmd()
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs([]string{"import", "oathkeeper", filepath.Join(testdata, "rules.json"), "--matching-strategy", "prefix"})
	if err := root.Execute(); exitCode(err) != 2 {
		t.Fatalf("a bad strategy: err = %v, want exit status 2", err)
	}
}
