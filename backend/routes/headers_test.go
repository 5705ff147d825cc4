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
// header written x_user_id is sent as X-User-Id, and a route's x_user_id
// replaces the file's X-User-Id instead of removing it for a header no
// upstream behind nginx would see.
func TestUnderscoredIdentityHeaderNamesAreSentWithDashes(t *testing.T) {
	cfg := Config{
		Version:         1,
		IdentityHeaders: map[string]string{"X_Tenant": "tenant", "X-User-Id": "sub"},
		Routes: []Route{{
			Name: "a", Path: "/a", Upstream: "http://up", Auth: AuthRequired,
			Headers: map[string]string{"x_user_id": "email"},
		}},
	}
	if err := Validate(cfg); err != nil {
		t.Fatalf("underscored names are refused: %v", err)
	}
	want := map[string]string{"X-Tenant": "tenant", "X-User-Id": "email"}
	if got := EffectiveRouteHeaders(cfg, cfg.Routes[0]); !maps.Equal(got, want) {
		t.Errorf("EffectiveRouteHeaders = %v, want %v", got, want)
	}
}

// The proxy and the tester both take a route's headers from
// EffectiveRouteHeaders: a route header replaces the file's header of the
// same name, however its case is written, instead of adding a second one.
func TestEffectiveRouteHeaders(t *testing.T) {
	cfg := Config{IdentityHeaders: map[string]string{"X-User-Id": "sub", "X-Team": "team"}}
	r := Route{Headers: map[string]string{"x-user-id": "email", "X-Tenant": "tenant"}}
	want := map[string]string{"X-User-Id": "email", "X-Team": "team", "X-Tenant": "tenant"}
	if got := EffectiveRouteHeaders(cfg, r); !maps.Equal(got, want) {
		t.Errorf("EffectiveRouteHeaders = %v, want %v", got, want)
	}
	if got := EffectiveRouteHeaders(Config{}, Route{}); !maps.Equal(got, DefaultIdentityHeaders()) {
		t.Errorf("without identity_headers = %v, want the default set", got)
	}
	got := EffectiveRouteHeaders(Config{}, Route{Headers: map[string]string{"X-USER-ROLES": "groups"}})
	if len(got) != 4 || got[HeaderUserRoles] != "groups" {
		t.Errorf("route header over the default set = %v", got)
	}
}

// What the proxy strips and the tester spoofs: the default identity headers
// even when the file names its own, the file's, and every route's (a
// disabled one too), each folded name once, sorted.
func TestInjectableHeaders(t *testing.T) {
	cfg := Config{IdentityHeaders: map[string]string{"X-Sub": "sub", "x_user_id": "sub"}, Routes: []Route{
		{Name: "a", Headers: map[string]string{"X-Tenant": "org.tenant", "X-SUB": "sub"}},
		{Name: "off", Disabled: true, Headers: map[string]string{"X-Off": "x"}},
	}}
	got := strings.Join(InjectableHeaders(cfg), " ")
	want := "X-Off X-Sub X-Tenant X-User-Email X-User-Id X-User-Name X-User-Roles"
	if got != want {
		t.Errorf("InjectableHeaders = %s, want %s", got, want)
	}
}
