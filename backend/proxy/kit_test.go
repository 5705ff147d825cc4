package proxy

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/nowhere"
	"github.com/tandemhq/tandem/test/testclock"
)

// newTestClock is the settable clock the proxy and the token minter share,
// standing at the second every proxy test starts from.
func newTestClock() *testclock.Clock { return testclock.New(time.Unix(1_750_000_000, 0)) }

// closedURL is an http URL nothing listens on for the whole test: the port
// is held by the test (test/nowhere), not freed and hoped to stay free.
func closedURL(t testing.TB) string {
	t.Helper()
	return nowhere.URL(t)
}

// env is a running proxy with its IdP, upstream, clock and request log.
type env struct {
	t     testing.TB
	clock *testclock.Clock
	idp   *fakeIdP
	up    *upstream
	key   *signer
	srv   *Server
	base  string
	*recordLog
}

// refusesRaw sends GET target byte for byte (raw) for each target and
// fails the test for any answered other than status (with the JSON error
// code, when code is given) or that reached the upstream.
func (e *env) refusesRaw(t *testing.T, status int, code string, targets ...string) {
	t.Helper()
	for _, target := range targets {
		before := e.up.hits.Load()
		r := e.raw("GET", target, nil)
		reached := e.up.hits.Load() != before
		if r.status != status || (code != "" && r.err.Error != code) || reached {
			t.Errorf("%s: status %d, upstream reached %v, body %s; want %d %s, not forwarded",
				target, r.status, reached, r.body, status, code)
		}
	}
}

// traced is the headers of a request the proxy traces: a bearer token for
// sub holding roles, the trace key, and extra.
func (e *env) traced(extra map[string]string, sub string, roles ...string) map[string]string {
	h := map[string]string{"Authorization": "Bearer " + e.token(sub, roles...), "X-Tandem-Trace": e.srv.TraceKey()}
	maps.Copy(h, extra)
	return h
}

// traceOf waits (at most logWait, a bound on a hang) for the trace of the
// request r answered; false when none was kept.
func (e *env) traceOf(r result) (Trace, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), logWait)
	defer cancel()
	return e.srv.AwaitTrace(ctx, r.header.Get("X-Request-Id"))
}

// startServer starts a proxy for cfg on a free loopback port, shut down
// when the test ends.
func startServer(t testing.TB, cfg routes.Config, opts Options) *Server {
	t.Helper()
	srv, err := New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, srv)
}

// serve starts a built proxy on a free loopback port, shut down when the
// test ends: for a test that must act between New and Start.
func serve(t testing.TB, srv *Server) *Server {
	t.Helper()
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv
}

func testConfig(issuer, up, down string) routes.Config {
	return routes.Config{
		Version: 1,
		Issuer:  issuer,
		Routes: []routes.Route{
			{Name: "req", Path: "/api/req", Upstream: up, Auth: routes.AuthRequired},
			{Name: "admin", Path: "/api/admin", Upstream: up, Auth: routes.AuthRequired, Roles: []string{"admin"}},
			{Name: "client", Path: "/api/client", Upstream: up, Auth: routes.AuthRequired, Roles: []string{"web:editor"}},
			{Name: "opt", Path: "/api/opt", Upstream: up, Auth: routes.AuthOptional},
			{Name: "pub", Path: "/api/pub", Upstream: up, Auth: routes.AuthPublic},
			{Name: "post", Path: "/api/post", Methods: []string{"POST", "PUT"}, Upstream: up, Auth: routes.AuthOptional},
			{Name: "strip", Path: "/api/strip", Upstream: up + "/base", Auth: routes.AuthPublic, StripPrefix: true},
			{Name: "down", Path: "/api/down", Upstream: down, Auth: routes.AuthPublic},
			{Name: "custom", Path: "/api/custom", Upstream: up, Auth: routes.AuthRequired,
				Headers: map[string]string{"X-Email-Verified": "email_verified", "X-Web-Roles": "resource_access.web.roles", "X-User-Id": "preferred_username"}},
			{Name: "off", Path: "/api/off", Upstream: up, Auth: routes.AuthPublic, Disabled: true},
		},
	}
}

func newEnv(t testing.TB, mutate ...func(*routes.Config, *Options)) *env {
	t.Helper()
	e := &env{t: t, clock: newTestClock(), key: newRSASigner(t, "k1"), recordLog: newRecordLog()}
	e.idp = newFakeIdP(t, e.key)
	e.up = newUpstream(t)
	cfg := testConfig(e.idp.issuer(), e.up.srv.URL, closedURL(t))
	opts := Options{Clock: e.clock.Now, Sink: e.recordLog}
	for _, m := range mutate {
		m(&cfg, &opts)
	}
	e.srv = startServer(t, cfg, opts)
	e.base = "http://" + e.srv.Addr()
	return e
}

// claims returns standard claims for a user valid for an hour.
func (e *env) claims(sub string, realmRoles ...string) map[string]any {
	now := e.clock.Now()
	return map[string]any{
		"iss":                e.idp.issuer(),
		"sub":                sub,
		"aud":                "account",
		"azp":                "web",
		"exp":                now.Add(time.Hour).Unix(),
		"iat":                now.Unix(),
		"preferred_username": sub + "-name",
		"email":              sub + "@example.com",
		"email_verified":     true,
		"realm_access":       map[string]any{"roles": toAny(realmRoles)},
	}
}

func (e *env) token(sub string, roles ...string) string {
	return e.key.sign(e.t, e.claims(sub, roles...))
}

type result struct {
	status int
	header http.Header
	body   []byte
	echo   echo.Response // when the upstream answered
	err    errorBody     // when the proxy refused
}

// do sends a request through the Go client; headers are set verbatim
// (header map keys are not canonicalised).
func (e *env) do(method, path string, headers map[string]string) result {
	e.t.Helper()
	req, err := http.NewRequest(method, e.base+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header[k] = []string{v}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResult(e.t, resp)
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func readResult(t testing.TB, resp *http.Response) result {
	t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, body: body}
	_ = json.Unmarshal(body, &r.echo)
	_ = json.Unmarshal(body, &r.err)
	return r
}

// raw sends a request line byte for byte, bypassing any client-side path
// cleaning, and returns the response.
func (e *env) raw(method, target string, headers map[string]string) result {
	e.t.Helper()
	conn, err := net.Dial("tcp", e.srv.Addr())
	if err != nil {
		e.t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", method, target, e.srv.Addr())
	for k, v := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		e.t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResult(e.t, resp)
}
