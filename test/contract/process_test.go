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
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// proxyProc is one running `tandemctl proxy --config FILE`.
type proxyProc struct {
	t     *testing.T
	addr  string // where the proxy said it listens
	probe probe
	cmd   *exec.Cmd

	mu      sync.Mutex
	stdout  []string // raw lines
	records []map[string]any
	stderr  bytes.Buffer
	// grew is closed (and replaced) whenever stdout or stderr grows, so
	// waiters wake on output instead of sleeping between looks.
	grew chan struct{}

	done    chan struct{} // closed when the process has exited
	exitErr error
	stopped bool
}

func newProxyProc(t *testing.T, pr probe) *proxyProc {
	return &proxyProc{t: t, probe: pr, grew: make(chan struct{}), done: make(chan struct{})}
}

// grown wakes the waiters; p.mu must be held.
func (p *proxyProc) grown() {
	close(p.grew)
	p.grew = make(chan struct{})
}

// lockedWriter lets exec write stderr while tests read it.
type lockedWriter struct{ p *proxyProc }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	w.p.grown()
	return w.p.stderr.Write(b)
}

// anyPort is the listen address every proxy of the suite is started with:
// the proxy binds a port of the kernel's choosing and says which on stderr
// (the JSON log line "proxy listening" with its "addr"), where launch reads it. A port picked by the
// test, freed and handed to the proxy could be given to another server of
// this parallel run in between.
const anyPort = "127.0.0.1:0"

// freeAddr picks a port that was free a moment ago. Only for a test that
// must name a concrete address in the route file (TestListenFromFile): it
// retries with a fresh port when the proxy finds it taken.
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

// startProxy writes the route file (LISTEN is replaced by anyPort), starts
// the proxy, waits (bounded) until it listens, and stops it with SIGTERM at
// the end of the test, checking it exits 0.
func startProxy(t *testing.T, routeFile string, extraArgs ...string) *proxyProc {
	t.Helper()
	pr := newProbe(t)
	file := writeFile(t, "routes.yaml", pr.addTo(strings.ReplaceAll(routeFile, "LISTEN", anyPort)))
	p := newProxyProc(t, pr)
	if ok, _ := p.launch(append([]string{"proxy", "--config", file, "--listen", anyPort}, extraArgs...)); !ok {
		t.FailNow()
	}
	t.Cleanup(p.stop)
	return p
}

// probe tells this proxy apart from whatever else might answer on its
// port once it has closed it (another server of the run may be given the
// port then): every route file gets one more public route, unique to this
// proxy, to an upstream answering a nonce.
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

// servesProbe reports whether this proxy answers a new connection on its
// address. A bare dial cannot tell: after the proxy closed its listener,
// another server may have been given the port.
func (p *proxyProc) servesProbe() bool {
	r, err := p.do("probe", req{Target: p.probe.path})
	return err == nil && r.Status == 200 && string(r.Body) == p.probe.nonce
}

// listeningLine is tandemctl's log line once its listener is bound.
var listeningLine = regexp.MustCompile(`"msg":"proxy listening"[^\n]*?"addr":"([^"]+)"`)

// launch starts tandemctl with args and waits (at most 10 s) until it logs
// the address it listens on, which becomes p.addr, and answers the probe
// there. portTaken reports that it could not listen because the address was
// taken (the caller may retry with another).
func (p *proxyProc) launch(args []string) (ok, portTaken bool) {
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
			p.grown()
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

	var addr string
	listening := p.waitFor(10*time.Second, func() bool {
		if m := listeningLine.FindStringSubmatch(p.stderr.String()); m != nil {
			addr = m[1]
		}
		return addr != ""
	})
	switch {
	case listening:
		p.addr = addr
	case p.exited():
		stderr := p.stderrText()
		if strings.Contains(stderr, "address already in use") {
			return false, true
		}
		t.Errorf("tandemctl proxy exited before listening (%v); stderr:\n%s", p.exitErr, stderr)
		return false, false
	default:
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Errorf("tandemctl proxy did not say where it listens within 10s; stderr:\n%s", p.stderrText())
		return false, false
	}
	// The listener is bound before that line is written, so the probe is
	// answered at once; it proves the route file is the one in force.
	if r, err := p.do("probe", req{Target: p.probe.path}); err != nil || r.Status != 200 || string(r.Body) != p.probe.nonce {
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Errorf("tandemctl proxy listens on %s but does not answer its probe route (%v, %v); stderr:\n%s", p.addr, r, err, p.stderrText())
		return false, false
	}
	return true, false
}

// waitFor waits (at most d) until cond, called with p.mu held, is true. It
// looks again whenever the process writes output, and once more when it
// has exited.
func (p *proxyProc) waitFor(d time.Duration, cond func() bool) bool {
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	for {
		p.mu.Lock()
		ok, grew := cond(), p.grew
		p.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-grew:
		case <-p.done:
			p.mu.Lock()
			defer p.mu.Unlock()
			return cond() // nothing more will come
		case <-timeout.C:
			return false
		}
	}
}

func (p *proxyProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
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
	var rec map[string]any
	found := p.waitFor(3*time.Second, func() bool {
		for _, r := range p.records {
			if v, _ := r["request_id"].(string); v == id {
				rec = r
				return true
			}
		}
		return false
	})
	return rec, found
}

// waitRecords waits (at most 3 s) until the log has a line for every id,
// so the record lookups that follow do not each wait for a flush.
func (p *proxyProc) waitRecords(ids []string) {
	p.waitFor(3*time.Second, func() bool {
		have := map[string]bool{}
		for _, r := range p.records {
			if v, ok := r["request_id"].(string); ok {
				have[v] = true
			}
		}
		for _, id := range ids {
			if !have[id] {
				return false
			}
		}
		return true
	})
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
