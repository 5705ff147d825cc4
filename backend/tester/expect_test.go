package tester

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

var defaultMapping = HeaderMapping(nil, nil)

func route(mode routes.Auth, roles ...string) routes.Route {
	return routes.Route{Name: "r", Path: "/api", Upstream: "http://127.0.0.1:9", Auth: mode, Roles: roles}
}

// The contract table of DESIGN.md, row by row.
func TestExpectFollowsTheContractTable(t *testing.T) {
	alice := []string{"user", "admin"}
	bob := []string{"user"}
	cases := []struct {
		name      string
		route     routes.Route
		state     TokenState
		held      []string
		outcome   Outcome
		status    int
		identity  bool
		challenge string
	}{
		{"required, no token", route(routes.AuthRequired), TokenNone, nil, OutcomeUnauthorized, 401, false, "bearer"},
		{"required, invalid", route(routes.AuthRequired), TokenInvalid, nil, OutcomeUnauthorized, 401, false, "invalid_token"},
		{"required no roles, valid", route(routes.AuthRequired), TokenValid, bob, OutcomeForwarded, 0, true, ""},
		{"required admin, holder", route(routes.AuthRequired, "admin"), TokenValid, alice, OutcomeForwarded, 0, true, ""},
		{"required admin, lacking", route(routes.AuthRequired, "admin"), TokenValid, bob, OutcomeForbidden, 403, false, ""},
		{"required any-of, second held", route(routes.AuthRequired, "ops", "user"), TokenValid, bob, OutcomeForwarded, 0, true, ""},
		{"required client role, held", route(routes.AuthRequired, "web:viewer"), TokenValid, []string{"web:viewer"}, OutcomeForwarded, 0, true, ""},
		{"required client role, realm role of the same name", route(routes.AuthRequired, "web:viewer"), TokenValid, []string{"viewer"}, OutcomeForbidden, 403, false, ""},
		{"empty mode means required", route(""), TokenNone, nil, OutcomeUnauthorized, 401, false, "bearer"},
		{"optional, no token", route(routes.AuthOptional), TokenNone, nil, OutcomeForwarded, 0, false, ""},
		{"optional, invalid: never downgraded", route(routes.AuthOptional), TokenInvalid, nil, OutcomeUnauthorized, 401, false, "invalid_token"},
		{"optional, valid", route(routes.AuthOptional), TokenValid, bob, OutcomeForwarded, 0, true, ""},
		{"public, no token", route(routes.AuthPublic), TokenNone, nil, OutcomeForwarded, 0, false, ""},
		{"public, invalid: ignored", route(routes.AuthPublic), TokenInvalid, nil, OutcomeForwarded, 0, false, ""},
		{"public, valid: ignored", route(routes.AuthPublic), TokenValid, alice, OutcomeForwarded, 0, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Expect(c.route, c.state, c.held, aliceClaims(), defaultMapping)
			if e.Outcome != c.outcome || e.Status != c.status || e.Identity != c.identity || e.Challenge != c.challenge {
				t.Errorf("got %+v; want outcome %s status %d identity %v challenge %q", e, c.outcome, c.status, c.identity, c.challenge)
			}
			if e.Promise == "" {
				t.Error("no promise sentence")
			}
			if !c.identity && len(e.Headers) > 0 {
				t.Errorf("headers expected without identity: %v", e.Headers)
			}
		})
	}
}

func TestExpectComputesIdentityHeadersFromClaims(t *testing.T) {
	claims := aliceClaims()
	delete(claims, "email")
	e := Expect(route(routes.AuthOptional), TokenValid, nil, claims, defaultMapping)
	want := map[string]string{"X-User-Id": "a1b2", "X-User-Name": "alice", "X-User-Roles": "user,admin"}
	if len(e.Headers) != len(want) {
		t.Fatalf("headers %v, want %v", e.Headers, want)
	}
	for k, v := range want {
		if e.Headers[k] != v {
			t.Errorf("%s = %q, want %q", k, e.Headers[k], v)
		}
	}
	if len(e.Absent) != 1 || e.Absent[0] != "X-User-Email" {
		t.Errorf("absent = %v, want [X-User-Email]", e.Absent)
	}
}

func TestHeaderMappingRouteOverridesFoldedNames(t *testing.T) {
	m := HeaderMapping(map[string]string{"X-User-Id": "sub"}, map[string]string{"x_user_id": "email", "X-Tenant": "tenant"})
	if len(m) != 2 || m["X-User-Id"] != "email" || m["X-Tenant"] != "tenant" {
		t.Errorf("mapping = %v", m)
	}
	if d := HeaderMapping(nil, nil); d["X-User-Id"] != "sub" || len(d) != 4 {
		t.Errorf("default mapping = %v", d)
	}
}

func TestOutcomeOfPrefersTheDecision(t *testing.T) {
	cases := []struct {
		obs  Observation
		want Outcome
	}{
		{Observation{Decision: "allowed", Status: 401}, OutcomeForwarded}, // the upstream itself answered 401
		{Observation{Decision: "anonymous", Status: 200}, OutcomeForwarded},
		{Observation{Decision: "unauthorized", Status: 401}, OutcomeUnauthorized},
		{Observation{Decision: "forbidden", Status: 403}, OutcomeForbidden},
		{Observation{Decision: "no-route", Status: 404}, OutcomeNoRoute},
		{Observation{Decision: "upstream-error", Status: 502}, OutcomeUpstreamError},
		{Observation{Status: 401}, OutcomeUnauthorized},
		{Observation{Status: 403}, OutcomeForbidden},
		{Observation{Status: 400}, OutcomeRejected},
		{Observation{Status: 502}, OutcomeUpstreamError},
		{Observation{Status: 200}, OutcomeForwarded},
	}
	for _, c := range cases {
		if got := OutcomeOf(c.obs); got != c.want {
			t.Errorf("OutcomeOf(%+v) = %s, want %s", c.obs, got, c.want)
		}
	}
}

func injectable() []string { return slices.Sorted(maps.Keys(defaultMapping)) }

func TestCheckPassesWhatTheContractPromises(t *testing.T) {
	// Required admin route, alice: forwarded with exactly her headers.
	e := Expect(route(routes.AuthRequired, "admin"), TokenValid, []string{"user", "admin"}, aliceClaims(), defaultMapping)
	obs := Observation{Status: 200, Decision: "allowed", UpstreamHeaders: http.Header{
		"X-User-Id": {"a1b2"}, "X-User-Name": {"alice"}, "X-User-Email": {"alice@example.com"}, "X-User-Roles": {"user,admin"},
		"Accept": {"*/*"},
	}}
	if s, _ := Check(e, obs, defaultMapping, injectable()); len(s) != 0 {
		t.Errorf("surprises: %v", s)
	}
	// Required, no token: 401 with a Bearer challenge.
	e = Expect(route(routes.AuthRequired), TokenNone, nil, nil, defaultMapping)
	obs = Observation{Status: 401, Decision: "unauthorized", Challenge: `Bearer realm="tandem"`}
	if s, _ := Check(e, obs, defaultMapping, injectable()); len(s) != 0 {
		t.Errorf("surprises: %v", s)
	}
	// Optional, bad token: 401 invalid_token.
	e = Expect(route(routes.AuthOptional), TokenInvalid, nil, nil, defaultMapping)
	obs = Observation{Status: 401, Decision: "unauthorized", Challenge: `Bearer realm="tandem", error="invalid_token", error_description="bad signature"`}
	if s, _ := Check(e, obs, defaultMapping, injectable()); len(s) != 0 {
		t.Errorf("surprises: %v", s)
	}
}

func hasSurprise(t *testing.T, surprises []string, fragment string) {
	t.Helper()
	for _, s := range surprises {
		if strings.Contains(s, fragment) {
			return
		}
	}
	t.Errorf("no surprise containing %q in %v", fragment, surprises)
}

func TestCheckFlagsEveryBreach(t *testing.T) {
	spoofed := SpoofedHeaders(injectable())
	anonOptional := Expect(route(routes.AuthOptional), TokenNone, nil, nil, defaultMapping)

	t.Run("optional downgrades a bad token", func(t *testing.T) {
		e := Expect(route(routes.AuthOptional), TokenInvalid, nil, nil, defaultMapping)
		s, _ := Check(e, Observation{Status: 200, Decision: "anonymous", UpstreamHeaders: http.Header{}}, defaultMapping, injectable())
		hasSurprise(t, s, "expected unauthorized (HTTP 401), got forwarded")
	})
	t.Run("spoofed header reaches the upstream", func(t *testing.T) {
		obs := Observation{Status: 200, Decision: "anonymous", Spoofed: spoofed,
			UpstreamHeaders: http.Header{"X_user_id": {"spoofed-x-user-id"}}}
		s, _ := Check(anonOptional, obs, defaultMapping, injectable())
		hasSurprise(t, s, "spoofed header")
		if len(s) != 1 {
			t.Errorf("one leak should be one surprise, got %v", s)
		}
	})
	t.Run("anonymous request carries an identity header", func(t *testing.T) {
		obs := Observation{Status: 200, Decision: "anonymous", UpstreamHeaders: http.Header{"X-User-Id": {"someone"}}}
		s, _ := Check(anonOptional, obs, defaultMapping, injectable())
		hasSurprise(t, s, "X-User-Id reached the upstream")
	})
	t.Run("public route injects identity", func(t *testing.T) {
		e := Expect(route(routes.AuthPublic), TokenValid, nil, aliceClaims(), defaultMapping)
		obs := Observation{Status: 200, Decision: "allowed", UpstreamHeaders: http.Header{"X-User-Name": {"alice"}}}
		s, _ := Check(e, obs, defaultMapping, injectable())
		hasSurprise(t, s, "X-User-Name reached the upstream")
	})
	t.Run("wrong or missing identity values", func(t *testing.T) {
		e := Expect(route(routes.AuthRequired), TokenValid, []string{"user"}, aliceClaims(), defaultMapping)
		obs := Observation{Status: 200, Decision: "allowed", UpstreamHeaders: http.Header{
			"X-User-Id": {"a1b2"}, "X-User-Name": {"bob"}, "X-User-Roles": {"user, admin"}}}
		s, _ := Check(e, obs, defaultMapping, injectable())
		hasSurprise(t, s, `X-User-Name reached the upstream as "bob"`)
		hasSurprise(t, s, `X-User-Roles reached the upstream as "user, admin"`)
		hasSurprise(t, s, "X-User-Email did not reach the upstream")
	})
	t.Run("header injected for a missing claim", func(t *testing.T) {
		c := aliceClaims()
		delete(c, "email")
		e := Expect(route(routes.AuthRequired), TokenValid, nil, c, defaultMapping)
		obs := Observation{Status: 200, Decision: "allowed", UpstreamHeaders: http.Header{
			"X-User-Id": {"a1b2"}, "X-User-Name": {"alice"}, "X-User-Roles": {"user,admin"}, "X-User-Email": {""}}}
		s, _ := Check(e, obs, defaultMapping, injectable())
		hasSurprise(t, s, "has no such claim")
	})
	t.Run("403 instead of 401", func(t *testing.T) {
		e := Expect(route(routes.AuthRequired, "admin"), TokenInvalid, nil, nil, defaultMapping)
		s, _ := Check(e, Observation{Status: 403, Decision: "forbidden"}, defaultMapping, injectable())
		hasSurprise(t, s, "expected unauthorized")
	})
	t.Run("lacking role forwarded", func(t *testing.T) {
		e := Expect(route(routes.AuthRequired, "admin"), TokenValid, []string{"user"}, aliceClaims(), defaultMapping)
		s, _ := Check(e, Observation{Status: 200, Decision: "allowed", UpstreamHeaders: http.Header{}}, defaultMapping, injectable())
		hasSurprise(t, s, "expected forbidden (HTTP 403), got forwarded")
	})
	t.Run("401 without challenge", func(t *testing.T) {
		e := Expect(route(routes.AuthRequired), TokenNone, nil, nil, defaultMapping)
		s, _ := Check(e, Observation{Status: 401, Decision: "unauthorized"}, defaultMapping, injectable())
		hasSurprise(t, s, "WWW-Authenticate")
		e = Expect(route(routes.AuthRequired), TokenInvalid, nil, nil, defaultMapping)
		s, _ = Check(e, Observation{Status: 401, Decision: "unauthorized", Challenge: `Bearer realm="tandem"`}, defaultMapping, injectable())
		hasSurprise(t, s, "invalid_token")
	})
}

func TestCheckNotesWhatItCannotBlameOnTheProxy(t *testing.T) {
	e := Expect(route(routes.AuthOptional), TokenNone, nil, nil, defaultMapping)
	s, n := Check(e, Observation{Status: 502, Decision: "upstream-error"}, defaultMapping, injectable())
	if len(s) != 0 || len(n) == 0 {
		t.Errorf("an unreachable upstream is a note, not a surprise: %v / %v", s, n)
	}
	s, n = Check(e, Observation{Status: 200, Decision: "anonymous"}, defaultMapping, injectable())
	if len(s) != 0 || len(n) == 0 {
		t.Errorf("unknown upstream headers are a note: %v / %v", s, n)
	}
	// A spoofed header the proxy never injects passes through by design.
	obs := Observation{Status: 200, Decision: "anonymous", Spoofed: http.Header{"X-Other": {"spoofed-x-other"}},
		UpstreamHeaders: http.Header{"X-Other": {"spoofed-x-other"}}}
	s, n = Check(e, obs, defaultMapping, injectable())
	if len(s) != 0 || len(n) != 1 {
		t.Errorf("non-identity header: surprises %v notes %v", s, n)
	}
}

func TestSpoofedHeadersCoverBothSpellings(t *testing.T) {
	h := SpoofedHeaders([]string{"X-User-Email", "x-user-id"})
	for _, k := range []string{"X-User-Id", "x_user_id", "X-User-Roles", "x_user_roles", "X-User-Email", "x_user_email"} {
		if len(h[k]) != 1 || !strings.Contains(h[k][0], "spoofed") {
			t.Errorf("%s = %v", k, h[k])
		}
	}
	if len(h) != 6 {
		t.Errorf("%d headers, want 6 (duplicates folded): %v", len(h), h)
	}
}

func TestHoldsAnyRole(t *testing.T) {
	if !HoldsAnyRole(nil, nil) {
		t.Error("no roles required: anyone")
	}
	if HoldsAnyRole([]string{"admin"}, nil) || HoldsAnyRole([]string{"admin"}, []string{"Admin"}) {
		t.Error("roles are exact, case-sensitive names")
	}
	if !HoldsAnyRole([]string{"a", "b"}, []string{"x", "b"}) {
		t.Error("any one role is enough")
	}
}

// A realm role spelled like a client role must not pass a client-role route,
// exactly as the proxy decides, or the matrix would predict 200 where the
// proxy answers 403.
func TestRealmRoleWithColonDoesNotPassForAClientRole(t *testing.T) {
	realmOnly := map[string]any{"realm_access": map[string]any{"roles": []any{"web:editor", "user"}}}
	if HoldsAnyRole([]string{"web:editor"}, RolesHeld(realmOnly)) {
		t.Fatal("realm role web:editor passed for the client role editor of web")
	}
	if !HoldsAnyRole([]string{"user"}, RolesHeld(realmOnly)) {
		t.Fatal("realm role user no longer passes")
	}
	clientRole := map[string]any{"resource_access": map[string]any{"web": map[string]any{"roles": []any{"editor"}}}}
	if !HoldsAnyRole([]string{"web:editor"}, RolesHeld(clientRole)) {
		t.Fatal("client role editor of web does not pass for web:editor")
	}
}

// A file that names its own identity headers still has the proxy strip the
// default ones (an upstream may still read X-User-Id): the tester spoofs
// them and calls a spoofed X-User-Id that reaches the upstream a surprise,
// not a header the proxy lets through by design.
func TestSpoofedDefaultHeaderIsASurpriseWhenTheFileNamesItsOwn(t *testing.T) {
	cfg := routes.Config{IdentityHeaders: map[string]string{"X-Sub": "sub"}, Routes: []routes.Route{
		{Name: "feed", Path: "/feed", Auth: routes.AuthOptional, Headers: map[string]string{"X-Tenant": "org.tenant"}},
	}}
	names := InjectableHeaders(cfg)
	for _, want := range []string{routes.HeaderUserID, routes.HeaderUserName, routes.HeaderUserEmail, routes.HeaderUserRoles, "X-Sub", "X-Tenant"} {
		if !slices.Contains(names, want) {
			t.Errorf("InjectableHeaders = %v, want it to hold %s", names, want)
		}
	}
	mapping := HeaderMapping(cfg.IdentityHeaders, cfg.Routes[0].Headers)
	e := Expect(cfg.Routes[0], TokenNone, nil, nil, mapping)
	obs := Observation{Status: 200, Decision: "anonymous", Spoofed: SpoofedHeaders(names),
		UpstreamHeaders: http.Header{"X-User-Id": {"spoofed-x-user-id"}}}
	s, _ := Check(e, obs, mapping, names)
	hasSurprise(t, s, "spoofed header")
}
