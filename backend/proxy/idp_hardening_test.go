package proxy

import (
	"encoding/json"
	"errors"
	"hash/maphash"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/test/testclock"
)

// newScriptedProxy builds (but does not start) a proxy for the scripted
// issuer; requests go through its Handler.
func newScriptedProxy(t *testing.T, p *scriptedIdP, clock *testclock.Clock, log *logBuffer) *Server {
	t.Helper()
	up := newUpstream(t)
	srv, err := New(testConfig(p.issuer(), up.srv.URL, closedURL(t)), Options{
		Clock:  clock.Now,
		Logger: slog.New(slog.NewTextHandler(log, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func claimsFor(issuer string, now time.Time, sub string) map[string]any {
	return map[string]any{
		"iss": issuer, "sub": sub, "exp": now.Add(time.Hour).Unix(), "iat": now.Unix(),
		"realm_access": map[string]any{"roles": []any{"user"}},
	}
}

func serveToken(srv *Server, path, tok string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return rec
}

// hangingHandler, on each request, advances the
// clock past any retry interval (the attempt "took" long), tells the test
// it arrived, waits for the test to release it and then hangs until the
// proxy's attempt timeout ends the request.
func hangingHandler(clock *testclock.Clock, arrived chan<- struct{}, release <-chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(time.Hour)
		arrived <- struct{}{}
		<-release
		<-r.Context().Done()
	}
}

// sendConcurrently sends n token requests at once and returns their statuses.
func sendConcurrently(srv *Server, n int, tok string) <-chan int {
	out := make(chan int, n)
	for range n {
		go func() { out <- serveToken(srv, "/api/req", tok).Code }()
	}
	return out
}

// Requests that queue behind a discovery attempt to an unreachable IdP all
// take that attempt's result: one attempt, however many waiters, so each is
// answered within one attempt's timeout instead of one timeout per waiter
// ahead of it.
func TestRequestsBehindAHangingDiscoveryShareOneAttempt(t *testing.T) {
	clock := newTestClock()
	arrived, release := make(chan struct{}, 8), make(chan struct{})
	p := newScriptedIdP(t, hangingHandler(clock, arrived, release), servesJWKS(`{"keys":[]}`))
	srv := newScriptedProxy(t, p, clock, &logBuffer{})
	srv.current().verifier.disco.timeout = 200 * time.Millisecond
	joined := make(chan struct{}, 8)
	srv.current().verifier.disco.flight.joined = func() { joined <- struct{}{} }

	tok := newRSASigner(t, "k1").sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))
	const waiters = 3
	statuses := sendConcurrently(srv, 1, tok)
	<-arrived // the first request's attempt is in flight
	more := sendConcurrently(srv, waiters-1, tok)
	for range waiters - 1 {
		<-joined
	}
	close(release) // now let the attempt time out
	for range waiters - 1 {
		if st := <-more; st != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", st)
		}
	}
	if st := <-statuses; st != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", st)
	}
	if got := p.discoHits.Load(); got != 1 {
		t.Errorf("%d discovery attempts for %d concurrent requests, want 1", got, waiters)
	}
}

// The same holds for the key fetch while no key is loaded: discovery
// succeeds, the JWKS hangs.
func TestRequestsBehindAHangingJWKSShareOneFetch(t *testing.T) {
	clock := newTestClock()
	arrived, release := make(chan struct{}, 8), make(chan struct{})
	p := newScriptedIdP(t, nil, hangingHandler(clock, arrived, release))
	srv := newScriptedProxy(t, p, clock, &logBuffer{})
	srv.current().verifier.disco.timeout = 200 * time.Millisecond
	srv.current().verifier.keys.timeout = 200 * time.Millisecond
	joined := make(chan struct{}, 8)
	srv.current().verifier.keys.flight.joined = func() { joined <- struct{}{} }

	tok := newRSASigner(t, "k1").sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))
	// Discovery works; its key load hangs until the attempt times out.
	first := sendConcurrently(srv, 1, tok)
	<-arrived
	release <- struct{}{} // this one fetch hangs until the attempt times out
	if st := <-first; st != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", st)
	}
	// The handler advanced the clock past the retry interval: the next
	// requests trigger one fetch, and the ones behind it join it.
	const waiters = 3
	// Whether the first request's fetch was the load that follows discovery
	// or one of its own depends on scheduling; what this test is about is
	// that the waiters below share one fetch.
	before := p.jwksHits.Load()
	statuses := sendConcurrently(srv, 1, tok)
	<-arrived
	more := sendConcurrently(srv, waiters-1, tok)
	for range waiters - 1 {
		<-joined
	}
	close(release)
	for range waiters - 1 {
		if st := <-more; st != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", st)
		}
	}
	if st := <-statuses; st != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", st)
	}
	if got := p.jwksHits.Load() - before; got != 1 {
		t.Errorf("%d JWKS fetches for %d concurrent requests, want 1", got, waiters)
	}
}

// A key of a type or curve the proxy cannot use is skipped, logged with its
// kid, and costs none of the keys next to it.
func TestUnsupportedKeysAreSkippedNotFatal(t *testing.T) {
	clock := newTestClock()
	good, twin := newRSASigner(t, "good"), newECSigner(t, "ec")
	body := jwksOf(t, []*signer{good, twin},
		`{"kty":"OKP","crv":"X25519","kid":"x25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}`,
		`{"kty":"OKP","crv":"Ed448","kid":"ed448","x":"X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"}`,
		`{"kty":"XYZ","kid":"martian","k":"abc"}`,
		`{"kty":"oct","kid":"hmac","k":"c2VjcmV0"}`,
		`{"kty":"RSA","kid":"enc","use":"enc","n":"`+rsaModulus(t, newRSASigner(t, "x"))+`","e":"AQAB"}`,
	)
	p := newScriptedIdP(t, nil, servesJWKS(body))
	log := &logBuffer{}
	srv := newScriptedProxy(t, p, clock, log)

	for _, s := range []*signer{good, twin} {
		if rec := serveToken(srv, "/api/req", s.sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))); rec.Code != 200 {
			t.Fatalf("token signed by %s next to unsupported keys: %d %s", s.kid, rec.Code, rec.Body)
		}
	}
	if st := srv.Status(); strings.Join(st.Keys, ",") != "ec,good" || st.LastError != "" {
		t.Errorf("status keys %v, last error %q", st.Keys, st.LastError)
	}
	logged := log.String()
	for _, kid := range []string{"x25519", "ed448", "martian", "hmac"} {
		if strings.Count(logged, `kid="`+kid+" ") != 1 {
			t.Errorf("skipped key %s not logged exactly once:\n%s", kid, logged)
		}
	}
	// Every Keycloak realm publishes an encryption key: skipping it is
	// normal and no warning (it is logged at debug level only).
	if strings.Contains(logged, `kid="enc `) {
		t.Errorf("the encryption key was warned about:\n%s", logged)
	}
}

func rsaModulus(t *testing.T, s *signer) string {
	t.Helper()
	b, err := json.Marshal(s.publicJWK())
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ N string }
	_ = json.Unmarshal(b, &m)
	return m.N
}

// Two keys may share a kid (an IdP mid-rotation): a token signed by either
// is accepted.
func TestKeysSharingAKidAreAllTried(t *testing.T) {
	clock := newTestClock()
	first, second := newRSASigner(t, "shared"), newRSASigner(t, "shared")
	p := newScriptedIdP(t, nil, servesJWKS(jwksOf(t, []*signer{first, second})))
	srv := newScriptedProxy(t, p, clock, &logBuffer{})
	for i, s := range []*signer{first, second} {
		if rec := serveToken(srv, "/api/req", s.sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))); rec.Code != 200 {
			t.Errorf("token signed by key %d of kid shared: %d %s", i+1, rec.Code, rec.Body)
		}
	}
	forger := newRSASigner(t, "shared")
	if rec := serveToken(srv, "/api/req", forger.sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))); rec.Code != 401 {
		t.Errorf("token signed by a third key under the shared kid: %d", rec.Code)
	}
}

// A discovery document past the size cap is refused, not read whole: the
// proxy does not start verifying with it.
func TestDiscoveryDocumentIsCapped(t *testing.T) {
	clock := newTestClock()
	key := newRSASigner(t, "k1")
	var p *scriptedIdP
	p = newScriptedIdP(t, func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.issuer(), "jwks_uri": p.jwksURL(),
			"padding": strings.Repeat("x", 2*maxIdPDocument),
		})
	}, servesJWKS(jwksOf(t, []*signer{key})))
	log := &logBuffer{}
	srv := newScriptedProxy(t, p, clock, log)
	rec := serveToken(srv, "/api/req", key.sign(t, claimsFor(p.issuer(), clock.Now(), "alice")))
	if rec.Code != 401 || !strings.Contains(rec.Body.String(), "identity provider is not reachable") {
		t.Fatalf("oversized discovery document: %d %s", rec.Code, rec.Body)
	}
	if st := srv.Status(); !strings.Contains(st.LastError, "more than 1048576 bytes") || st.Discovered {
		t.Errorf("status %+v", st)
	}
	if !strings.Contains(log.String(), "more than 1048576 bytes") {
		t.Errorf("server log does not say why discovery failed:\n%s", log.String())
	}
}

// A JWKS past the size cap is refused with a clear error, not decoded from
// its first megabyte.
func TestJWKSIsCapped(t *testing.T) {
	clock := newTestClock()
	key := newRSASigner(t, "k1")
	pad := `{"kty":"oct","kid":"pad","k":"` + strings.Repeat("A", maxIdPDocument) + `"}`
	p := newScriptedIdP(t, nil, servesJWKS(jwksOf(t, []*signer{key}, pad)))
	srv := newScriptedProxy(t, p, clock, &logBuffer{})
	if rec := serveToken(srv, "/api/req", key.sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))); rec.Code != 401 {
		t.Fatalf("oversized JWKS: %d", rec.Code)
	}
	if st := srv.Status(); !strings.Contains(st.LastError, "more than 1048576 bytes") {
		t.Errorf("status %+v", st)
	}
}

// Every failed discovery or key fetch reaches the server log with what
// failed, not only Status.
func TestIdPFetchFailuresAreLogged(t *testing.T) {
	clock := newTestClock()
	var down atomic.Bool
	down.Store(true)
	key := newRSASigner(t, "k1")
	failing := func(ok http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if down.Load() {
				http.Error(w, "down", http.StatusServiceUnavailable)
				return
			}
			ok(w, r)
		}
	}
	var p *scriptedIdP
	p = newScriptedIdP(t, failing(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": p.issuer(), "jwks_uri": p.jwksURL()})
	}), nil)
	p.jwks = failing(servesJWKS(`{"keys":[{"kty":"OKP","crv":"X25519","kid":"x","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}]}`))
	log := &logBuffer{}
	srv := newScriptedProxy(t, p, clock, log)
	tok := key.sign(t, claimsFor(p.issuer(), clock.Now(), "alice"))

	_ = serveToken(srv, "/api/req", tok)
	if l := log.String(); !strings.Contains(l, "OIDC discovery failed") || !strings.Contains(l, "503") {
		t.Errorf("failed discovery not logged:\n%s", l)
	}
	down.Store(false)
	clock.Advance(time.Hour)
	_ = serveToken(srv, "/api/req", tok) // discovery works; the JWKS has no usable key
	if l := log.String(); !strings.Contains(l, "JWKS fetch failed") || !strings.Contains(l, "no usable public signing keys") {
		t.Errorf("JWKS without a usable key not logged:\n%s", l)
	}
	down.Store(true)
	clock.Advance(time.Hour)
	_ = serveToken(srv, "/api/req", tok)
	if l := log.String(); strings.Count(l, "JWKS fetch failed") != 2 || !strings.Contains(l, "503") {
		t.Errorf("failed JWKS fetch not logged:\n%s", l)
	}
}

// A discovery document naming another issuer is refused with go-oidc's
// typed error, as oidc.NewProvider would.
func TestDiscoveryIssuerMismatch(t *testing.T) {
	clock := newTestClock()
	p := newScriptedIdP(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"issuer":"http://elsewhere/realms/demo","jwks_uri":"http://elsewhere/certs"}`))
	}, servesJWKS(`{"keys":[]}`))
	srv := newScriptedProxy(t, p, clock, &logBuffer{})
	_, err := srv.current().verifier.disco.fetch(t.Context())
	var mismatch *oidc.IssuerMismatchError
	if !errors.As(err, &mismatch) || mismatch.Discovered != "http://elsewhere/realms/demo" {
		t.Fatalf("fetch = %v, want an IssuerMismatchError", err)
	}
}

// errorKind returns the kind of a refused token's error.
func errorKind(t *testing.T, err error) tokenErrorKind {
	t.Helper()
	var te *tokenError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T) is not a tokenError", err, err)
	}
	return te.kind
}

// A date claim that is present must be a number within years 1970–9999:
// values that overflow int64 (and so used to land in the past), far-future
// and negative dates, null and strings all make the token invalid.
func TestDateClaimsOutOfRangeAreRefused(t *testing.T) {
	e := newEnv(t)
	year10000 := json.Number("253402300800") // 10000-01-01T00:00:00Z
	cases := []struct {
		claim string
		value any
	}{
		{"nbf", 1e19},
		{"nbf", json.Number("9223372036000000000")},
		{"nbf", 1e300},
		{"nbf", json.Number("-1")},
		{"nbf", nil},
		{"nbf", "0"},
		{"iat", year10000},
		{"iat", nil},
		{"iat", json.Number("1e19")},
		{"iat", "1750000000"},
		{"exp", 1e19},
		{"exp", 1e300},
		{"exp", year10000},
		{"exp", nil},
		{"exp", "9999999999"},
		{"exp", true},
	}
	for _, c := range cases {
		claims := e.claims("alice")
		claims[c.claim] = c.value
		tok := e.key.sign(t, claims)
		_, err := e.srv.current().verifier.verify(t.Context(), tok)
		if err == nil {
			t.Errorf("%s = %v accepted", c.claim, c.value)
			continue
		}
		if k := errorKind(t, err); k != kindBadDate {
			t.Errorf("%s = %v: refused as kind %d (%v), want a bad date", c.claim, c.value, k, err)
		}
	}
	// Edges that stay valid: the last second of 9999 for nbf/iat would be
	// in the future (nbf) but is a readable date; fractional seconds.
	for _, c := range []struct {
		claim string
		value any
	}{
		{"iat", json.Number("253402300799")},
		{"iat", json.Number("0")},
		{"nbf", json.Number("1749999999.5")},
		{"exp", json.Number("253402300799")},
	} {
		claims := e.claims("alice")
		claims[c.claim] = c.value
		if _, err := e.srv.current().verifier.verify(t.Context(), e.key.sign(t, claims)); err != nil {
			t.Errorf("%s = %v refused: %v", c.claim, c.value, err)
		}
	}
}

// A token without a usable subject is invalid on required and optional
// routes: forwarded, it would carry an identity with no X-User-Id.
func TestTokenWithoutSubjectIsInvalid(t *testing.T) {
	e := newEnv(t)
	for _, sub := range []any{"<absent>", "", nil, 42, []any{"alice"}} {
		c := e.claims("alice")
		if sub == "<absent>" {
			delete(c, "sub")
		} else {
			c["sub"] = sub
		}
		tok := e.key.sign(t, c)
		for _, path := range []string{"/api/req", "/api/opt"} {
			before := e.up.hits.Load()
			if r := e.do("GET", path, bearer(tok)); r.status != 401 || !strings.Contains(r.err.Message, "subject") {
				t.Errorf("sub %v on %s: %d %s", sub, path, r.status, r.body)
			}
			if e.up.hits.Load() != before {
				t.Errorf("sub %v on %s reached the upstream", sub, path)
			}
		}
	}
}

// Role claims the proxy cannot read one way only — a bare string, a list
// holding something else than strings, a client entry that is not an
// object — make the token invalid rather than grant or silently drop roles.
func TestRolesThatAreNotArraysOfStringsAreInvalid(t *testing.T) {
	e := newEnv(t)
	cases := map[string]func(map[string]any){
		"realm roles as a bare string": func(c map[string]any) { c["realm_access"] = map[string]any{"roles": "admin"} },
		"realm roles holding a number": func(c map[string]any) { c["realm_access"] = map[string]any{"roles": []any{"admin", 1}} },
		"realm roles null":             func(c map[string]any) { c["realm_access"] = map[string]any{"roles": nil} },
		"realm_access a string":        func(c map[string]any) { c["realm_access"] = "admin" },
		"client roles as a bare string": func(c map[string]any) {
			c["resource_access"] = map[string]any{"web": map[string]any{"roles": "editor"}}
		},
		"client entry a list":    func(c map[string]any) { c["resource_access"] = map[string]any{"web": []any{"editor"}} },
		"resource_access a list": func(c map[string]any) { c["resource_access"] = []any{"web:editor"} },
		"client roles holding an object": func(c map[string]any) {
			c["resource_access"] = map[string]any{"web": map[string]any{"roles": []any{map[string]any{"name": "editor"}}}}
		},
	}
	for name, mod := range cases {
		c := e.claims("alice")
		mod(c)
		tok := e.key.sign(t, c)
		for _, path := range []string{"/api/admin", "/api/client", "/api/req", "/api/opt"} {
			if r := e.do("GET", path, bearer(tok)); r.status != 401 || !strings.Contains(r.err.Message, "roles") && !strings.Contains(r.err.Message, "access") {
				t.Errorf("%s on %s: %d %s", name, path, r.status, r.body)
			}
		}
	}
	// Absent role claims, or an object without roles, are no roles.
	c := e.claims("alice")
	delete(c, "realm_access")
	c["resource_access"] = map[string]any{"web": map[string]any{}}
	if r := e.do("GET", "/api/req", bearer(e.key.sign(t, c))); r.status != 200 {
		t.Errorf("token without roles on a route needing none: %d %s", r.status, r.body)
	}
}

// A bearer token is the compact serialization only: the same signed token
// in the JWS JSON serialization is malformed.
func TestJSONSerializedTokenIsMalformed(t *testing.T) {
	e := newEnv(t)
	js, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: e.key.key, KeyID: e.key.kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(e.claims("alice"))
	obj, err := js.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	full := obj.FullSerialize() // no whitespace: a single bearer "word"
	_, err = e.srv.current().verifier.verify(t.Context(), full)
	if err == nil || errorKind(t, err) != kindMalformed {
		t.Fatalf("JSON serialization: %v, want malformed", err)
	}
	if r := e.do("GET", "/api/req", bearer(full)); r.status != 401 {
		t.Errorf("JSON serialization through the proxy: %d %s", r.status, r.body)
	}
}

// Refusals carry their kind: callers never read the sentence.
func TestRefusalsAreTyped(t *testing.T) {
	e := newEnv(t)
	wrongIss := e.claims("alice")
	wrongIss["iss"] = "http://evil.example/realms/demo"
	expired := e.claims("alice")
	expired["exp"] = e.clock.Now().Add(-time.Hour).Unix()
	noExp := e.claims("alice")
	delete(noExp, "exp")
	future := e.claims("alice")
	future["nbf"] = e.clock.Now().Add(time.Hour).Unix()
	cases := []struct {
		name string
		tok  string
		want tokenErrorKind
	}{
		{"malformed", "not-a-jwt", kindMalformed},
		{"alg none", unsignedToken("k1", e.claims("alice")), kindAlgorithm},
		{"HS256 with the public key", e.key.hmacWithPublicKey(t, e.claims("alice")), kindAlgorithm},
		{"unknown kid", newRSASigner(t, "nobody").sign(t, e.claims("alice")), kindUnknownKey},
		{"bad signature", newRSASigner(t, "k1").sign(t, e.claims("alice")), kindBadSignature},
		{"wrong issuer", e.key.sign(t, wrongIss), kindIssuer},
		{"expired", e.key.sign(t, expired), kindExpired},
		{"no exp", e.key.sign(t, noExp), kindNoExpiry},
		{"nbf ahead", e.key.sign(t, future), kindNotYetValid},
	}
	for _, c := range cases {
		_, err := e.srv.current().verifier.verify(t.Context(), c.tok)
		if err == nil {
			t.Errorf("%s accepted", c.name)
			continue
		}
		if k := errorKind(t, err); k != c.want {
			t.Errorf("%s: kind %d (%v), want %d", c.name, k, err, c.want)
		}
	}
}

// The verified-token cache is keyed by a hash of the token; an entry found
// under a token's key is used only when it holds that very token, so a hash
// collision is a miss, never another token's identity.
func TestCacheEntryServesOnlyItsOwnToken(t *testing.T) {
	e := newEnv(t)
	id, err := e.srv.current().verifier.verify(t.Context(), e.token("alice", "admin"))
	if err != nil {
		t.Fatal(err)
	}
	forged := newRSASigner(t, "k1").sign(t, e.claims("mallory", "admin"))
	e.srv.current().verifier.cache.Add(maphash.String(tokenSeed, forged), id) // as a collision would
	if got, err := e.srv.current().verifier.verify(t.Context(), forged); err == nil {
		t.Fatalf("forged token under a colliding cache key verified as %q", got.subject)
	}
}
