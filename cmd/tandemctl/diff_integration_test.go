//go:build integration

package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
	"github.com/tandemhq/tandem/test/nowhere"
)

// closingURL is a server that accepts each connection and closes it at
// once: something listens, but no Keycloak answers.
func closingURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return "http://" + ln.Addr().String()
}

func addProfile(t *testing.T, db, name, url string, extra ...string) {
	t.Helper()
	args := append([]string{"profiles", "add", name, "--url", url, "--username", "admin", "--password-stdin"}, extra...)
	if _, err := run(t, db, "admin", args...); err != nil {
		t.Fatalf("add profile %s: %v", name, err)
	}
}

func TestIntegrationDiffExitCodesPlanAndApply(t *testing.T) {
	kc, err := keycloak.New(keycloak.Config{BaseURL: livekc.URL(), Username: "admin", Password: "admin", Timeout: 60 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	staging := livekc.DemoRealm(t, kc, "tandem-diff-staging")
	prod := livekc.DemoRealm(t, kc, "tandem-diff-prod")
	if _, err := kc.AdminCall(context.Background(), http.MethodPost, "/realms/"+staging+"/roles", map[string]any{"name": "auditor"}); err != nil {
		t.Fatal(err)
	}

	db := newDB(t)
	addProfile(t, db, "staging", livekc.URL(), "--default-realm", staging)
	addProfile(t, db, "prod", livekc.URL(), "--default-realm", prod, "--kind", "prod")
	addProfile(t, db, "prod-ro", livekc.URL(), "--default-realm", prod, "--read-only")
	addProfile(t, db, "refused", nowhere.URL(t), "--default-realm", prod)
	addProfile(t, db, "closing", closingURL(t), "--default-realm", prod)

	cases := []struct {
		name string
		args []string
		want int
	}{
		{"different realms", []string{"--from", "staging", "--to", "prod"}, 1},
		{"a realm against itself", []string{"--from", "staging", "--to", "prod", "--realm", staging}, 0},
		{"explicit realms", []string{"--from", "staging", "--to", "prod", "--from-realm", prod, "--to-realm", prod}, 0},
		{"no --to", []string{"--from", "staging"}, 2},
		{"unknown profile", []string{"--from", "staging", "--to", "nosuch"}, 2},
		{"--realm with --from-realm", []string{"--from", "staging", "--to", "prod", "--realm", "a", "--from-realm", "b"}, 2},
		{"unknown flag", []string{"--from", "staging", "--to", "prod", "--frm", "x"}, 2},
		{"nothing listening on the target", []string{"--from", "staging", "--to", "refused"}, 3},
		{"a server that closes every connection", []string{"--from", "closing", "--to", "prod"}, 3},
		{"a realm that does not exist", []string{"--from", "staging", "--to", "prod", "--to-realm", "no-such-realm"}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := run(t, db, "", append([]string{"diff"}, c.args...)...)
			if got := exitCode(err); (err == nil && c.want != 0) || (err != nil && got != c.want) {
				t.Errorf("exit %d (%v), want %d", got, err, c.want)
			}
		})
	}

	out, err := run(t, db, "", "diff", "--from", "staging", "--to", "prod", "--json")
	if exitCode(err) != 1 {
		t.Fatalf("diff --json: %v", err)
	}
	var res struct {
		InSync      bool
		Differences []struct{ ID, Change string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.InSync || len(res.Differences) != 1 ||
		res.Differences[0].ID != "realmRole:auditor" || res.Differences[0].Change != "added" {
		t.Fatalf("diff --json = %s (%v)", out, err)
	}

	plan := filepath.Join(t.TempDir(), "plan.json")
	if _, err := run(t, db, "", "diff", "--from", "staging", "--to", "prod", "--plan", plan); exitCode(err) != 1 {
		t.Fatalf("diff --plan: %v", err)
	}
	out, err = run(t, db, "", "diff", "--apply", plan, "--to", "prod-ro")
	if exitCode(err) != 1 || !strings.Contains(out, "read-only") || !strings.Contains(out, "0 applied, 1 failed") {
		t.Errorf("apply to a read-only profile: exit %d, out %q", exitCode(err), out)
	}
	if out, err = run(t, db, "", "diff", "--apply", plan, "--to", "prod"); err != nil || !strings.Contains(out, "1 applied") {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if out, err := run(t, db, "", "diff", "--from", "staging", "--to", "prod"); err != nil {
		t.Errorf("after applying the plan: %v, want in sync\n%s", err, out)
	}
}
