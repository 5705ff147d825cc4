package contract

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// smallRouteFile has one route per auth mode.
func smallRouteFile(issuer string, up *upstreams) string {
	return expandUpstreams(`version: 1
listen: LISTEN
issuer: `+issuer+`
routes:
  - name: req
    path: /r
    upstream: UP(req)
    auth: required
  - name: opt
    path: /opt
    upstream: UP(opt)
    auth: optional
  - name: pub
    path: /pub
    upstream: UP(pub)
    auth: public
`, up)
}

func newSmallStack(t *testing.T, idpDown bool, extraArgs ...string) *stack {
	t.Helper()
	idp := newIdP(t, idpDown)
	up := newUpstreams(t)
	return &stack{idp: idp, up: up, px: startProxy(t, smallRouteFile(idp.issuer, up), extraArgs...)}
}

// flood sends every token to /r with up to 50 requests at a time and returns
// the statuses seen.
func (s *stack) flood(t *testing.T, tokens []string) map[int]int {
	t.Helper()
	var mu sync.Mutex
	statuses := map[int]int{}
	work := make(chan string)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tok := range work {
				r, err := s.px.do(t.Name(), req{Target: "/r", Headers: [][2]string{bearer(tok)}})
				mu.Lock()
				if err != nil {
					statuses[-1]++
				} else {
					statuses[r.Status]++
				}
				mu.Unlock()
			}
		}()
	}
	for _, tok := range tokens {
		work <- tok
	}
	close(work)
	wg.Wait()
	return statuses
}

// warm sends one valid token so discovery and the first key fetch are done.
func (s *stack) warm(t *testing.T) {
	t.Helper()
	if r := s.px.get(t, "/r", bearer(s.idp.token(alice))); r.Status != 200 {
		t.Fatalf("valid token after start: got %s, want 200; stderr:\n%s", r, s.px.stderrText())
	}
}

// floodIdPHits floods the proxy with tokens, wants every answer to be
// status, and returns the discovery and JWKS requests the IdP received
// meanwhile.
func (s *stack) floodIdPHits(t *testing.T, what string, tokens []string, status int) (disco, jwks int64) {
	t.Helper()
	disco, jwks = s.idp.discoveryHits.Load(), s.idp.jwksHits.Load()
	if got := s.flood(t, tokens); got[status] != len(tokens) {
		t.Errorf("%s: statuses %v, want all %d", what, got, status)
	}
	return s.idp.discoveryHits.Load() - disco, s.idp.jwksHits.Load() - jwks
}

// TestJWKSCache: no call to the IdP per request; forged signatures never
// cause a fetch; a flood of unknown kids causes at most one.
func TestJWKSCache(t *testing.T) {
	t.Parallel()
	s := newSmallStack(t, false)
	s.warm(t)
	if jwks := s.idp.jwksHits.Load(); jwks < 1 {
		t.Fatalf("a token verified with %d JWKS fetches", jwks)
	}

	var valid []string
	for i := range 30 {
		if i%2 == 0 {
			valid = append(valid, s.idp.token(alice))
		} else {
			valid = append(valid, sign(keyEC, keyEC.kid, s.idp.claimsFor(bob)))
		}
	}
	if d, j := s.floodIdPHits(t, "30 distinct valid tokens", valid, 200); d != 0 || j != 0 {
		t.Errorf("30 valid tokens caused %d discovery and %d JWKS requests, want none", d, j)
	}

	var forged []string
	for range 200 {
		forged = append(forged, sign(keyEvil, keyRSA.kid, s.idp.claimsFor(alice)))
	}
	if d, j := s.floodIdPHits(t, "200 forged tokens under a known kid", forged, 401); d != 0 || j != 0 {
		t.Errorf("200 forged tokens caused %d discovery and %d JWKS requests, want none", d, j)
	}

	var unknown []string
	for i := range 200 {
		unknown = append(unknown, sign(keyEvil, fmt.Sprintf("unknown-%d", i), s.idp.claimsFor(alice)))
	}
	if d, j := s.floodIdPHits(t, "200 tokens with unknown kids", unknown, 401); j > 1 || d > 1 {
		t.Errorf("200 unknown kids within one cooldown caused %d JWKS and %d discovery requests, want at most 1", j, d)
	}
	s.warm(t) // still serving valid tokens
}

// TestJWKSRotation: a new key published by the IdP is accepted after one
// refetch. The first case rotates right after start, as Keycloak does when
// an operator adds a key while a proxy has just started: the key load at
// start is not a refetch for an unknown kid, so it must not hold the first
// one back for a whole cooldown.
func TestJWKSRotation(t *testing.T) {
	t.Parallel()
	rotate := func(t *testing.T, s *stack) {
		t.Helper()
		before := s.idp.jwksHits.Load()
		s.idp.publish(keyRSA, keyEC, keyNext)
		r := s.px.get(t, "/r", bearer(sign(keyNext, keyNext.kid, s.idp.claimsFor(alice))))
		if r.Status != 200 {
			t.Errorf("token signed with the rotated-in key: got %s, want 200 after one refetch (JWKS fetched %d times since)",
				r, s.idp.jwksHits.Load()-before)
		}
		r = s.px.get(t, "/r", bearer(sign(keyNext, keyNext.kid, s.idp.claimsFor(bob))))
		if r.Status != 200 {
			t.Errorf("second token with the new key: got %s, want 200", r)
		}
		if n := s.idp.jwksHits.Load() - before; n != 1 {
			t.Errorf("rotation cost %d JWKS fetches, want exactly 1", n)
		}
	}
	t.Run("right after start, default cooldown", func(t *testing.T) {
		t.Parallel()
		s := newSmallStack(t, false)
		s.warm(t)
		rotate(t, s)
	})
	t.Run("after the cooldown", func(t *testing.T) {
		t.Parallel()
		s := newSmallStack(t, false, "--jwks-cooldown", "1s")
		s.warm(t)
		before := s.idp.jwksHits.Load()
		s.idp.publish(keyRSA, keyEC, keyNext)
		// Within the 1 s cooldown since the start-up fetch a token with the
		// new kid is refused without a fetch; the first one after it is
		// accepted at the cost of one.
		var last resp
		if !pollUntil(5*time.Second, func() bool {
			last = s.px.get(t, "/r", bearer(sign(keyNext, keyNext.kid, s.idp.claimsFor(alice))))
			return last.Status == 200
		}) {
			t.Fatalf("token signed with the rotated-in key: still %s 5s into a 1s cooldown (JWKS fetched %d times since)",
				last, s.idp.jwksHits.Load()-before)
		}
		if r := s.px.get(t, "/r", bearer(sign(keyNext, keyNext.kid, s.idp.claimsFor(bob)))); r.Status != 200 {
			t.Errorf("second token with the new key: got %s, want 200", r)
		}
		if n := s.idp.jwksHits.Load() - before; n != 1 {
			t.Errorf("rotation cost %d JWKS fetches, want exactly 1", n)
		}
		// The refetch just happened: another unknown kid within the
		// cooldown costs no fetch.
		before = s.idp.jwksHits.Load()
		if r := s.px.get(t, "/r", bearer(sign(keyEvil, "another-new-kid", s.idp.claimsFor(alice)))); r.Status != 401 {
			t.Errorf("unknown kid: got %s, want 401", r)
		}
		if n := s.idp.jwksHits.Load() - before; n != 0 {
			t.Errorf("unknown kid right after a refetch caused %d fetches, want 0", n)
		}
	})
}

// TestIdPDownAfterStart: loaded keys keep verifying; a failed refetch keeps
// them.
func TestIdPDownAfterStart(t *testing.T) {
	t.Parallel()
	s := newSmallStack(t, false, "--jwks-cooldown", "1s")
	s.warm(t)
	s.idp.down.Store(true)
	for i := range 6 {
		tok := s.idp.token(alice)
		if i%2 == 1 {
			tok = sign(keyEC, keyEC.kid, s.idp.claimsFor(bob))
		}
		if r := s.px.get(t, "/r", bearer(tok)); r.Status != 200 {
			t.Errorf("fresh valid token %d with the IdP down: got %s, want 200", i, r)
		}
	}
	if n := s.idp.refused.Load(); n != 0 {
		t.Errorf("valid tokens with known kids caused %d requests to the IdP", n)
	}
	// Past the cooldown an unknown kid makes the proxy try a refetch, which
	// fails; the keys it has must stay in use.
	if !pollUntil(5*time.Second, func() bool {
		r := s.px.get(t, "/r", bearer(sign(keyNext, keyNext.kid, s.idp.claimsFor(alice))))
		checkInvalidToken(t, "unknown kid with the IdP down", r)
		return s.idp.refused.Load() > 0
	}) {
		t.Errorf("unknown kids for 5s, past a 1s cooldown, did not make the proxy try to refetch the JWKS")
	}
	for i := range 3 {
		if r := s.px.get(t, "/r", bearer(s.idp.token(alice))); r.Status != 200 {
			t.Errorf("valid token %d after a failed refetch: got %s, want 200 (keys kept)", i, r)
		}
	}
	if r := s.px.get(t, "/pub"); r.Status != 200 {
		t.Errorf("public route with the IdP down: got %s", r)
	}
}

// TestIdPDownAtStart: the proxy starts anyway; tokens get 401 with a reason
// (never forwarded, never downgraded); public and anonymous traffic flows;
// once the IdP answers, tokens verify without a restart.
func TestIdPDownAtStart(t *testing.T) {
	t.Parallel()
	s := newSmallStack(t, true)
	if r := s.px.get(t, "/pub/x"); r.Status != 200 {
		t.Errorf("public route with the IdP down at start: got %s, want 200", r)
	}
	if r := s.px.get(t, "/opt/x"); r.Status != 200 {
		t.Errorf("optional route, no token, IdP down at start: got %s, want 200", r)
	}
	for _, target := range []string{"/r", "/opt/x"} {
		r := s.px.get(t, target, bearer(s.idp.token(alice)))
		what := "token on " + target + " with the IdP down at start"
		// Judgement call: the design does not say which status; 401
		// invalid_token (docs/proxy.md) or 503 both keep the token from being
		// forwarded. A 503 must still be the JSON error body.
		switch r.Status {
		case 401:
			checkInvalidToken(t, what, r)
			if _, params, _ := authParams(r.Header.Get("WWW-Authenticate")); !strings.Contains(strings.ToLower(params["error_description"]), "identity provider") {
				t.Logf("%s: reason %q does not mention the identity provider", what, params["error_description"])
			}
		case 503:
			errorOf(t, what, r)
		default:
			t.Errorf("%s: got %s, want 401 (or 503)", what, r)
		}
		s.notForwarded(t, what, r)
	}

	s.idp.down.Store(false)
	var last resp
	if !pollUntil(5*time.Second, func() bool {
		last = s.px.get(t, "/r", bearer(s.idp.token(alice)))
		return last.Status == 200
	}) {
		t.Errorf("the IdP has been up for 5s but tokens are still refused: %s", last)
	}
}
