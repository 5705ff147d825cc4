package contract

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stack is a fake IdP, recording upstreams and a proxy in front of them.
type stack struct {
	idp *fakeIdP
	up  *upstreams
	px  *proxyProc
}

// mainRouteFile is the route file most tests run against
// (testdata/main-routes.yaml), written in the format of the design's "Route
// file" section. Each route has its own upstream (labelled with the route's
// name) so a test can tell which route forwarded a request. Identity headers
// are the default set.
func mainRouteFile(t *testing.T, issuer string, up *upstreams, dead string) string {
	t.Helper()
	r := strings.NewReplacer("ISSUER", issuer, "DEAD", dead)
	return expandUpstreams(r.Replace(readTestdata(t, "main-routes.yaml")), up)
}

// readTestdata returns the text of a file in testdata/.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// expandUpstreams replaces UP(label) with that upstream's URL.
func expandUpstreams(file string, up *upstreams) string {
	for {
		i := strings.Index(file, "UP(")
		if i < 0 {
			return file
		}
		j := strings.IndexByte(file[i:], ')')
		label := file[i+3 : i+j]
		file = file[:i] + up.url(label) + file[i+j+1:]
	}
}

// newMainStack starts the IdP, the upstreams and a proxy on mainRouteFile.
func newMainStack(t *testing.T, extraArgs ...string) *stack {
	t.Helper()
	idp := newIdP(t, false)
	up := newUpstreams(t)
	px := startProxy(t, mainRouteFile(t, idp.issuer, up, deadURL(t)), extraArgs...)
	return &stack{idp: idp, up: up, px: px}
}

// logChecksAtEnd returns log checks that run when the test ends, once every
// request is sent and while the proxy still runs.
func (s *stack) logChecksAtEnd(t *testing.T) *logChecks {
	l := &logChecks{}
	t.Cleanup(func() { l.run(s.px) })
	return l
}

// forwarded returns the single request an upstream received for r, failing
// the test when there is not exactly one.
func (s *stack) forwarded(t *testing.T, what string, r resp) (seen, bool) {
	t.Helper()
	got := s.up.got(r.Tag)
	if len(got) != 1 {
		t.Errorf("%s: upstreams received it %d times, want once (response %s)", what, len(got), r)
		return seen{}, false
	}
	return got[0], true
}

// forwarded200 wants r to be a 200 that exactly one upstream received, and
// returns what that upstream saw.
func (s *stack) forwarded200(t *testing.T, what string, r resp) (seen, bool) {
	t.Helper()
	if r.Status != 200 {
		t.Errorf("%s: got %s, want 200", what, r)
		return seen{}, false
	}
	return s.forwarded(t, what, r)
}

// notForwarded checks that no upstream received r.
func (s *stack) notForwarded(t *testing.T, what string, r resp) {
	t.Helper()
	if got := s.up.got(r.Tag); len(got) != 0 {
		t.Errorf("%s: must not be forwarded, but upstream %q received %s %s", what, got[0].Upstream, got[0].Method, got[0].RequestURI)
	}
}

// normName compares header names the way the contract's anti-spoofing does.
func normName(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "_", "-")
}

// headerValues collects every value the upstream received under any
// spelling of name (case-insensitive, "_" as "-").
func headerValues(h http.Header, name string) []string {
	var out []string
	for k, v := range h {
		if normName(k) == normName(name) {
			out = append(out, v...)
		}
	}
	return out
}
