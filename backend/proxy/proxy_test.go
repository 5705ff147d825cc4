package proxy

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

func TestInvalidTokensAreRefusedOnRequiredAndOptionalRoutes(t *testing.T) {
	e := newEnv(t)
	other := newRSASigner(t, "k1") // same kid, different key: forged signature
	unknown := newRSASigner(t, "k-unknown")
	noExp := e.claims("alice", "user")
	delete(noExp, "exp")
	expired := e.claims("alice", "user")
	expired["exp"] = e.clock.Now().Add(-time.Minute).Unix()
	future := e.claims("alice", "user")
	future["nbf"] = e.clock.Now().Add(time.Hour).Unix()
	wrongIss := e.claims("alice", "user")
	wrongIss["iss"] = "http://evil.example/realms/demo"
	tok := e.token("alice", "user")
	parts := strings.Split(tok, ".")

	cases := []struct {
		name, auth, reason string
	}{
		{"bad signature", "Bearer " + other.sign(t, e.claims("alice", "user")), "signature"},
		{"alg none", "Bearer " + unsignedToken("k1", e.claims("alice", "user")), "algorithm"},
		{"HS256 keyed with the public key", "Bearer " + e.key.hmacWithPublicKey(t, e.claims("alice", "user")), "algorithm"},
		{"unknown kid", "Bearer " + unknown.sign(t, e.claims("alice", "user")), "unknown key"},
		{"wrong issuer", "Bearer " + e.key.sign(t, wrongIss), "issuer"},
		{"expired", "Bearer " + e.key.sign(t, expired), "expired"},
		{"nbf in the future", "Bearer " + e.key.sign(t, future), "not valid yet"},
		{"missing exp", "Bearer " + e.key.sign(t, noExp), "no exp"},
		{"malformed", "Bearer not-a-jwt", "malformed"},
		{"tampered payload", "Bearer " + parts[0] + "." + parts[1] + "x." + parts[2], ""},
		{"basic scheme", "Basic YWxpY2U6YWxpY2U=", "Bearer"},
		{"token scheme", "Token " + tok, "Bearer"},
		{"empty bearer", "Bearer ", "Bearer"},
		{"bare bearer", "Bearer", "Bearer"},
		{"two tokens", "Bearer " + tok + " " + tok, "Bearer"},
	}
	for _, path := range []string{"/api/req", "/api/opt"} {
		for _, c := range cases {
			t.Run(path+"/"+c.name, func(t *testing.T) {
				before := e.up.hits.Load()
				r := e.do("GET", path, map[string]string{"Authorization": c.auth, "X-User-Id": "spoofed"})
				if r.status != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401; body %s", r.status, r.body)
				}
				www := r.header.Get("WWW-Authenticate")
				if !strings.HasPrefix(www, `Bearer realm="tandem", error="invalid_token", error_description="`) {
					t.Errorf("WWW-Authenticate = %q", www)
				}
				if c.reason != "" && !strings.Contains(strings.ToLower(www), strings.ToLower(c.reason)) {
					t.Errorf("WWW-Authenticate %q does not explain %q", www, c.reason)
				}
				if r.err.Error != "invalid_token" || r.err.RequestID == "" || r.err.RequestID != r.header.Get("X-Request-Id") {
					t.Errorf("error body %s, X-Request-Id %q", r.body, r.header.Get("X-Request-Id"))
				}
				if e.up.hits.Load() != before {
					t.Errorf("the upstream was reached")
				}
			})
		}
	}
}

func TestMissingToken(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/req", nil)
	if r.status != 401 || r.header.Get("WWW-Authenticate") != `Bearer realm="tandem"` || r.err.Error != "unauthorized" {
		t.Fatalf("required without token: %d %q %s", r.status, r.header.Get("WWW-Authenticate"), r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	r = e.do("GET", "/api/opt", nil)
	if r.status != 200 || r.echo.Path != "/api/opt" {
		t.Fatalf("optional without token: %d %s", r.status, r.body)
	}
	if rec := waitRecord(t, e, 2); rec.Decision != DecisionAnonymous || rec.Route != "opt" || rec.Mode != "optional" {
		t.Errorf("record %+v", rec)
	}
}

func TestValidTokenForwardsIdentityHeaders(t *testing.T) {
	e := newEnv(t)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		r := e.do("GET", "/api/req/x?q=1", map[string]string{"Authorization": scheme + " " + e.token("alice-sub", "user", "admin")})
		if r.status != 200 {
			t.Fatalf("%s: status %d %s", scheme, r.status, r.body)
		}
		h := r.echo.Headers
		if h["X-User-Id"] != "alice-sub" || h["X-User-Name"] != "alice-sub-name" || h["X-User-Email"] != "alice-sub@example.com" || h["X-User-Roles"] != "user,admin" {
			t.Errorf("%s: identity headers %v", scheme, h)
		}
		if r.echo.Path != "/api/req/x" || r.echo.Query != "q=1" {
			t.Errorf("path %q query %q", r.echo.Path, r.echo.Query)
		}
		if id := r.header.Get("X-Request-Id"); id == "" || h["X-Request-Id"] != id {
			t.Errorf("request id: response %q, upstream %q", id, h["X-Request-Id"])
		}
	}
	rec := waitRecord(t, e, 4)
	if rec.Decision != DecisionAllowed || rec.Subject != "alice-sub" || rec.Status != 200 || rec.Route != "req" {
		t.Errorf("record %+v", rec)
	}
}

func TestRouteHeadersOverrideAndFormatClaims(t *testing.T) {
	e := newEnv(t)
	c := e.claims("alice-sub", "user")
	c["resource_access"] = map[string]any{"web": map[string]any{"roles": []any{"editor", "viewer"}}}
	r := e.do("GET", "/api/custom", bearer(e.key.sign(t, c)))
	h := r.echo.Headers
	if r.status != 200 || h["X-User-Id"] != "alice-sub-name" || h["X-Email-Verified"] != "true" || h["X-Web-Roles"] != "editor,viewer" {
		t.Fatalf("status %d headers %v", r.status, h)
	}
	// A claim the token lacks leaves its header out.
	r = e.do("GET", "/api/custom", bearer(e.token("bob")))
	if _, ok := r.echo.Headers["X-Web-Roles"]; ok || r.echo.Headers["X-User-Roles"] != "" {
		t.Errorf("headers for a token without those claims: %v", r.echo.Headers)
	}
}

func TestSpoofedIdentityHeadersNeverReachTheUpstream(t *testing.T) {
	e := newEnv(t)
	spoofs := map[string]string{
		"x-user-id":    "evil",
		"X_User_Name":  "evil",
		"X-USER-EMAIL": "evil@example.com",
		"x_user_roles": "admin",
		"X-Web-Roles":  "editor", // a route-specific header is stripped on every route
	}
	cases := []struct {
		name, path, token string
		want              map[string]string
	}{
		{"required with token", "/api/req", e.token("alice-sub", "user"), map[string]string{
			"X-User-Id": "alice-sub", "X-User-Name": "alice-sub-name", "X-User-Email": "alice-sub@example.com", "X-User-Roles": "user"}},
		{"optional with token", "/api/opt", e.token("alice-sub"), map[string]string{
			"X-User-Id": "alice-sub", "X-User-Name": "alice-sub-name", "X-User-Email": "alice-sub@example.com"}},
		{"optional anonymous", "/api/opt", "", nil},
		{"public with token", "/api/pub", e.token("alice-sub"), nil},
		{"public anonymous", "/api/pub", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := map[string]string{}
			for k, v := range spoofs {
				h[k] = v
			}
			if c.token != "" {
				h["Authorization"] = "Bearer " + c.token
			}
			// Both through the Go client and raw on the wire (keeps "_" names as sent).
			for _, r := range []result{e.do("GET", c.path, h), e.raw("GET", c.path, h)} {
				if r.status != 200 {
					t.Fatalf("status %d %s", r.status, r.body)
				}
				for name, v := range r.echo.Headers {
					norm := routes.NormalizeHeaderName(name)
					if strings.HasPrefix(norm, "x-user-") || norm == "x-web-roles" {
						if want, ok := c.want[name]; !ok || want != v {
							t.Errorf("upstream received %s: %q", name, v)
						}
					}
				}
				for name, v := range c.want {
					if r.echo.Headers[name] != v {
						t.Errorf("upstream %s = %q, want %q", name, r.echo.Headers[name], v)
					}
				}
			}
		})
	}
}

func TestRoles(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/admin", bearer(e.token("bob", "user")))
	if r.status != 403 || r.err.Error != "forbidden" || !strings.Contains(r.err.Message, "admin") || strings.Join(r.err.RequiredRoles, ",") != "admin" {
		t.Fatalf("bob on admin: %d %s", r.status, r.body)
	}
	if rec := waitRecord(t, e, 1); rec.Decision != DecisionForbidden || rec.Subject != "bob" || !strings.Contains(rec.Reason, "admin") {
		t.Errorf("record %+v", rec)
	}
	if r := e.do("GET", "/api/admin", bearer(e.token("alice", "user", "admin"))); r.status != 200 {
		t.Fatalf("alice on admin: %d %s", r.status, r.body)
	}
	c := e.claims("carol", "user")
	c["resource_access"] = map[string]any{"web": map[string]any{"roles": []any{"editor"}}}
	if r := e.do("GET", "/api/client", bearer(e.key.sign(t, c))); r.status != 200 {
		t.Fatalf("client role: %d %s", r.status, r.body)
	}
	c["resource_access"] = map[string]any{"other": map[string]any{"roles": []any{"editor"}}}
	if r := e.do("GET", "/api/client", bearer(e.key.sign(t, c))); r.status != 403 || !strings.Contains(r.err.Message, "web:editor") {
		t.Fatalf("role of another client: %d %s", r.status, r.body)
	}
}

func TestPathTraversalIsNormalisedOrRefused(t *testing.T) {
	e := newEnv(t)
	reach := []struct{ target, want string }{
		{"/api/pub/a/../b", "/api/pub/b"},
		{"/api/pub//b", "/api/pub/b"},
		{"/api/pub/./b", "/api/pub/b"},
		{"/api/pub/%2e/b", "/api/pub/b"},
		{"/api/pub/x/%2e%2e/b", "/api/pub/b"},
		{"/api/pub%2Fb", "/api/pub/b"},
		{"/x/../api/pub/c", "/api/pub/c"},
	}
	for _, c := range reach {
		r := e.raw("GET", c.target, nil)
		if r.status != 200 || r.echo.Path != c.want {
			t.Errorf("%s: status %d upstream path %q, want %q", c.target, r.status, r.echo.Path, c.want)
		}
	}
	// Climbing out of a public route lands on the required admin route.
	escapes := []string{
		"/api/pub/../admin",
		"/api/pub/%2e%2e/admin",
		"/api/pub/%2E%2E/admin",
		"/api/pub/.%2e/admin",
		"/api/pub%2f..%2fadmin",
		"/api/pub/..%2fadmin",
	}
	e.refusesRaw(t, 401, "", escapes...)
	refused := []string{
		"/api/pub/..;/admin",
		"/api/pub/..;x=y/admin",
		"/api/pub/%2e%2e;/admin",
		"/api/pub/%252e%252e/admin",
		"/api/pub%252fadmin",
		`/api/pub\..\admin`,
		"/api/pub%5c..%5cadmin",
		"/api/pub/%255c",
		"/api/pub/%00",
	}
	e.refusesRaw(t, 400, "bad_request", refused...)
	if rec := waitRecord(t, e, len(reach)+len(escapes)+len(refused)); rec.Decision != DecisionBadRequest {
		t.Errorf("record %+v", rec)
	}
}

func TestNoRouteAndMethodMismatch(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/nothing", "/api/feedback", "/api/off", "/api/reqx"} {
		r := e.do("GET", p, nil)
		if r.status != 404 || r.err.Error != "no_route" {
			t.Errorf("%s: %d %s", p, r.status, r.body)
		}
	}
	r := e.do("GET", "/api/post", nil)
	if r.status != 405 || r.header.Get("Allow") != "POST, PUT" || r.err.Error != "method_not_allowed" {
		t.Errorf("GET on a POST route: %d Allow %q %s", r.status, r.header.Get("Allow"), r.body)
	}
	if r := e.do("POST", "/api/post", nil); r.status != 200 {
		t.Errorf("POST: %d", r.status)
	}
	if e.up.hits.Load() != 1 {
		t.Errorf("upstream hits %d, want 1", e.up.hits.Load())
	}
	if rec := waitRecord(t, e, 6); rec.Decision != DecisionAnonymous {
		t.Errorf("record %+v", rec)
	}
	if rec := e.records()[4]; rec.Decision != DecisionNoRoute || rec.Status != 405 {
		t.Errorf("405 record %+v", rec)
	}
}

func TestUpstreamDownIs502(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/down", nil)
	if r.status != 502 || r.err.Error != "bad_gateway" || r.err.RequestID == "" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if rec := waitRecord(t, e, 1); rec.Decision != DecisionUpstreamError || rec.Status != 502 || rec.Reason == "" {
		t.Errorf("record %+v", rec)
	}
}

func TestStripPrefix(t *testing.T) {
	e := newEnv(t)
	if r := e.do("GET", "/api/strip/a/b", nil); r.status != 200 || r.echo.Path != "/base/a/b" {
		t.Errorf("%d %q", r.status, r.echo.Path)
	}
	if r := e.do("GET", "/api/strip", nil); r.status != 200 || r.echo.Path != "/base/" {
		t.Errorf("%d %q", r.status, r.echo.Path)
	}
}

func TestAudienceAndAuthorizedParty(t *testing.T) {
	e := newEnv(t, func(c *routes.Config, _ *Options) {
		c.Audiences = []string{"api", "account"}
		c.AuthorizedParties = []string{"web"}
	})
	if r := e.do("GET", "/api/req", bearer(e.token("alice"))); r.status != 200 {
		t.Fatalf("accepted aud/azp: %d %s", r.status, r.body)
	}
	c := e.claims("alice")
	c["aud"] = []any{"other"}
	if r := e.do("GET", "/api/req", bearer(e.key.sign(t, c))); r.status != 401 || !strings.Contains(r.err.Message, "audience") {
		t.Errorf("wrong aud: %d %s", r.status, r.body)
	}
	c = e.claims("alice")
	c["azp"] = "cli"
	if r := e.do("GET", "/api/req", bearer(e.key.sign(t, c))); r.status != 401 || !strings.Contains(r.err.Message, "authorized party") {
		t.Errorf("wrong azp: %d %s", r.status, r.body)
	}
}

func TestCachedTokenExpires(t *testing.T) {
	e := newEnv(t)
	c := e.claims("alice")
	c["exp"] = e.clock.Now().Add(time.Minute).Unix()
	tok := e.key.sign(t, c)
	if r := e.do("GET", "/api/req", bearer(tok)); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	e.clock.Advance(2 * time.Minute)
	if r := e.do("GET", "/api/req", bearer(tok)); r.status != 401 || !strings.Contains(r.err.Message, "expired") {
		t.Fatalf("after expiry: %d %s", r.status, r.body)
	}
}

func TestECDSAKeys(t *testing.T) {
	e := newEnv(t)
	ec := newECSigner(t, "ec1")
	e.idp.setSigners(e.key, ec)
	e.clock.Advance(DefaultJWKSCooldown)
	if r := e.do("GET", "/api/req", bearer(ec.sign(t, e.claims("alice")))); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestNewRejectsInvalidConfig(t *testing.T) {
	_, err := New(routes.Config{Version: 1, Routes: []routes.Route{
		{Name: "a", Path: "/a", Upstream: "http://u", Auth: routes.AuthRequired},
		{Name: "a", Path: "/b", Upstream: "ftp://u", Auth: "maybe"},
	}}, Options{})
	var ve *routes.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) < 4 {
		t.Fatalf("New = %v", err)
	}
}

// waitRecord waits until n requests were logged and returns the n-th one.
// Records are written after the response, so the client can be ahead.
func waitRecord(t *testing.T, e *env, n int) Record {
	t.Helper()
	return e.nth(t, n)
}
