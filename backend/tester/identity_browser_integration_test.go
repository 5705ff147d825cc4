//go:build integration

package tester

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// sessionConfig is liveConfig with browser sign-in through the demo realm's
// tandem-proxy client and its sign-in routes.
func sessionConfig() routes.Config {
	cfg := liveConfig()
	cfg.Login = routes.Login{ClientID: "tandem-proxy"}
	cfg.Routes = append(cfg.Routes,
		routes.Route{Name: "app", Path: "/app", Upstream: "http://127.0.0.1:9", Auth: routes.AuthRequired, Login: true},
		routes.Route{Name: "page", Path: "/page", Upstream: "http://127.0.0.1:9", Auth: routes.AuthOptional},
	)
	return cfg
}

func sessionTester(t *testing.T) *Tester {
	t.Helper()
	start, err := SessionProxies(func(routes.Config) (string, error) { return "demo-proxy-secret", nil })
	if err != nil {
		t.Fatal(err)
	}
	return newClosingTester(t, nil, StartEcho, WithSessions(start))
}

// The tester signs alice in through the proxy's flow and Keycloak's real
// login page; the proxy identifies the request by the session.
func TestLiveBrowserSessionThroughKeycloaksLoginPage(t *testing.T) {
	tt := sessionTester(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	id := Identity{Kind: KindSession, Username: "alice", Password: "alice"}
	res, err := tt.Send(ctx, sessionConfig(), Request{Route: "admin", Upstream: UpstreamEcho}, id)
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Status != 200 || res.Trace == nil || res.Trace.Via != "session" || res.Trace.Decision != "allowed" {
		t.Fatalf("HTTP %d, trace %+v", res.Response.Status, res.Trace)
	}
	if res.Session == nil || res.Session.Username != "alice" || res.Trace.UpstreamHeaders.Get("X-User-Name") != "alice" {
		t.Fatalf("session %+v, upstream headers %v", res.Session, res.Trace.UpstreamHeaders)
	}
	if len(res.Surprises) != 0 {
		t.Errorf("surprises: %v", res.Surprises)
	}
	if got := res.Sent.Headers.Get("Cookie"); got == "" || got == res.Trace.UpstreamHeaders.Get("Cookie") {
		t.Errorf("the sent cookie is not redacted or reached the upstream: %q", got)
	}

	_, err = tt.Send(ctx, sessionConfig(), Request{Route: "admin", Upstream: UpstreamEcho}, Identity{Kind: KindSession, Username: "alice", Password: "wrong"})
	if !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("a wrong password: %v, want ErrBadCredentials", err)
	}
}

// The matrix adds the three session rows when the file signs browsers in:
// on a required route a session passes, an ended and expired session and a
// tampered cookie count as no credentials (401); on an optional route both
// go on anonymous.
func TestLiveMatrixSessionRows(t *testing.T) {
	tt := sessionTester(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	alice := Identity{Kind: KindPassword, Username: "alice", Password: "alice"}
	for _, tc := range []struct {
		route   string
		session Outcome
		bad     Outcome
	}{
		{"me", OutcomeForwarded, OutcomeUnauthorized},
		{"feed", OutcomeForwarded, OutcomeForwarded},
	} {
		m, err := tt.Matrix(ctx, sessionConfig(), MatrixInput{Route: tc.route, ValidUser: alice, Upstream: UpstreamEcho})
		if err != nil {
			t.Fatal(err)
		}
		rows := map[MatrixCase]MatrixRow{}
		for _, r := range m.Rows {
			rows[r.Case] = r
		}
		for c, want := range map[MatrixCase]Outcome{CaseSession: tc.session, CaseSessionEnded: tc.bad, CaseTamperedCookie: tc.bad} {
			r, ok := rows[c]
			if !ok || r.Error != "" || r.Outcome != want || len(r.Surprises) != 0 {
				t.Errorf("%s %s: outcome %s (want %s), error %q, surprises %v, reason %q", tc.route, c, r.Outcome, want, r.Error, r.Surprises, r.Reason)
			}
		}
		if r := rows[CaseSession]; r.IdentityHeaders["X-User-Name"] != "alice" || r.Result.Trace.Via != "session" {
			t.Errorf("%s session row: headers %v", tc.route, r.IdentityHeaders)
		}
		if r := rows[CaseSessionEnded]; r.Result == nil || r.Result.Trace.Via == "session" || !strings.Contains(r.Reason, "refresh") {
			t.Errorf("%s ended session: via %v, reason %q; want refused after a failed refresh", tc.route, r.Result != nil && r.Result.Trace.Via == "session", r.Reason)
		}
		if r := rows[CaseTamperedCookie]; !strings.Contains(r.Reason, "does not open") {
			t.Errorf("%s tampered cookie: reason %q", tc.route, r.Reason)
		}
	}
}
