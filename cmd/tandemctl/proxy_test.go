package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/store"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestRoutesValidate(t *testing.T) {
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"routes", "validate", filepath.Join("..", "..", "docs", "examples", "routes.yaml")})
	if err := root.Execute(); err != nil || !strings.Contains(out.String(), "ok, 4 routes") {
		t.Fatalf("demo file: %v %q %q", err, out.String(), errOut.String())
	}

	bad := writeFile(t, "version: 1\nroutes:\n  - name: a\n    path: x\n    upstream: ftp://h\n    auth: public\n    roles: [admin]\n  - name: a\n    path: /b\n    upstream: http://h\n    auth: required\n    colour: red\n")
	root = newRootCmd()
	errOut.Reset()
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"routes", "validate", bad})
	err := root.Execute()
	if exitCode(err) != 2 {
		t.Fatalf("exit code %d (%v)", exitCode(err), err)
	}
	// Decoding problems are reported first, with lines, and the semantic
	// problems of the rest of the file in the same run.
	if !strings.Contains(errOut.String(), bad+`:12: route "a": colour: unknown key`) {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	for _, want := range []string{`route "a": path: must start with /`, `route "a": name: duplicate`, `issuer: required`} {
		if !strings.Contains(errOut.String(), bad+": "+want) {
			t.Errorf("unknown key hides %q; stderr:\n%s", want, errOut.String())
		}
	}

	bad = writeFile(t, "version: 1\nroutes:\n  - name: a\n    path: x\n    upstream: ftp://h\n    auth: public\n    roles: [admin]\n  - name: a\n    path: /b\n    upstream: http://h\n    auth: required\n")
	root = newRootCmd()
	errOut.Reset()
	root.SetErr(&errOut)
	root.SetArgs([]string{"proxy", "--config", bad})
	if err := root.Execute(); exitCode(err) != 2 {
		t.Fatalf("proxy with a bad file: exit code %d (%v)", exitCode(err), err)
	}
	for _, want := range []string{
		bad + `: route "a": path: must start with /`,
		bad + `: route "a": upstream: "ftp://h" must be an http:// or https:// URL`,
		bad + `: route "a": roles: only allowed with auth required`,
		bad + `: route "a": name: duplicate`,
		bad + `: issuer: required when a route uses auth required or optional`,
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("missing %q in:\n%s", want, errOut.String())
		}
	}
}

// runProxyCmd starts `tandemctl proxy` with args and returns its stdout,
// stderr and a stop function that cancels it (as SIGINT would) and waits.
func runProxyCmd(t *testing.T, args ...string) (*syncBuffer, *syncBuffer, func() error) {
	t.Helper()
	root := newRootCmd()
	out, errOut := &syncBuffer{}, &syncBuffer{}
	root.SetOut(out)
	root.SetErr(errOut)
	root.SetArgs(args)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	return out, errOut, func() error {
		cancel()
		return <-done
	}
}

func waitFor(t *testing.T, url string) *http.Response {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			return resp
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never answered: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestProxyCommandServesAndLogsJSONLines(t *testing.T) {
	up := httptest.NewServer(echo.Handler())
	defer up.Close()
	addr := freeAddr(t)
	file := writeFile(t, "version: 1\nissuer: http://127.0.0.1:1/realms/none\nroutes:\n  - name: pub\n    path: /pub\n    upstream: "+up.URL+"\n    auth: public\n  - name: me\n    path: /me\n    upstream: "+up.URL+"\n    auth: required\n")
	out, errOut, stop := runProxyCmd(t, "proxy", "--config", file, "--listen", addr)

	resp := waitFor(t, "http://"+addr+"/pub/x")
	var got echo.Response
	_ = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if resp.StatusCode != 200 || got.Path != "/pub/x" {
		t.Fatalf("public route: %d %+v", resp.StatusCode, got)
	}
	resp, err := http.Get("http://" + addr + "/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("required route without token: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("stop: %v\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var decisions []string
	for _, l := range lines {
		var r proxy.Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
		decisions = append(decisions, string(r.Decision))
	}
	if strings.Join(decisions, ",") != "allowed,unauthorized" {
		t.Errorf("logged decisions %v; stdout:\n%s", decisions, out.String())
	}
	if !strings.Contains(errOut.String(), "proxy listening") || !strings.Contains(errOut.String(), "stopping proxy") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	if _, err := http.Get("http://" + addr + "/pub"); err == nil {
		t.Error("still listening after stop")
	}
}

func TestProxyCommandRunsAProfileAndDerivesTheIssuer(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "pw\n", "profiles", "add", "Staging", "--kind", "staging",
		"--url", "https://kc.staging.example.com/", "--username", "ops", "--password-stdin", "--default-realm", "shop"); err != nil {
		t.Fatal(err)
	}
	up := httptest.NewServer(echo.Handler())
	defer up.Close()
	saveProfileRoutes(t, db, "Staging", routes.Config{Version: 1, Routes: []routes.Route{
		{Name: "me", Path: "/me", Upstream: up.URL, Auth: routes.AuthRequired},
	}})
	addr := freeAddr(t)
	_, errOut, stop := runProxyCmd(t, "--db", db, "proxy", "--profile", "Staging", "--listen", addr)
	resp := waitFor(t, "http://"+addr+"/me")
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "issuer=https://kc.staging.example.com/realms/shop") {
		t.Errorf("issuer not derived from the profile:\n%s", errOut.String())
	}

	if _, err := run(t, db, "", "proxy", "--profile", "Nope", "--listen", addr); exitCode(err) != 2 {
		t.Errorf("unknown profile: %v", err)
	}
}

func saveProfileRoutes(t *testing.T, dbPath, name string, cfg routes.Config) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	secrets, err := profile.OpenSecrets(ctx, profile.SecretOptions{
		Mode: profile.SecretModeFile, KeyFile: filepath.Join(filepath.Dir(dbPath), "secret.key"), Sealed: db,
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := profile.NewService(db, secrets)
	p, err := svc.GetByName(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SaveRoutes(ctx, p.ID, cfg); err != nil {
		t.Fatal(err)
	}
}
