package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
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
	// grew is closed (and replaced) on every write, so a reader waiting for
	// a line wakes when it may have come.
	grew chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{grew: make(chan struct{})} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.grew)
	s.grew = make(chan struct{})
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// next is the text so far and a channel closed on the next write.
func (s *syncBuffer) next() (string, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String(), s.grew
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRoutesValidate(t *testing.T) {
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"routes", "validate", filepath.Join("..", "..", "docs", "examples", "routes.yaml")})
	if err := root.Execute(); err != nil || !strings.Contains(out.String(), "ok, 6 routes") {
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

// anyPort is the listen address the tests give the proxy: the kernel picks
// a port no other server holds, and the proxy says which (proxyRun.addr).
// A port freed by the test and handed over could be taken in between.
const anyPort = "127.0.0.1:0"

// proxyRun is `tandemctl proxy` running in this process.
type proxyRun struct {
	out, errOut *syncBuffer
	done        chan error
	cancel      context.CancelFunc
}

// runProxyCmd starts `tandemctl proxy` with args.
func runProxyCmd(t *testing.T, args ...string) *proxyRun {
	t.Helper()
	root := newRootCmd()
	r := &proxyRun{out: newSyncBuffer(), errOut: newSyncBuffer(), done: make(chan error, 1)}
	root.SetOut(r.out)
	root.SetErr(r.errOut)
	root.SetArgs(args)
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	t.Cleanup(cancel) // a test that fails early leaves no proxy running
	go func() { r.done <- root.ExecuteContext(ctx) }()
	return r
}

// stop cancels the command (as SIGINT would) and waits for it.
func (r *proxyRun) stop() error {
	r.cancel()
	return <-r.done
}

// listeningLine is the proxy's log line once its listener is bound.
var listeningLine = regexp.MustCompile(`"msg":"proxy listening"[^\n]*?"addr":"([^"]+)"`)

// addr waits until the proxy logs where it listens and returns that
// address; the listener is bound before the line is written.
func (r *proxyRun) addr(t *testing.T) string {
	t.Helper()
	return r.logged(t, listeningLine, "where it listens")
}

// logged waits (at most 10 s, a bound on a hang) until the proxy writes a
// log line re matches, woken by each write to stderr, and returns the
// line's first group; what names the line in a failure.
func (r *proxyRun) logged(t *testing.T, re *regexp.Regexp, what string) string {
	t.Helper()
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		text, grew := r.errOut.next()
		if m := re.FindStringSubmatch(text); m != nil {
			return m[1]
		}
		select {
		case <-grew:
		case err := <-r.done:
			t.Fatalf("tandemctl proxy ended before it logged %s: %v; stderr:\n%s", what, err, r.errOut)
		case <-timeout.C:
			r.cancel()
			t.Fatalf("tandemctl proxy did not log %s within 10s; stderr:\n%s", what, r.errOut)
		}
	}
}

// countingUpstream is the echo upstream, counting the requests it gets.
func countingUpstream(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	h := echo.Handler()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(up.Close)
	return up, &hits
}

// getStatus sends GET url and returns the response's status.
func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// notForwardedAfterStop checks that a request to where the stopped proxy
// listened reaches no upstream. The port is free again by then, and another
// server may already have been given it: whether something answers proves
// nothing, whether the request got through the proxy does.
func notForwardedAfterStop(t *testing.T, url string, hits *atomic.Int64) {
	t.Helper()
	before := hits.Load()
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
	}
	if n := hits.Load() - before; n != 0 {
		t.Errorf("GET %s after stop reached the upstream %d times: the proxy still serves", url, n)
	}
}

func TestProxyCommandServesAndLogsJSONLines(t *testing.T) {
	up, hits := countingUpstream(t)
	file := writeFile(t, "version: 1\nissuer: http://127.0.0.1:1/realms/none\nroutes:\n  - name: pub\n    path: /pub\n    upstream: "+up.URL+"\n    auth: public\n  - name: me\n    path: /me\n    upstream: "+up.URL+"\n    auth: required\n")
	px := runProxyCmd(t, "proxy", "--config", file, "--listen", anyPort)
	out, errOut := px.out, px.errOut
	addr := px.addr(t)

	resp, err := http.Get("http://" + addr + "/pub/x")
	if err != nil {
		t.Fatal(err)
	}
	var got echo.Response
	_ = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if resp.StatusCode != 200 || got.Path != "/pub/x" {
		t.Fatalf("public route: %d %+v", resp.StatusCode, got)
	}
	if code := getStatus(t, "http://"+addr+"/me"); code != 401 {
		t.Fatalf("required route without token: %d", code)
	}
	if err := px.stop(); err != nil {
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
	notForwardedAfterStop(t, "http://"+addr+"/pub", hits)
}

func TestProxyCommandRunsAProfileAndDerivesTheIssuer(t *testing.T) {
	db := newDB(t)
	if _, err := run(t, db, "pw\n", "profiles", "add", "Staging", "--kind", "staging",
		"--url", "https://kc.staging.example.com/", "--username", "ops", "--password-stdin", "--default-realm", "shop"); err != nil {
		t.Fatal(err)
	}
	up, _ := countingUpstream(t)
	saveProfileRoutes(t, db, "Staging", routes.Config{Version: 1, Routes: []routes.Route{
		{Name: "me", Path: "/me", Upstream: up.URL, Auth: routes.AuthRequired},
	}})
	px := runProxyCmd(t, "--db", db, "proxy", "--profile", "Staging", "--listen", anyPort)
	if code := getStatus(t, "http://"+px.addr(t)+"/me"); code != 401 {
		t.Fatalf("status %d", code)
	}
	if err := px.stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(px.errOut.String(), `"issuer":"https://kc.staging.example.com/realms/shop"`) {
		t.Errorf("issuer not derived from the profile:\n%s", px.errOut.String())
	}

	if _, err := run(t, db, "", "proxy", "--profile", "Nope", "--listen", anyPort); exitCode(err) != 2 {
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

// --listen and --admin-listen are held to the route file's rule for a listen
// address: a bad one is invalid input (exit 2) saying what is wrong, before
// anything is started.
func TestProxyRefusesABadListenFlag(t *testing.T) {
	file := writeFile(t, "version: 1\nroutes:\n  - name: pub\n    path: /pub\n    upstream: http://127.0.0.1:9\n    auth: public\n")
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--listen", "8080"}, `listen address "8080" is not host:port`},
		{[]string{"--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:99999"}, `admin listen address "127.0.0.1:99999" has a bad port`},
	} {
		root := newRootCmd()
		var errOut bytes.Buffer
		root.SetErr(&errOut)
		root.SetOut(&bytes.Buffer{})
		root.SetArgs(append([]string{"proxy", "--config", file}, c.flags...))
		err := root.Execute()
		if exitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("proxy %v: exit %d, %v; want exit 2 saying %s", c.flags, exitCode(err), err, c.want)
		}
	}
}
