package contract

import (
	"strings"
	"testing"
	"time"
)

// credential is what a client puts in front of a request.
type credential struct {
	name    string
	headers [][2]string
	kind    string // "none", "invalid" or "valid"
}

// credentials covers every way a token can be absent, bad or good.
func credentials(p *fakeIdP) []credential {
	now := time.Now()
	valid := func(mod func(claims)) claims {
		c := p.claimsFor(alice)
		if mod != nil {
			mod(c)
		}
		return c
	}
	tok := func(c claims) [][2]string { return [][2]string{bearer(sign(keyRSA, keyRSA.kid, c))} }
	auth := func(v string) [][2]string { return [][2]string{{"Authorization", v}} }
	good := p.token(alice)
	flipped := good[:len(good)-6] + strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, good[len(good)-6:])

	return []credential{
		{name: "no Authorization header", kind: "none"},
		{name: "token only in the query string", kind: "none"}, // target gets ?access_token=
		{name: "valid RS256", headers: [][2]string{bearer(p.token(alice))}, kind: "valid"},
		{name: "valid ES256", headers: [][2]string{bearer(sign(keyEC, keyEC.kid, valid(nil)))}, kind: "valid"},
		{name: "valid, scheme lower-case bearer", headers: auth("bearer " + p.token(alice)), kind: "valid"},
		{name: "valid, scheme BEARER", headers: auth("BEARER " + p.token(alice)), kind: "valid"},
		{name: "bad signature (altered bytes)", headers: auth("Bearer " + flipped), kind: "invalid"},
		{name: "signed by another key under a known kid", headers: [][2]string{bearer(sign(keyEvil, keyRSA.kid, valid(nil)))}, kind: "invalid"},
		// docs/proxy.md: 5 s of leeway on exp and nbf (the design: "small").
		{name: "expired 2s ago (within the leeway)", headers: tok(valid(func(c claims) { c["exp"] = now.Add(-2 * time.Second).Unix() })), kind: "valid"},
		{name: "nbf 2s ahead (within the leeway)", headers: tok(valid(func(c claims) { c["nbf"] = now.Add(2 * time.Second).Unix() })), kind: "valid"},
		{name: "expired", headers: tok(valid(func(c claims) { c["exp"] = now.Add(-10 * time.Minute).Unix() })), kind: "invalid"},
		{name: "wrong iss", headers: tok(valid(func(c claims) { c["iss"] = "http://127.0.0.1:1/realms/other" })), kind: "invalid"},
		{name: "iss with trailing slash", headers: tok(valid(func(c claims) { c["iss"] = p.issuer + "/" })), kind: "invalid"},
		{name: "missing exp", headers: tok(valid(func(c claims) { delete(c, "exp") })), kind: "invalid"},
		{name: "exp as a string", headers: tok(valid(func(c claims) { c["exp"] = "9999999999" })), kind: "invalid"},
		{name: "nbf in the future", headers: tok(valid(func(c claims) { c["nbf"] = now.Add(10 * time.Minute).Unix() })), kind: "invalid"},
		{name: "alg none", headers: auth("Bearer " + unsigned(valid(nil))), kind: "invalid"},
		{name: "HS256 keyed with the public key", headers: auth("Bearer " + hs256WithPublicKey(keyRSA, valid(nil))), kind: "invalid"},
		{name: "RS256 token naming the EC key's kid", headers: [][2]string{bearer(sign(keyRSA, keyEC.kid, valid(nil)))}, kind: "invalid"},
		{name: "ES256 token naming the RSA key's kid", headers: [][2]string{bearer(sign(keyEC, keyRSA.kid, valid(nil)))}, kind: "invalid"},
		{name: "embedded jwk header", headers: auth("Bearer " + withEmbeddedJWK(valid(nil))), kind: "invalid"},
		{name: "unknown kid", headers: [][2]string{bearer(sign(keyEvil, "kid-nobody-knows", valid(nil)))}, kind: "invalid"},
		{name: "malformed token", headers: auth("Bearer not-a-jwt"), kind: "invalid"},
		{name: "malformed three parts", headers: auth("Bearer aaa.bbb.ccc"), kind: "invalid"},
		{name: "Basic scheme", headers: auth("Basic YWxpY2U6YWxpY2U="), kind: "invalid"},
		{name: "Bearer without a token", headers: auth("Bearer"), kind: "invalid"},
		{name: "empty Authorization header", headers: auth(""), kind: "invalid"},
		{name: "Bearer, token and extra words", headers: auth("Bearer " + p.token(alice) + " extra"), kind: "invalid"},
		{name: "Bearer and spaces only", headers: auth("Bearer    "), kind: "invalid"},
		{name: "two Authorization headers", headers: [][2]string{bearer(p.token(alice)), bearer(p.token(alice))}, kind: "invalid"},
	}
}

// TestAuthModes runs every credential against a public, an optional and a
// required route and checks the contract's table.
func TestAuthModes(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	type check struct {
		what, mode, route, want string
		r                       resp
	}
	var logged []check
	for _, c := range credentials(s.idp) {
		for _, route := range []struct{ mode, name, target string }{
			{"public", "public", "/api/public/x"},
			{"optional", "feed", "/api/feed/x"},
			{"required", "me", "/api/me"},
		} {
			what := route.mode + " route, " + c.name
			target := route.target
			if c.name == "token only in the query string" {
				target += "?access_token=" + s.idp.token(alice)
			}
			r := s.px.send(t, req{Target: target, Headers: c.headers})
			outcome := expectedOutcome(route.mode, c.kind)
			switch outcome {
			case "forward-anonymous", "forward-identity":
				got, ok := s.forwarded200(t, what, r)
				if !ok {
					continue
				}
				if got.Upstream != route.name {
					t.Errorf("%s: reached upstream %q, want %q", what, got.Upstream, route.name)
				}
				id := headerValues(got.Header, "X-User-Id")
				if outcome == "forward-identity" {
					if len(id) != 1 || id[0] != alice.sub {
						t.Errorf("%s: upstream X-User-Id %q, want [%q]", what, id, alice.sub)
					}
				} else if len(id) != 0 || len(headerValues(got.Header, "X-User-Roles")) != 0 {
					t.Errorf("%s: upstream received identity headers %v, want none", what, got.Header)
				}
				wantDecision := "allowed"
				if route.mode == "optional" && c.kind == "none" {
					wantDecision = "anonymous"
				}
				logged = append(logged, check{what, route.mode, route.name, wantDecision, r})
			case "401-missing":
				checkMissingToken(t, what, r)
				s.notForwarded(t, what, r)
				logged = append(logged, check{what, route.mode, route.name, "unauthorized", r})
			case "401-invalid":
				checkInvalidToken(t, what, r)
				s.notForwarded(t, what, r)
				logged = append(logged, check{what, route.mode, route.name, "unauthorized", r})
			}
		}
	}
	for _, c := range logged {
		rec, ok := s.px.record(c.r.Header.Get("X-Request-Id"))
		if !ok {
			t.Errorf("%s: no request log record for request id %q", c.what, c.r.Header.Get("X-Request-Id"))
			continue
		}
		if rec["decision"] != c.want || rec["mode"] != c.mode || rec["route"] != c.route {
			t.Errorf("%s: log has decision=%v mode=%v route=%v, want %s %s %s", c.what, rec["decision"], rec["mode"], rec["route"], c.want, c.mode, c.route)
		}
		if c.want == "unauthorized" && rec["reason"] == "" {
			t.Errorf("%s: log record gives no reason for the 401: %v", c.what, rec)
		}
	}
}

// expectedOutcome is the contract's auth-mode table.
func expectedOutcome(mode, kind string) string {
	switch {
	case mode == "public":
		return "forward-anonymous" // token ignored, no identity headers
	case kind == "valid":
		return "forward-identity"
	case kind == "invalid":
		return "401-invalid"
	case mode == "optional":
		return "forward-anonymous"
	default:
		return "401-missing"
	}
}

// refused401 wants r to be a 401 with the JSON error body, and reports
// whether it is a 401 at all.
func refused401(t *testing.T, what string, r resp) bool {
	t.Helper()
	if r.Status != 401 {
		t.Errorf("%s: got %s, want 401", what, r)
		return false
	}
	errorOf(t, what, r)
	return true
}

// checkMissingToken: 401, error body, `WWW-Authenticate: Bearer realm="tandem"`.
func checkMissingToken(t *testing.T, what string, r resp) {
	t.Helper()
	if !refused401(t, what, r) {
		return
	}
	if got := r.Header.Values("WWW-Authenticate"); len(got) != 1 || got[0] != `Bearer realm="tandem"` {
		t.Errorf(`%s: WWW-Authenticate %q, want exactly [Bearer realm="tandem"]`, what, got)
	}
}

// checkInvalidToken: 401, error body, RFC 6750 invalid_token challenge.
func checkInvalidToken(t *testing.T, what string, r resp) {
	t.Helper()
	if !refused401(t, what, r) {
		return
	}
	h := r.Header.Values("WWW-Authenticate")
	if len(h) != 1 {
		t.Errorf("%s: WWW-Authenticate %q, want one challenge", what, h)
		return
	}
	scheme, params, ok := authParams(h[0])
	if !ok || scheme != "Bearer" || params["realm"] != "tandem" || params["error"] != "invalid_token" || params["error_description"] == "" {
		t.Errorf(`%s: WWW-Authenticate %q, want Bearer realm="tandem", error="invalid_token", error_description="..."`, what, h[0])
	}
	if !strings.HasPrefix(h[0], `Bearer realm="tandem", error="invalid_token", error_description="`) {
		t.Errorf("%s: WWW-Authenticate %q does not follow the contract's form", what, h[0])
	}
}

// TestRolesForbidden: a valid token without the route's roles gets 403
// naming the roles; client roles are "client:role" and only come from
// resource_access.<client>.roles.
func TestRolesForbidden(t *testing.T) {
	t.Parallel()
	s := newMainStack(t)
	superuser := user{sub: "sub-su", name: "su", realmRoles: []string{"user"}, clientRoles: map[string][]string{"web": {"superuser"}}}
	realmEditor := user{sub: "sub-re", name: "realm role editor", realmRoles: []string{"editor"}}
	// A realm role whose name happens to contain a colon is still a realm
	// role: "web:editor" in a route means the client role editor of web.
	realmColon := user{sub: "sub-rc", name: "realm role named web:editor", realmRoles: []string{"web:editor"}}
	otherClient := user{sub: "sub-oc", name: "oc", clientRoles: map[string][]string{"other": {"editor"}}}
	noRoles := user{sub: "sub-none", name: "none"}
	expiredAlice := alice
	expiredAlice.name = "expired alice"
	expiredAlice.extra = claims{"exp": time.Now().Add(-time.Hour).Unix()}
	var logs logChecks

	for _, c := range []struct {
		who    user
		target string
		want   int
	}{
		{alice, "/api/admin", 200},
		{superuser, "/api/admin", 200},
		{bob, "/api/admin", 403},
		{noRoles, "/api/admin", 403},
		{alice, "/api/editor", 200},
		{expiredAlice, "/api/admin", 401}, // an invalid token is a 401 before roles are looked at
		{bob, "/api/editor", 403},
		{realmEditor, "/api/editor", 403},
		{realmColon, "/api/editor", 403},
		{otherClient, "/api/editor", 403},
	} {
		what := c.who.name + " on " + c.target
		r := s.px.get(t, c.target, bearer(s.idp.token(c.who)))
		if r.Status != c.want {
			t.Errorf("%s: got %s, want %d", what, r, c.want)
			continue
		}
		if c.want == 200 {
			s.forwarded(t, what, r)
			continue
		}
		if c.want == 401 {
			checkInvalidToken(t, what, r)
			s.notForwarded(t, what, r)
			continue
		}
		s.notForwarded(t, what, r)
		eb := errorOf(t, what, r)
		roles := []string{"admin", "web:superuser"}
		if c.target == "/api/editor" {
			roles = []string{"web:editor"}
		}
		for _, role := range roles {
			if !strings.Contains(eb.Message, role) {
				t.Errorf("%s: 403 message %q does not name role %q", what, eb.Message, role)
			}
		}
		sub := c.who.sub
		logs.add(r, func(rec map[string]any, ok bool) {
			if !ok || rec["decision"] != "forbidden" || rec["subject"] != sub || rec["status"] != float64(403) {
				t.Errorf("%s: log record %v, want decision forbidden, subject %q, status 403", what, rec, sub)
			}
		})
	}
	logs.run(s.px)
}
