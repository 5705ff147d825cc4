package proxy

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/bearerflood"
)

// flood sends a request with each of the tokens, 32 at a time, and returns
// the statuses seen.
func flood(t *testing.T, e *env, tokens []string) map[int]int {
	t.Helper()
	statuses, err := bearerflood.Statuses(e.base+"/api/req", tokens, 32)
	if err != nil {
		t.Fatal(err)
	}
	return statuses
}

// warmEnv is a proxy that has loaded its keys and let one token through,
// and its IdP's JWKS fetch count then.
func warmEnv(t *testing.T) (*env, int64) {
	t.Helper()
	e := newEnv(t)
	if r := e.do("GET", "/api/req", bearer(e.token("alice"))); r.status != 200 {
		t.Fatalf("warm-up: %d %s", r.status, r.body)
	}
	return e, e.idp.fetches.Load()
}

// floodRefused floods the proxy with tokens, each of which must be refused
// (401), and returns the JWKS fetches made since base.
func floodRefused(t *testing.T, e *env, tokens []string, base int64) int64 {
	t.Helper()
	if st := flood(t, e, tokens); st[401] != len(tokens) {
		t.Fatalf("statuses %v", st)
	}
	return e.idp.fetches.Load() - base
}

// rotateIn has the IdP publish a new key k2 beside e.key, advances the
// clock by advance, and sends n requests signed with k2, each of which must
// pass.
func rotateIn(t *testing.T, e *env, advance time.Duration, n int) {
	t.Helper()
	next := newRSASigner(t, "k2")
	e.idp.setSigners(e.key, next)
	e.clock.Advance(advance)
	for i := range n {
		if r := e.do("GET", "/api/req", bearer(next.sign(t, e.claims("alice")))); r.status != 200 {
			t.Fatalf("request %d with the key rotated in, clock advanced %s: %d %s", i, advance, r.status, r.body)
		}
	}
}

func TestUnknownKidFloodFetchesAtMostOncePerCooldown(t *testing.T) {
	e, base := warmEnv(t) // discovery loaded the keys once
	if base != 1 {
		t.Fatalf("%d JWKS fetches after discovery, want 1", base)
	}
	// Unknown kids right after the first load: the load at start is not a
	// refetch, so the first unknown kid is refetched at once; that refetch
	// starts the cooldown, which holds back every other one.
	var tokens []string
	for i := range 300 {
		s := newECSigner(t, "unknown-"+string(rune('a'+i%26)))
		tokens = append(tokens, s.sign(t, e.claims("mallory")))
	}
	if got := floodRefused(t, e, tokens, base); got != 1 {
		t.Fatalf("%d fetches for a flood right after start, want 1", got)
	}
	// Still within that cooldown: no fetch at all.
	if got := floodRefused(t, e, tokens, base); got != 1 {
		t.Fatalf("%d fetches within one cooldown, want 1", got)
	}
	// After the cooldown, a flood causes exactly one more fetch.
	e.clock.Advance(DefaultJWKSCooldown)
	if got := floodRefused(t, e, tokens, base); got != 2 {
		t.Fatalf("%d fetches over two cooldowns, want 2", got)
	}
}

// A key the IdP rotates in right after the proxy started is fetched at
// once: the load at start does not start the refetch cooldown.
func TestKeyRotatedInRightAfterStartIsFetchedAtOnce(t *testing.T) {
	e, base := warmEnv(t)
	rotateIn(t, e, 0, 3)
	if got := e.idp.fetches.Load() - base; got != 1 {
		t.Fatalf("%d fetches for one new key, want 1", got)
	}
	// That refetch started the cooldown: another unknown kid waits.
	stranger := newRSASigner(t, "k3")
	if r := e.do("GET", "/api/req", bearer(stranger.sign(t, e.claims("alice")))); r.status != 401 {
		t.Fatalf("unknown kid right after a refetch: %d", r.status)
	}
	if got := e.idp.fetches.Load() - base; got != 1 {
		t.Fatalf("%d fetches, want no new one within the cooldown", got)
	}
}

func TestForgedSignatureFloodFetchesNothing(t *testing.T) {
	e, base := warmEnv(t)
	e.clock.Advance(time.Hour) // cooldown long over: a refetch would be allowed
	forger := newRSASigner(t, "k1")
	var tokens []string
	for range 200 {
		tokens = append(tokens, forger.sign(t, e.claims("mallory", "admin")))
	}
	if got := floodRefused(t, e, tokens, base); got != 0 {
		t.Fatalf("%d JWKS fetches for forged signatures, want 0", got)
	}
}

func TestKeyRotationFetchesTheNewKeyOnce(t *testing.T) {
	e, base := warmEnv(t)
	rotateIn(t, e, DefaultJWKSCooldown, 5)
	if got := e.idp.fetches.Load() - base; got != 1 {
		t.Fatalf("%d fetches for one new key, want 1", got)
	}
	if st := e.srv.Status(); strings.Join(st.Keys, ",") != "k1,k2" {
		t.Errorf("status keys %v", st.Keys)
	}
}

func TestJWKSOutageKeepsTheKeys(t *testing.T) {
	e, _ := warmEnv(t)
	e.idp.down.Store(true)
	e.clock.Advance(DefaultJWKSCooldown)
	unknown := newRSASigner(t, "k9")
	if r := e.do("GET", "/api/req", bearer(unknown.sign(t, e.claims("alice")))); r.status != 401 {
		t.Fatalf("unknown kid during the outage: %d", r.status)
	}
	// The failed refetch did not drop k1: a new token signed with it passes.
	if r := e.do("GET", "/api/req", bearer(e.token("bob"))); r.status != 200 {
		t.Fatalf("known key during the outage: %d %s", r.status, r.body)
	}
	st := e.srv.Status()
	if len(st.Keys) != 1 || st.Keys[0] != "k1" || !strings.Contains(st.LastError, "503") {
		t.Errorf("status %+v", st)
	}
}

func TestProxyStartsWhileTheIdPIsDown(t *testing.T) {
	e := newEnv(t, func(*routes.Config, *Options) {})
	e.idp.down.Store(true)
	// newEnv started discovery in the background; make sure it is not
	// satisfied by a race with the switch above.
	srv, err := New(e.srv.Config(), Options{Clock: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := srv.Shutdown(t.Context()); err != nil {
			t.Errorf("shut the proxy down: %v", err)
		}
	}()
	e.base = "http://" + srv.Addr()

	r := e.do("GET", "/api/req", bearer(e.token("alice")))
	if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), "identity provider is not reachable") {
		t.Fatalf("while down: %d %q", r.status, r.header.Get("WWW-Authenticate"))
	}
	if r := e.do("GET", "/api/pub", nil); r.status != 200 {
		t.Fatalf("public route while the IdP is down: %d", r.status)
	}
	e.idp.down.Store(false)
	e.clock.Advance(DefaultDiscoveryRetry)
	if r := e.do("GET", "/api/req", bearer(e.token("alice"))); r.status != 200 {
		t.Fatalf("after the IdP came up: %d %s", r.status, r.body)
	}
	if st := srv.Status(); !st.Discovered || len(st.Keys) != 1 || st.LastError != "" {
		t.Errorf("status %+v", st)
	}
}

// While the IdP cannot be reached, a client learns only that: the
// discovery URL and the dial error stay in the request log.
func TestIdPUnreachableDetailStaysInTheLog(t *testing.T) {
	dead := closedURL(t)
	e := newEnv(t, func(c *routes.Config, _ *Options) { c.Issuer = dead + "/realms/demo" })
	r := e.do("GET", "/api/req", bearer(e.token("alice")))
	if r.status != 401 || r.err.Error != "invalid_token" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	want := `Bearer realm="tandem", error="invalid_token", error_description="the identity provider is not reachable yet, so the token cannot be verified"`
	if got := r.header.Get("WWW-Authenticate"); got != want {
		t.Errorf("WWW-Authenticate\n got %s\nwant %s", got, want)
	}
	if r.err.Message != "The bearer token was refused: the identity provider is not reachable yet, so the token cannot be verified." {
		t.Errorf("message %q", r.err.Message)
	}
	host := strings.TrimPrefix(dead, "http://")
	for _, leak := range []string{host, "well-known", "dial", "connection refused"} {
		if strings.Contains(string(r.body), leak) || strings.Contains(r.header.Get("WWW-Authenticate"), leak) {
			t.Errorf("the answer reveals %q: %s %s", leak, r.header.Get("WWW-Authenticate"), r.body)
		}
	}
	rec := waitRecord(t, e, 1)
	if rec.Decision != DecisionUnauthorized || !strings.Contains(rec.Reason, host) || !strings.Contains(rec.Reason, "identity provider") {
		t.Errorf("log record %+v: want the unreachable address in its reason", rec)
	}
}
