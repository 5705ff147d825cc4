package contract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// proxyProc is one running `tandemctl proxy --config FILE`.
type proxyProc struct {
	t    *testing.T
	addr string
	cmd  *exec.Cmd

	mu      sync.Mutex
	stdout  []string // raw lines
	records []map[string]any
	stderr  bytes.Buffer

	done    chan struct{} // closed when the process has exited
	exitErr error
	stopped bool
}

// lockedWriter lets exec write stderr while tests read it.
type lockedWriter struct{ p *proxyProc }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	return w.p.stderr.Write(b)
}

// freeAddr picks a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// writeFile writes a route file into the test's temp dir.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startProxy writes the route file (LISTEN is replaced by the chosen address),
// starts the proxy, waits (bounded) until it answers, and stops it with
// SIGTERM at the end of the test, checking it exits 0.
func startProxy(t *testing.T, routeFile string, extraArgs ...string) *proxyProc {
	t.Helper()
	for attempt := 0; ; attempt++ {
		addr := freeAddr(t)
		probe := newProbe(t)
		file := writeFile(t, "routes.yaml", probe.addTo(strings.ReplaceAll(routeFile, "LISTEN", addr)))
		p := &proxyProc{t: t, addr: addr, done: make(chan struct{})}
		ok, portTaken := p.launch(append([]string{"proxy", "--config", file, "--listen", addr}, extraArgs...), probe)
		if ok {
			t.Cleanup(p.stop)
			return p
		}
		if !portTaken || attempt == 2 {
			t.FailNow()
		}
	}
}

// probe tells our proxy apart from whatever else might answer on a port
// that was free a moment ago (another test's upstream or proxy can take it
// between freeAddr and the proxy's bind): every route file gets one more
// public route, unique to this proxy, to an upstream answering a nonce.
type probe struct {
	path, upstream, nonce string
}

var probeSeq atomic.Int64

func newProbe(t *testing.T) probe {
	nonce := fmt.Sprintf("probe-%d-%d", os.Getpid(), probeSeq.Add(1))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, nonce)
	}))
	t.Cleanup(srv.Close)
	return probe{path: "/__contract-probe/" + nonce, upstream: srv.URL, nonce: nonce}
}

// addTo appends the probe route; every route file here ends with its routes.
func (pr probe) addTo(routeFile string) string {
	if !strings.HasSuffix(routeFile, "\n") {
		routeFile += "\n"
	}
	return routeFile + "  - name: contract-probe\n    path: " + pr.path + "\n    upstream: " + pr.upstream + "\n    auth: public\n"
}

// launch starts tandemctl with args and waits (at most 10 s) until the
// proxy answers the probe on p.addr. portTaken reports that it could not
// listen because the port was taken meanwhile (the caller retries).
func (p *proxyProc) launch(args []string, pr probe) (ok, portTaken bool) {
	t := p.t
	t.Helper()
	p.cmd = exec.Command(tandemctl, args...)
	p.cmd.Stderr = lockedWriter{p}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start tandemctl proxy: %v", err)
	}
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			var rec map[string]any
			jsonErr := json.Unmarshal([]byte(line), &rec)
			p.mu.Lock()
			p.stdout = append(p.stdout, line)
			if jsonErr == nil {
				p.records = append(p.records, rec)
			}
			p.mu.Unlock()
		}
	}()
	go func() {
		<-readDone // Wait closes the pipe: read everything first
		err := p.cmd.Wait()
		p.mu.Lock()
		p.exitErr = err
		p.mu.Unlock()
		close(p.done)
	}()

	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-p.done:
			stderr := p.stderrText()
			if strings.Contains(stderr, "address already in use") {
				return false, true
			}
			t.Errorf("tandemctl proxy exited before listening (%v); stderr:\n%s", p.exitErr, stderr)
			return false, false
		default:
		}
		if r, err := p.do("probe", req{Target: pr.path}); err == nil && r.Status == 200 && string(r.Body) == pr.nonce {
			return true, false
		}
		if time.Now().After(deadline) {
			_ = p.cmd.Process.Kill()
			<-p.done
			t.Errorf("tandemctl proxy did not answer on %s within 10s; stderr:\n%s", p.addr, p.stderrText())
			return false, false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *proxyProc) stderrText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func (p *proxyProc) stdoutText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.stdout, "\n")
}

// stop sends SIGTERM and checks the proxy exits with status 0 within 5 s.
func (p *proxyProc) stop() {
	p.t.Helper()
	if !p.terminate() {
		return
	}
	p.checkExit()
}

// terminate sends SIGTERM once; it reports false if it was already sent.
func (p *proxyProc) terminate() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return false
	}
	p.stopped = true
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	return true
}

// checkExit waits (at most 5 s) for the process and checks status 0.
func (p *proxyProc) checkExit() {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		p.t.Errorf("tandemctl proxy did not exit within 5s of SIGTERM; stderr:\n%s", p.stderrText())
		return
	}
	p.mu.Lock()
	err := p.exitErr
	p.mu.Unlock()
	if err != nil {
		p.t.Errorf("tandemctl proxy exited with %v after SIGTERM, want status 0; stderr:\n%s", err, p.stderrText())
	}
}

// record waits (at most 3 s: the log is flushed periodically) for the log
// line of a request id.
func (p *proxyProc) record(id string) (map[string]any, bool) {
	deadline := time.Now().Add(3 * time.Second)
	for {
		p.mu.Lock()
		for _, r := range p.records {
			if v, _ := r["request_id"].(string); v == id {
				p.mu.Unlock()
				return r, true
			}
		}
		p.mu.Unlock()
		if time.Now().After(deadline) {
			return nil, false
		}
		select {
		case <-p.done:
			deadline = time.Now() // nothing more will come
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// waitRecords waits (at most 3 s) until the log has a line for every id,
// so the record lookups that follow do not each wait for a flush.
func (p *proxyProc) waitRecords(ids []string) {
	deadline := time.Now().Add(3 * time.Second)
	for {
		p.mu.Lock()
		have := map[string]bool{}
		for _, r := range p.records {
			if v, ok := r["request_id"].(string); ok {
				have[v] = true
			}
		}
		p.mu.Unlock()
		missing := false
		for _, id := range ids {
			if !have[id] {
				missing = true
			}
		}
		if !missing || time.Now().After(deadline) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// logChecks defers checks of request-log records until every request is
// sent, then waits for all their lines once: the log is flushed
// periodically, and waiting per request would make the suite slow.
type logChecks struct {
	ids    []string
	checks []func(p *proxyProc)
}

// add registers a check of the record of r (ok is false when there is none).
func (l *logChecks) add(r resp, check func(rec map[string]any, ok bool)) {
	id := r.Header.Get("X-Request-Id")
	l.ids = append(l.ids, id)
	l.checks = append(l.checks, func(p *proxyProc) { check(p.record(id)) })
}

func (l *logChecks) run(p *proxyProc) {
	p.waitRecords(l.ids)
	for _, c := range l.checks {
		c(p)
	}
}

// exitCode is the status of a finished command, -1 when it did not exit
// normally.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
