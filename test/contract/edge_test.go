package contract

import (
	"strings"
	"testing"
	"time"
)

// TestVerifiedTokenExpires: a token accepted once (and so possibly cached by
// the proxy) is refused once its exp, plus the leeway, has passed.
func TestVerifiedTokenExpires(t *testing.T) {
	t.Parallel()
	s := newSmallStack(t, false)
	c := s.idp.claimsFor(alice)
	exp := time.Now().Add(time.Second).Unix()
	c["exp"] = exp
	tok := sign(keyRSA, keyRSA.kid, c)
	if r := s.px.get(t, "/r", bearer(tok)); r.Status != 200 {
		t.Fatalf("token before its exp: got %s, want 200", r)
	}
	// docs/proxy.md: 5 s of leeway. Ask again until the proxy refuses the
	// token: it must not do so a second (a clock's granularity) before
	// exp + leeway, and must by 2 s after.
	leewayEnd := time.Unix(exp, 0).Add(5 * time.Second)
	var r resp
	var sent time.Time
	if !pollUntil(time.Until(leewayEnd.Add(2*time.Second)), func() bool {
		sent = time.Now()
		r = s.px.get(t, "/r", bearer(tok))
		return r.Status != 200
	}) {
		t.Fatalf("the token is still accepted 2s after exp + leeway: %s", r)
	}
	if sent.Before(leewayEnd.Add(-time.Second)) {
		t.Errorf("the token was refused %s before exp + leeway: %s", leewayEnd.Sub(sent).Round(time.Millisecond), r)
	}
	checkInvalidToken(t, "the same token after exp + leeway", r)
	s.notForwarded(t, "expired cached token", r)
}

// TestClaimValuesCannotInjectHeaders: a claim with CR/LF (a user can often
// choose their own name) must not add or split headers at the upstream.
func TestClaimValuesCannotInjectHeaders(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	mallory := user{sub: "sub-mallory", name: "mallory\r\nX-User-Roles: admin", email: "m@example.com\nX-Tenant: t-1",
		realmRoles: []string{"user"}}
	r := s.px.get(t, "/api/feed/x", bearer(s.idp.token(mallory)))
	// Judgement call: sanitising the value and forwarding (docs/proxy.md:
	// control characters become spaces) or refusing the token are both safe.
	if r.Status == 401 {
		s.notForwarded(t, "CR/LF in claims", r)
		return
	}
	if r.Status != 200 {
		t.Fatalf("CR/LF in claims: got %s, want 200 (sanitised) or 401", r)
	}
	got, ok := s.forwarded(t, "CR/LF in claims", r)
	if !ok {
		return
	}
	wantHeaders(t, "CR/LF in claims", got.Header, map[string]string{"X-User-Roles": "user"}, "X-Tenant")
	for _, v := range append(headerValues(got.Header, "X-User-Name"), headerValues(got.Header, "X-User-Email")...) {
		if strings.ContainsAny(v, "\r\n") {
			t.Errorf("upstream header value carries CR/LF: %q", v)
		}
	}
}

// TestAbsoluteFormTarget: a request-target in absolute form is normalised
// and matched like any other.
func TestAbsoluteFormTarget(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	base := "http://" + s.px.addr
	for _, c := range []struct {
		target string
		status int
		route  string
	}{
		{base + "/api/feed/x", 200, "feed"},
		{base + "/api/public/../me", 401, ""},
		{base + "/api/public/%2e%2e/me", 401, ""},
		{base + "/api/public/..;/me", 400, ""},
	} {
		r := s.px.get(t, c.target)
		if r.Status != c.status {
			t.Errorf("%s: got %s, want %d", c.target, r, c.status)
		}
		if c.route == "" {
			s.notForwarded(t, c.target, r)
		} else if got, ok := s.forwarded(t, c.target, r); ok && got.Upstream != c.route {
			t.Errorf("%s: reached %s, want %s", c.target, got.Upstream, c.route)
		}
	}
}

// TestListenFromFile: without --listen the proxy listens where the route
// file's listen says. The file names a concrete port, picked free a moment
// before: should another server of the run be given it first, the proxy
// reports the address in use and the test tries again with a fresh port.
func TestListenFromFile(t *testing.T) {
	t.Parallel()
	idp := newIdP(t, false)
	up := newUpstreams(t)
	for attempt := 0; ; attempt++ {
		addr := freeAddr(t)
		pr := newProbe(t)
		file := writeFile(t, "routes.yaml", pr.addTo(strings.ReplaceAll(smallRouteFile(idp.issuer, up), "LISTEN", addr)))
		p := newProxyProc(t, pr)
		ok, portTaken := p.launch([]string{"proxy", "--config", file})
		if ok {
			t.Cleanup(p.stop)
			if p.addr != addr {
				t.Errorf("the proxy listens on %s, want the file's %s", p.addr, addr)
			}
			if r := p.get(t, "/pub/x"); r.Status != 200 {
				t.Errorf("GET /pub/x on the file's listen address: got %s", r)
			}
			return
		}
		if !portTaken || attempt == 2 {
			t.FailNow()
		}
	}
}
