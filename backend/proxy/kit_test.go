package proxy

import (
	"bufio"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/nowhere"
	"github.com/tandemhq/tandem/test/testclock"
)

// newTestClock is the settable clock the proxy and the token minter share,
// standing at the second every proxy test starts from.
func newTestClock() *testclock.Clock { return testclock.New(time.Unix(1_750_000_000, 0)) }

// signer mints tokens with one private key.
type signer struct {
	kid string
	alg jose.SignatureAlgorithm
	key crypto.Signer
}

func newRSASigner(t testing.TB, kid string) *signer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{kid: kid, alg: jose.RS256, key: k}
}

func newECSigner(t testing.TB, kid string) *signer {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{kid: kid, alg: jose.ES256, key: k}
}

func (s *signer) publicJWK() jose.JSONWebKey {
	return jose.JSONWebKey{Key: s.key.Public(), KeyID: s.kid, Algorithm: string(s.alg), Use: "sig"}
}

func (s *signer) sign(t testing.TB, claims map[string]any) string {
	t.Helper()
	return signJWS(t, jose.SigningKey{Algorithm: s.alg, Key: jose.JSONWebKey{Key: s.key, KeyID: s.kid}},
		(&jose.SignerOptions{}).WithType("JWT"), claims)
}

// hmacWithPublicKey signs HS256 using the DER bytes of the public key, the
// classic algorithm-confusion forgery.
func (s *signer) hmacWithPublicKey(t testing.TB, claims map[string]any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(s.key.Public())
	if err != nil {
		t.Fatal(err)
	}
	return signJWS(t, jose.SigningKey{Algorithm: jose.HS256, Key: der}, (&jose.SignerOptions{}).WithHeader("kid", s.kid), claims)
}

// signJWS signs claims as a compact JWS.
func signJWS(t testing.TB, key jose.SigningKey, opts *jose.SignerOptions, claims map[string]any) string {
	t.Helper()
	js, err := jose.NewSigner(key, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	obj, err := js.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func unsignedToken(kid string, claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT", "kid": kid})
	p, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(h) + "." + enc.EncodeToString(p) + "."
}

// fakeIdP serves OIDC discovery and a JWKS, counts JWKS fetches, and can be
// switched down (503) or given other keys.
type fakeIdP struct {
	srv     *httptest.Server
	mu      sync.Mutex
	keys    []jose.JSONWebKey
	down    atomic.Bool
	fetches atomic.Int64
}

func newFakeIdP(t testing.TB, signers ...*signer) *fakeIdP {
	t.Helper()
	idp := &fakeIdP{}
	idp.setSigners(signers...)
	mux := http.NewServeMux()
	mux.HandleFunc("/realms/demo/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		if idp.down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer":                                idp.issuer(),
			"jwks_uri":                              idp.issuer() + "/protocol/openid-connect/certs",
			"authorization_endpoint":                idp.issuer() + "/protocol/openid-connect/auth",
			"token_endpoint":                        idp.issuer() + "/protocol/openid-connect/token",
			"id_token_signing_alg_values_supported": []string{"RS256", "ES256", "HS256"},
		})
	})
	mux.HandleFunc("/realms/demo/protocol/openid-connect/certs", func(w http.ResponseWriter, r *http.Request) {
		idp.fetches.Add(1)
		if idp.down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		idp.mu.Lock()
		set := jose.JSONWebKeySet{Keys: idp.keys}
		idp.mu.Unlock()
		_ = json.NewEncoder(w).Encode(set)
	})
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

func (idp *fakeIdP) issuer() string { return idp.srv.URL + "/realms/demo" }

func (idp *fakeIdP) setSigners(signers ...*signer) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	idp.keys = nil
	for _, s := range signers {
		idp.keys = append(idp.keys, s.publicJWK())
	}
}

// upstream is an echo server that counts the requests it receives.
type upstream struct {
	srv  *httptest.Server
	hits atomic.Int64
}

func newUpstream(t testing.TB) *upstream {
	t.Helper()
	return startUpstream(t, echo.Handler())
}

// startUpstream serves h as an upstream that counts the requests it
// receives, until the test ends.
func startUpstream(t testing.TB, h http.Handler) *upstream {
	t.Helper()
	u := &upstream{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.hits.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

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

// logWait bounds how long a test waits for a request's log record before it
// fails: a bound on a hang, never a measure of speed.
const logWait = 5 * time.Second

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

// recordLog is a test's request log: a Sink that keeps every record and
// wakes whoever waits for one. The proxy logs a request once its handler
// returns, which can be after the client has read the response, so a test
// waits for the record it needs rather than reading the last one.
type recordLog struct {
	mu      sync.Mutex
	recs    []Record
	changed chan struct{} // closed and replaced on every record
}

func newRecordLog() *recordLog { return &recordLog{changed: make(chan struct{})} }

func (l *recordLog) Log(r Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r)
	close(l.changed)
	l.changed = make(chan struct{})
}

func (l *recordLog) records() []Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Record(nil), l.recs...)
}

// await waits until found picks a record from those logged so far.
func (l *recordLog) await(t testing.TB, what string, found func([]Record) (Record, bool)) Record {
	t.Helper()
	for {
		l.mu.Lock()
		recs, changed := append([]Record(nil), l.recs...), l.changed
		l.mu.Unlock()
		if rec, ok := found(recs); ok {
			return rec
		}
		select {
		case <-changed:
		case <-time.After(logWait):
			t.Fatalf("%s: not among the %d records logged", what, len(recs))
			return Record{}
		}
	}
}

// nth waits until n requests were logged and returns the n-th record.
func (l *recordLog) nth(t testing.TB, n int) Record {
	t.Helper()
	return l.await(t, fmt.Sprintf("record %d", n), func(recs []Record) (Record, bool) {
		if len(recs) < n {
			return Record{}, false
		}
		return recs[n-1], true
	})
}

// recordOf waits for the record of the request r answered, by its
// X-Request-Id.
func (l *recordLog) recordOf(t testing.TB, r result) Record {
	t.Helper()
	id := r.header.Get("X-Request-Id")
	return l.await(t, "the record of request "+id, func(recs []Record) (Record, bool) {
		for _, rec := range recs {
			if rec.RequestID == id {
				return rec, true
			}
		}
		return Record{}, false
	})
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

func base64URLDecode(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

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

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
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
