package contract

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// wantHeaders checks the identity headers an upstream received: every name
// in want with exactly that one value, and every name in absent not at all
// (under any spelling).
func wantHeaders(t *testing.T, what string, h http.Header, want map[string]string, absent ...string) {
	t.Helper()
	for name, v := range want {
		if got := headerValues(h, name); len(got) != 1 || got[0] != v {
			t.Errorf("%s: upstream %s = %q, want [%q]", what, name, got, v)
		}
	}
	for _, name := range absent {
		if got := headerValues(h, name); len(got) != 0 {
			t.Errorf("%s: upstream received %s = %q, want it absent", what, name, got)
		}
	}
}

// TestIdentityHeaders: the default set, per-route extra and overriding
// headers, dot paths, arrays joined with ",", missing claims left out.
func TestIdentityHeaders(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)

	r := s.px.get(t, "/api/feed/x", bearer(s.idp.token(alice)))
	if got, ok := s.forwarded(t, "alice on feed", r); ok {
		wantHeaders(t, "alice on feed", got.Header, map[string]string{
			"X-User-Id":      alice.sub,
			"X-User-Name":    "alice",
			"X-User-Email":   "alice@example.com",
			"X-User-Roles":   "user,admin",
			"X-Tenant":       "t-42",          // org.tenant.id, route header
			"X-Client-Roles": "editor,viewer", // resource_access.web.roles
		})
	}

	// bob has no org and no client roles: those route headers are absent.
	r = s.px.get(t, "/api/feed/x", bearer(s.idp.token(bob)))
	if got, ok := s.forwarded(t, "bob on feed", r); ok {
		wantHeaders(t, "bob on feed", got.Header,
			map[string]string{"X-User-Id": bob.sub, "X-User-Roles": "user", "X-User-Email": bob.email},
			"X-Tenant", "X-Client-Roles")
	}

	// A token without realm_access and without email.
	bare := user{sub: "sub-bare", name: "bare"}
	r = s.px.get(t, "/api/me", bearer(s.idp.token(bare)))
	if got, ok := s.forwarded(t, "bare token on me", r); ok {
		wantHeaders(t, "bare token on me", got.Header,
			map[string]string{"X-User-Id": "sub-bare", "X-User-Name": "bare"},
			"X-User-Roles", "X-User-Email")
	}

	// Route headers apply to their route only.
	r = s.px.get(t, "/api/me", bearer(s.idp.token(alice)))
	if got, ok := s.forwarded(t, "alice on me", r); ok {
		wantHeaders(t, "alice on me", got.Header, map[string]string{"X-User-Id": alice.sub}, "X-Tenant", "X-Client-Roles", "X-Org-Name")
	}

	// whoami overrides X-User-Id (written x-user-id in the file) with
	// preferred_username: one header, the route's value.
	r = s.px.get(t, "/api/whoami", bearer(s.idp.token(alice)))
	if got, ok := s.forwarded(t, "alice on whoami", r); ok {
		wantHeaders(t, "alice on whoami", got.Header, map[string]string{
			"X-User-Id": "alice", "X-Org-Name": "Acme", "X-User-Email": "alice@example.com",
		})
	}
}

// customRouteFile replaces the default identity headers and sets accepted
// audiences and authorized parties.
func customRouteFile(issuer string, up *upstreams) string {
	return expandUpstreams(strings.NewReplacer("ISSUER", issuer).Replace(`version: 1
listen: LISTEN
issuer: ISSUER
audiences: [tandem-api, other-api]
authorized_parties: [web]
identity_headers:
  X-Auth-Sub: sub
  X-Auth-Groups: groups
  X-Auth-Tenant: org.tenant.id
  X-Auth-Level: org.level
  X-Auth-Verified: email_verified
routes:
  - name: api
    path: /
    upstream: UP(api)
    auth: required
  - name: opt
    path: /opt
    upstream: UP(opt)
    auth: optional
    headers:
      X_Auth_Deep: a.b.c.d
`), up)
}

// TestCustomIdentityHeaders: identity_headers replaces the default set;
// numbers, booleans, arrays and deep paths; audiences and azp.
func TestCustomIdentityHeaders(t *testing.T) {
	t.Parallel()
	idp := newIdP(t, false)
	up := newUpstreams(t)
	px := startProxy(t, customRouteFile(idp.issuer, up))
	s := &stack{idp: idp, up: up, px: px}

	c := idp.claimsFor(alice)
	c["aud"] = []string{"account", "tandem-api"}
	c["groups"] = []string{"/staff", "/ops"}
	c["org"] = map[string]any{"tenant": map[string]any{"id": "t-7"}, "level": 3}
	c["email_verified"] = true
	c["a"] = map[string]any{"b": map[string]any{"c": map[string]any{"d": "deep"}}}
	tok := sign(keyRSA, keyRSA.kid, c)

	r := px.send(t, req{Target: "/opt/x", Headers: [][2]string{bearer(tok),
		{"x_auth_sub", "spoof"}, {"X-AUTH-GROUPS", "spoof"}, {"x-auth_deep", "spoof"}}})
	if got, ok := s.forwarded(t, "custom headers", r); ok {
		wantHeaders(t, "custom headers", got.Header, map[string]string{
			"X-Auth-Sub": alice.sub, "X-Auth-Groups": "/staff,/ops", "X-Auth-Tenant": "t-7",
			"X-Auth-Level": "3", "X-Auth-Verified": "true", "X-Auth-Deep": "deep",
		}, "X-User-Id", "X-User-Name", "X-User-Roles")
	}

	// Spoofed custom headers never pass, even on the route that does not
	// inject X-Auth-Deep and on an anonymous request.
	r = px.send(t, req{Target: "/opt/x", Headers: [][2]string{{"X-AUTH-SUB", "spoof"}, {"x_auth_deep", "spoof"}, {"X-Auth-Level", "9"}}})
	if got, ok := s.forwarded(t, "anonymous with spoofed custom headers", r); ok {
		wantHeaders(t, "anonymous with spoofed custom headers", got.Header, nil, "X-Auth-Sub", "X-Auth-Deep", "X-Auth-Level")
	}
	r = px.send(t, req{Target: "/x", Headers: [][2]string{bearer(tok), {"X_AUTH_DEEP", "spoof"}}})
	if got, ok := s.forwarded(t, "route without X-Auth-Deep", r); ok {
		wantHeaders(t, "route without X-Auth-Deep", got.Header, map[string]string{"X-Auth-Sub": alice.sub}, "X-Auth-Deep")
	}

	// Accepted audiences and authorized parties.
	for _, tc := range []struct {
		name string
		mod  func(claims)
		want int
	}{
		{"aud string accepted", func(c claims) { c["aud"] = "other-api" }, 200},
		{"aud list with one accepted", func(c claims) { c["aud"] = []string{"x", "tandem-api"} }, 200},
		{"aud not accepted", func(c claims) { c["aud"] = "account" }, 401},
		{"aud missing", func(c claims) { delete(c, "aud") }, 401},
		{"azp not accepted", func(c claims) { c["aud"] = "tandem-api"; c["azp"] = "evil" }, 401},
		{"azp missing", func(c claims) { c["aud"] = "tandem-api"; delete(c, "azp") }, 401},
	} {
		c := idp.claimsFor(alice)
		tc.mod(c)
		r := px.get(t, "/x", bearer(sign(keyRSA, keyRSA.kid, c)))
		if r.Status != tc.want {
			t.Errorf("%s: got %s, want %d", tc.name, r, tc.want)
		} else if tc.want == 401 {
			checkInvalidToken(t, tc.name, r)
		}
	}
}

// spoofHeaders are identity headers a client tries to smuggle in, in every
// spelling the contract names plus the custom names of mainRouteFile.
var spoofHeaders = [][2]string{
	{"X-User-Id", "spoof-1"},
	{"x-user-id", "spoof-2"},
	{"X_User_Id", "spoof-3"},
	{"X-USER-ID", "spoof-4"},
	{"x-User_id", "spoof-5"},
	{"x_user_roles", "admin"},
	{"X-User-Roles", "admin"},
	{"X-USER_NAME", "spoof"},
	{"x-user-email", "spoof@evil.test"},
	{"x_tenant", "spoof"},
	{"X-TENANT", "spoof"},
	{"x-client_roles", "superuser"},
	{"X_ORG_NAME", "spoof"},
}

var spoofNames = []string{"X-User-Id", "X-User-Roles", "X-User-Name", "X-User-Email", "X-Tenant", "X-Client-Roles", "X-Org-Name"}

// TestAntiSpoofing: on every mode and route, no client-sent identity header
// reaches the upstream; the only values it sees are the proxy's, from the
// token.
func TestAntiSpoofing(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	aliceTok := s.idp.token(alice)
	bobTok := s.idp.token(bob)
	for _, c := range []struct {
		name, target, token string
		injected            map[string]string // what the upstream must see; every other spoofName absent
	}{
		{"public, no token", "/api/public/x", "", nil},
		{"public, alice's token", "/api/public/x", aliceTok, nil},
		{"optional, anonymous", "/api/feed/x", "", nil},
		{"optional, alice", "/api/feed/x", aliceTok, map[string]string{
			"X-User-Id": alice.sub, "X-User-Roles": "user,admin", "X-User-Name": "alice",
			"X-User-Email": alice.email, "X-Tenant": "t-42", "X-Client-Roles": "editor,viewer"}},
		{"optional, bob (no email, tenant, client roles)", "/api/feed/x", bobTok, map[string]string{
			"X-User-Id": bob.sub, "X-User-Roles": "user", "X-User-Name": "bob", "X-User-Email": bob.email}},
		{"required, bob", "/api/me", bobTok, map[string]string{
			"X-User-Id": bob.sub, "X-User-Roles": "user", "X-User-Name": "bob", "X-User-Email": bob.email}},
		{"required with roles, alice", "/api/admin", aliceTok, map[string]string{
			"X-User-Id": alice.sub, "X-User-Roles": "user,admin", "X-User-Name": "alice", "X-User-Email": alice.email}},
		{"required, override route", "/api/whoami", aliceTok, map[string]string{
			"X-User-Id": "alice", "X-User-Roles": "user,admin", "X-User-Name": "alice",
			"X-User-Email": alice.email, "X-Org-Name": "Acme"}},
		{"strip_prefix public", "/api/strip/x", aliceTok, nil},
	} {
		headers := slices.Clone(spoofHeaders)
		if c.token != "" {
			headers = append(headers, bearer(c.token))
		}
		r := s.px.send(t, req{Target: c.target, Headers: headers})
		got, ok := s.forwarded200(t, c.name, r)
		if !ok {
			continue
		}
		var absent []string
		for _, n := range spoofNames {
			if _, ok := c.injected[n]; !ok {
				absent = append(absent, n)
			}
		}
		wantHeaders(t, c.name, got.Header, c.injected, absent...)
	}

	// Refused requests are never forwarded at all, spoofed headers or not.
	for _, target := range []string{"/api/me", "/api/nowhere", "/api/admin"} {
		headers := slices.Clone(spoofHeaders)
		if target == "/api/admin" {
			headers = append(headers, bearer(bobTok))
		}
		r := s.px.send(t, req{Target: target, Headers: headers})
		if r.Status == 200 {
			t.Errorf("%s with spoofed headers: got %s, want a refusal", target, r)
		}
		s.notForwarded(t, target+" with spoofed headers", r)
	}
}

// TestAntiSpoofingTrailers: identity headers sent as request trailers
// after a chunked body must not reach the upstream either.
func TestAntiSpoofingTrailers(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	for _, c := range []struct{ name, target, token string }{
		{"optional, anonymous", "/api/feed/x", ""},
		{"required, bob", "/api/me", s.idp.token(bob)},
	} {
		var headers [][2]string
		if c.token != "" {
			headers = append(headers, bearer(c.token))
		}
		r := s.px.send(t, req{Method: "POST", Target: c.target, Headers: headers, Body: "payload", Chunked: true,
			Trailer: [][2]string{{"X-User-Id", "spoof"}, {"X-User-Roles", "admin"}, {"X-Checksum", "abc"}}})
		got, ok := s.forwarded200(t, c.name, r)
		if !ok {
			continue
		}
		if got.Body != "payload" {
			t.Errorf("%s: upstream body %q, want %q", c.name, got.Body, "payload")
		}
		if got.Trailer.Get("X-Checksum") != "abc" {
			// Not a contract requirement; without trailer values reaching
			// the upstream the spoofing check below proves little, so say so.
			t.Logf("%s: the upstream received no trailer values (%v)", c.name, got.Trailer)
		}
		for _, n := range []string{"X-User-Id", "X-User-Roles"} {
			for _, v := range append(headerValues(got.Trailer, n), headerValues(got.Header, n)...) {
				if v == "spoof" || v == "admin" {
					t.Errorf("%s: upstream received the client's %s %q (header or trailer)", c.name, n, v)
				}
			}
		}
	}
}

// TestIdentityHeadersSurviveConnectionHeader: a client that names identity
// headers in its Connection header must not be able to remove the headers
// the proxy injects (hop-by-hop handling runs on the client's request, the
// injected identity is the proxy's own).
func TestIdentityHeadersSurviveConnectionHeader(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	r := s.px.send(t, req{Target: "/api/me", Headers: [][2]string{
		bearer(s.idp.token(alice)),
		{"Connection", "close, X-User-Id, X-User-Roles, X-Request-Id"},
	}})
	if r.Status != 200 {
		t.Fatalf("got %s, want 200", r)
	}
	if got, ok := s.forwarded(t, "Connection: X-User-Id", r); ok {
		wantHeaders(t, "Connection: X-User-Id, X-User-Roles", got.Header,
			map[string]string{"X-User-Id": alice.sub, "X-User-Roles": "user,admin"})
		// docs/proxy.md: the upstream receives the request id.
		if id := got.Header.Get("X-Request-Id"); id != r.Header.Get("X-Request-Id") {
			t.Errorf("Connection: X-Request-Id: upstream X-Request-Id %q, response has %q", id, r.Header.Get("X-Request-Id"))
		}
	}
}
