//go:build integration

package tester

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/livekc"
)

// liveConfig is the Local profile's demo routes against the real demo realm.
// Upstreams point at a closed port: tests choose the echo upstream.
func liveConfig() routes.Config {
	up := "http://127.0.0.1:9"
	return routes.Config{Version: 1, Issuer: livekc.URL() + "/realms/demo", Routes: []routes.Route{
		{Name: "public", Path: "/api/public", Upstream: up, Auth: routes.AuthPublic},
		{Name: "feed", Path: "/api/feed", Upstream: up, Auth: routes.AuthOptional},
		{Name: "me", Path: "/api/me", Upstream: up, Auth: routes.AuthRequired},
		{Name: "admin", Path: "/api/admin", Upstream: up, Auth: routes.AuthRequired, Roles: []string{"admin"}},
	}}
}

func liveTester(t *testing.T) *Tester {
	t.Helper()
	return newClosingTester(t, StartProxy, StartEcho)
}

func liveSend(t *testing.T, tt *Tester, req Request, id Identity) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req.Upstream = UpstreamEcho
	res, err := tt.Send(ctx, liveConfig(), req, id)
	if err != nil {
		t.Fatalf("send %s as %s: %v", req.Route, id.Describe(), err)
	}
	if res.Trace == nil {
		t.Fatalf("no trace for %s as %s", req.Route, id.Describe())
	}
	return res
}

func TestLiveAlicePassesTheAdminRoute(t *testing.T) {
	tt := liveTester(t)
	res := liveSend(t, tt, Request{Route: "admin"}, alice)
	if res.Response.Status != 200 || res.Trace.Decision != "allowed" {
		t.Fatalf("HTTP %d, decision %s (%s)", res.Response.Status, res.Trace.Decision, res.Trace.Reason)
	}
	up := res.Trace.UpstreamHeaders
	if up.Get("X-User-Name") != "alice" || up.Get("X-User-Email") != "alice@example.com" || up.Get("X-User-Id") == "" {
		t.Errorf("upstream headers: %v", up)
	}
	if len(res.Surprises) != 0 {
		t.Errorf("surprises: %v", res.Surprises)
	}
	// The echo's own view agrees with the trace.
	if !strings.Contains(res.Response.Body, `"X-User-Name": "alice"`) {
		t.Errorf("echo body: %s", res.Response.Body)
	}
}

func TestLiveBobIsForbiddenOnTheAdminRoute(t *testing.T) {
	res := liveSend(t, liveTester(t), Request{Route: "admin"}, bob)
	if res.Response.Status != 403 || res.Trace.Decision != "forbidden" || len(res.Surprises) != 0 {
		t.Fatalf("HTTP %d, decision %s, surprises %v", res.Response.Status, res.Trace.Decision, res.Surprises)
	}
	if !strings.Contains(res.Response.Body, "admin") {
		t.Errorf("a 403 should say which roles would do: %s", res.Response.Body)
	}
}

func TestLiveAnonymousOnAnOptionalRouteArrivesWithoutIdentity(t *testing.T) {
	tt := liveTester(t)
	res := liveSend(t, tt, Request{Route: "feed", Headers: []Header{{"X-User-Id", "attacker"}, {"x_user_roles", "admin"}}},
		Identity{Kind: KindAnonymous, SpoofHeaders: true})
	if res.Response.Status != 200 || res.Trace.Decision != "anonymous" {
		t.Fatalf("HTTP %d, decision %s", res.Response.Status, res.Trace.Decision)
	}
	for name, vals := range res.Trace.UpstreamHeaders {
		if strings.HasPrefix(routes.NormalizeHeaderName(name), "x-user-") {
			t.Errorf("identity header %s: %v reached the upstream", name, vals)
		}
	}
	if strings.Contains(res.Response.Body, "attacker") || strings.Contains(res.Response.Body, "spoofed") {
		t.Errorf("the echo saw a spoofed value: %s", res.Response.Body)
	}
	if len(res.Surprises) != 0 {
		t.Errorf("surprises: %v", res.Surprises)
	}
}

func TestLiveBrokenSignatureIsRefused(t *testing.T) {
	tt := liveTester(t)
	for _, rt := range []string{"admin", "feed"} {
		for _, v := range []Variant{VariantBadSignature, VariantForeignIssuer, VariantExpired, VariantAlgNone} {
			id := alice
			id.Variant = v
			res := liveSend(t, tt, Request{Route: rt}, id)
			if res.Response.Status != 401 || len(res.Surprises) != 0 {
				t.Errorf("%s %s: HTTP %d (%s), surprises %v", rt, v, res.Response.Status, res.Trace.Reason, res.Surprises)
			}
		}
	}
}

func TestLiveTokenOfAnotherRealmIsRefused(t *testing.T) {
	admin := Identity{Kind: KindPassword, Realm: "master", ClientID: "admin-cli", Username: "admin", Password: "admin"}
	res := liveSend(t, liveTester(t), Request{Route: "me"}, admin)
	if res.Response.Status != 401 || res.TokenState != TokenInvalid || len(res.Surprises) != 0 {
		t.Fatalf("master token on demo route: HTTP %d, state %s, surprises %v", res.Response.Status, res.TokenState, res.Surprises)
	}
}

func TestLiveServiceAccount(t *testing.T) {
	tt := liveTester(t)
	svc := Identity{Kind: KindClient, ClientID: "tandem-service", ClientSecret: "demo-service-secret"}
	if res := liveSend(t, tt, Request{Route: "me"}, svc); res.Response.Status != 200 || len(res.Surprises) != 0 {
		t.Errorf("service account on me: HTTP %d, surprises %v", res.Response.Status, res.Surprises)
	}
	if res := liveSend(t, tt, Request{Route: "admin"}, svc); res.Response.Status != 403 {
		t.Errorf("service account on admin: HTTP %d", res.Response.Status)
	}
}

func TestLiveMatrixOnTheAdminRouteHasNoSurprises(t *testing.T) {
	tt := liveTester(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, rt := range []string{"admin", "me", "feed", "public"} {
		m, err := tt.Matrix(ctx, liveConfig(), MatrixInput{Route: rt, ValidUser: alice, LackingUser: bob, Upstream: UpstreamEcho})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Rows) != 5 || m.Surprises != 0 || m.Errors != 0 {
			for _, r := range m.Rows {
				t.Logf("%s: HTTP %d %s %v %s", r.Case, r.Status, r.Decision, r.Surprises, r.Error)
			}
			t.Fatalf("%s: %d rows, %d surprises, %d errors", rt, len(m.Rows), m.Surprises, m.Errors)
		}
	}
}

func TestLiveTokenErrors(t *testing.T) {
	checkTokenErrors(t, NewTokenSource(livekc.URL()+"/realms/demo"), time.Now(), []tokenErrorCase{
		{Identity{Kind: KindPassword, ClientID: "web", Username: "alice", Password: "not-her-password"}, ErrBadCredentials},
		{Identity{Kind: KindPassword, ClientID: "web", Username: "carol", Password: "carol"}, ErrAccountDisabled},
		{Identity{Kind: KindPassword, ClientID: "tandem-service", ClientSecret: "demo-service-secret", Username: "alice", Password: "alice"}, ErrDirectGrantDisabled},
		{Identity{Kind: KindClient, ClientID: "web", ClientSecret: "x"}, ErrServiceAccountOff},
		{Identity{Kind: KindClient, ClientID: "tandem-service", ClientSecret: "wrong"}, ErrInvalidClient},
		{Identity{Kind: KindPassword, Realm: "no-such-realm", Username: "alice", Password: "alice"}, ErrRealmNotFound},
	})
}

func TestLiveLintOnARealToken(t *testing.T) {
	cfg := liveConfig()
	cfg.IdentityHeaders = map[string]string{"X-User-Id": "sub", "X-User-Email": "email", "X-Department": "department"}
	ts := NewTokenSource(cfg.Issuer)
	defer func() { _ = ts.EndSessions(context.Background()) }()
	cred, err := ts.Resolve(context.Background(), alice, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Decode(cred.Token, time.Now())
	admin, _ := FindRoute(cfg, "admin")
	fs := LintClaims(cfg, admin, TokenSample{Client: "web", User: "alice", Claims: d.Claims})
	if len(fs) != 1 || fs[0].Subject != "X-Department" || !strings.Contains(fs[0].Fix, "oidc-usermodel-attribute-mapper") {
		t.Errorf("findings: %+v", fs)
	}
}
