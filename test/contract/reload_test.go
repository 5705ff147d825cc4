package contract

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Reload: SIGHUP (and, with --watch, a change of the file, replacement by
// rename included) re-reads the route file; a valid one is applied without
// a restart, an invalid one changes nothing and every problem is logged.

// reloadFile is a route file with public routes to one upstream each; the
// probe route is added by the caller.
func reloadFile(routes map[string]string) string {
	var b strings.Builder
	b.WriteString("version: 1\nlisten: LISTEN\nroutes:\n")
	for _, path := range []string{"/a", "/b", "/c"} {
		if up, ok := routes[path]; ok {
			b.WriteString("  - name: r" + path[1:] + "\n    path: " + path + "\n    upstream: " + up + "\n    auth: public\n")
		}
	}
	return b.String()
}

// namedUpstream answers its name, so a test sees which route served.
func namedUpstream(t *testing.T, name string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(name))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// startReloadable starts the proxy on a route file it can then rewrite.
func startReloadable(t *testing.T, content string, extraArgs ...string) (*proxyProc, func(string) string, string) {
	t.Helper()
	pr := newProbe(t)
	render := func(c string) string { return pr.addTo(strings.ReplaceAll(c, "LISTEN", anyPort)) }
	file := writeFile(t, "routes.yaml", render(content))
	p := newProxyProc(t, pr)
	if ok, _ := p.launch(append([]string{"proxy", "--config", file, "--listen", anyPort}, extraArgs...)); !ok {
		t.FailNow()
	}
	t.Cleanup(p.stop)
	return p, render, file
}

// logLines counts the JSON lines on stderr whose msg is msg.
func (p *proxyProc) logLines(msg string) []map[string]any {
	var out []map[string]any
	for line := range strings.Lines(p.stderr.String()) {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// waitLog waits (at most d) until stderr holds n lines with msg.
func (p *proxyProc) waitLog(d time.Duration, msg string, n int) bool {
	return p.waitFor(d, func() bool { return len(p.logLines(msg)) >= n })
}

func (p *proxyProc) body(t *testing.T, target string) (int, string) {
	t.Helper()
	r := p.get(t, target)
	return r.Status, string(r.Body)
}

func TestSIGHUPReloadsTheRouteFile(t *testing.T) {
	t.Parallel()
	a, b := namedUpstream(t, "A"), namedUpstream(t, "B")
	p, render, file := startReloadable(t, reloadFile(map[string]string{"/a": a}))
	if st, _ := p.body(t, "/b"); st != 404 {
		t.Fatalf("/b before reload: %d", st)
	}

	if err := os.WriteFile(file, []byte(render(reloadFile(map[string]string{"/a": a, "/b": b}))), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Process.Signal(syscall.SIGHUP)
	if !p.waitLog(5*time.Second, "proxy configuration reloaded", 1) {
		t.Fatalf("no reload logged after SIGHUP; stderr:\n%s", p.stderrText())
	}
	if st, body := p.body(t, "/b"); st != 200 || body != "B" {
		t.Fatalf("/b after reload: %d %q", st, body)
	}

	// An invalid file: every problem logged, the routes in force unchanged.
	invalid := render(reloadFile(map[string]string{"/a": a, "/b": b})) +
		"  - name: bad1\n    path: /x\n    auth: public\n" + // no upstream
		"  - name: bad2\n    path: /y\n    upstream: " + b + "\n    auth: sometimes\n" // bad mode
	if err := os.WriteFile(file, []byte(invalid), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Process.Signal(syscall.SIGHUP)
	if !p.waitLog(5*time.Second, "reload refused; the configuration in force is unchanged", 1) {
		t.Fatalf("no refusal logged; stderr:\n%s", p.stderrText())
	}
	p.mu.Lock()
	problems := p.logLines("route file problem")
	p.mu.Unlock()
	var texts []string
	for _, m := range problems {
		texts = append(texts, m["problem"].(string))
	}
	all := strings.Join(texts, "\n")
	if len(problems) != 2 || !strings.Contains(all, `route "bad1": upstream: required`) || !strings.Contains(all, `route "bad2": auth:`) ||
		!strings.Contains(all, filepath.Base(file)) {
		t.Errorf("problems logged:\n%s", all)
	}
	for path, want := range map[string]string{"/a": "A", "/b": "B"} {
		if st, body := p.body(t, path); st != 200 || body != want {
			t.Errorf("%s after a refused reload: %d %q", path, st, body)
		}
	}
	if !p.servesProbe() {
		t.Error("the probe route is gone after a refused reload")
	}
}

func TestWatchAppliesAFileReplacedByRename(t *testing.T) {
	t.Parallel()
	a, c := namedUpstream(t, "A"), namedUpstream(t, "C")
	p, render, file := startReloadable(t, reloadFile(map[string]string{"/a": a}), "--watch")

	// Written elsewhere and renamed over the file, as editors and
	// configuration management do.
	tmp := filepath.Join(filepath.Dir(file), ".routes.yaml.tmp")
	if err := os.WriteFile(tmp, []byte(render(reloadFile(map[string]string{"/a": a, "/c": c}))), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
	// The contract: seen within 2 s.
	if !p.waitLog(2*time.Second, "proxy configuration reloaded", 1) {
		t.Fatalf("the replaced file was not applied within 2s; stderr:\n%s", p.stderrText())
	}
	if st, body := p.body(t, "/c"); st != 200 || body != "C" {
		t.Fatalf("/c after the file was replaced: %d %q", st, body)
	}

	// Written in place.
	p.mu.Lock()
	before := len(p.logLines("proxy configuration reloaded"))
	p.mu.Unlock()
	if err := os.WriteFile(file, []byte(render(reloadFile(map[string]string{"/c": c}))), 0o600); err != nil {
		t.Fatal(err)
	}
	if !p.waitLog(2*time.Second, "proxy configuration reloaded", before+1) {
		t.Fatalf("the rewritten file was not applied within 2s; stderr:\n%s", p.stderrText())
	}
	if st, _ := p.body(t, "/a"); st != 404 {
		t.Errorf("/a after it was removed from the file: %d", st)
	}
}
