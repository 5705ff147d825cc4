package routes

import (
	"maps"
	"strings"
	"testing"
)

// Every name the proxy or HTTP owns is refused as an identity header however
// it is spelled: servers fold "_" into "-", so X_Forwarded_For reaches many
// upstreams as X-Forwarded-For, and Transfer_encoding built from a claim
// would reframe the request.
func TestReservedHeadersAreRefusedInEverySpelling(t *testing.T) {
	reserved := []string{
		// "_" folded to "-"
		"X_Forwarded_For", "Transfer_Encoding", "Content_Length", "X_Request_Id", "X_Tandem_Trace",
		"x_forwarded_for", "TRANSFER_ENCODING", "Proxy_Authorization",
		// whole families
		"Proxy-Authenticate", "Proxy-Foo", "Proxy-Connection",
		"X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Host",
		"X-Tandem-User", "X-Tandem-Trace",
		// single names
		"Authorization", "Host", "Forwarded", "X-Request-Id", "Connection", "Keep-Alive",
		"TE", "Trailer", "Upgrade", "Content-Length", "Cookie",
		// the routing headers
		"X-Original-URL", "X_Rewrite_Url", "x-http-method-override", "X-HTTP-Method", "X-Method-Override",
	}
	for _, name := range reserved {
		if !IsReservedHeader(name) {
			t.Errorf("IsReservedHeader(%q) = false", name)
		}
		err := Validate(Config{Version: 1, IdentityHeaders: map[string]string{name: "sub"}})
		if err == nil || !strings.Contains(err.Error(), "reserved") {
			t.Errorf("identity header %q: Validate = %v, want reserved", name, err)
		}
		err = Validate(Config{Version: 1, Routes: []Route{{
			Name: "a", Path: "/a", Upstream: "http://up", Auth: AuthPublic, Headers: map[string]string{name: "email"},
		}}})
		if err == nil || !strings.Contains(err.Error(), `route "a": headers: `+quote(name)+" is reserved") {
			t.Errorf("route header %q: Validate = %v, want reserved", name, err)
		}
	}
	for _, name := range []string{"X-User-Id", "X-Tenant", "X-Forwarded", "Proxyish", "X-Tandemish", "X-Request-Ids"} {
		if IsReservedHeader(name) {
			t.Errorf("IsReservedHeader(%q) = true, want an ordinary name", name)
		}
	}
}

func quote(s string) string { return `"` + s + `"` }

// nginx drops header names holding "_" unless told otherwise, so an identity
// header spelled x_user_id would never reach such an upstream: the file must
// say it with "-".
func TestValidateRefusesUnderscoresInIdentityHeaderNames(t *testing.T) {
	cfg := Config{
		Version:         1,
		IdentityHeaders: map[string]string{"X_Tenant": "tenant"},
		Routes: []Route{{
			Name: "a", Path: "/a", Upstream: "http://up", Auth: AuthRequired,
			Headers: map[string]string{"x_user_id": "email"},
		}},
	}
	got := strings.Join(problemLines(t, Validate(cfg)), "\n")
	for _, want := range []string{
		`identity_headers: "X_Tenant" holds "_": nginx and other servers drop such headers, so write it "X-Tenant"`,
		`route "a": headers: "x_user_id" holds "_": nginx and other servers drop such headers, so write it "x-user-id"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// The proxy and the tester both take a route's headers from
// EffectiveRouteHeaders: a route header replaces the file's header of the
// same name, however its case is written, instead of adding a second one.
func TestEffectiveRouteHeaders(t *testing.T) {
	cfg := Config{IdentityHeaders: map[string]string{"X-User-Id": "sub", "X-Team": "team"}}
	r := Route{Headers: map[string]string{"x-user-id": "email", "X-Tenant": "tenant"}}
	want := map[string]string{"x-user-id": "email", "X-Team": "team", "X-Tenant": "tenant"}
	if got := EffectiveRouteHeaders(cfg, r); !maps.Equal(got, want) {
		t.Errorf("EffectiveRouteHeaders = %v, want %v", got, want)
	}
	if got := EffectiveRouteHeaders(Config{}, Route{}); !maps.Equal(got, DefaultIdentityHeaders()) {
		t.Errorf("without identity_headers = %v, want the default set", got)
	}
	got := EffectiveRouteHeaders(Config{}, Route{Headers: map[string]string{"X-USER-ROLES": "groups"}})
	if len(got) != 4 || got["X-USER-ROLES"] != "groups" || got[HeaderUserRoles] != "" {
		t.Errorf("route header over the default set = %v", got)
	}
}
