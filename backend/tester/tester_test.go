package tester

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

var (
	alice = Identity{Kind: KindPassword, ClientID: "web", Username: "alice", Password: "alice"}
	bob   = Identity{Kind: KindPassword, ClientID: "web", Username: "bob", Password: "bob"}
)

func TestMatrixOnAnHonestProxyHasNoSurprises(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	for _, rt := range []string{"admin", "feed", "health"} {
		t.Run(rt, func(t *testing.T) {
			m, err := tt.Matrix(context.Background(), cfg, MatrixInput{Route: rt, ValidUser: alice, LackingUser: bob})
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Rows) != 5 {
				t.Fatalf("%d rows, want 5", len(m.Rows))
			}
			for _, row := range m.Rows {
				if len(row.Surprises) > 0 || row.Error != "" || row.Skipped != "" {
					t.Errorf("%s: surprises %v, error %q, skipped %q", row.Case, row.Surprises, row.Error, row.Skipped)
				}
			}
			if m.Surprises != 0 {
				t.Errorf("surprise count %d", m.Surprises)
			}
		})
	}
}

func TestMatrixOnTheAdminRouteShowsEachPath(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	m, _ := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "admin", ValidUser: alice, LackingUser: bob})
	want := map[MatrixCase]int{CaseAnonymous: 401, CaseSpoofed: 401, CaseValidUser: 200, CaseBadSignature: 401, CaseLackingRole: 403}
	for _, row := range m.Rows {
		if row.Status != want[row.Case] {
			t.Errorf("%s: HTTP %d, want %d", row.Case, row.Status, want[row.Case])
		}
	}
	valid := m.Rows[2]
	if valid.IdentityHeaders["X-User-Name"] != "alice" || valid.IdentityHeaders["X-User-Roles"] != "user,admin" {
		t.Errorf("alice's identity headers at the upstream: %v", valid.IdentityHeaders)
	}
	if len(m.Setup) != 0 {
		t.Errorf("alice and bob are the right users, yet setup warnings: %v", m.Setup)
	}
}

func TestMatrixFlagsAProxyThatLeaksSpoofedHeaders(t *testing.T) {
	tt, cfg, _ := newTestTester(t, func(p *contractProxy) { p.leakSpoofed = true })
	m, _ := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "feed", ValidUser: alice, LackingUser: bob})
	spoofRow := m.Rows[1]
	if spoofRow.Case != CaseSpoofed || len(spoofRow.Surprises) == 0 {
		t.Fatalf("spoofed row: %+v", spoofRow.Surprises)
	}
	if len(m.Rows[0].Surprises) != 0 {
		t.Errorf("the plain anonymous row has nothing to leak: %v", m.Rows[0].Surprises)
	}
}

func TestMatrixFlagsASilentDowngrade(t *testing.T) {
	tt, cfg, _ := newTestTester(t, func(p *contractProxy) { p.downgradeOptional = true })
	m, _ := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "feed", ValidUser: alice, LackingUser: bob})
	row := m.Rows[3]
	if row.Case != CaseBadSignature || len(row.Surprises) == 0 || !strings.Contains(row.Surprises[0], "expected unauthorized") {
		t.Fatalf("bad-signature row on a downgrading proxy: %+v", row.Surprises)
	}
}

func TestMatrixFlagsAMissingRoleCheck(t *testing.T) {
	tt, cfg, _ := newTestTester(t, func(p *contractProxy) { p.skipRoleCheck = true })
	m, _ := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "admin", ValidUser: alice, LackingUser: bob})
	if row := m.Rows[4]; row.Case != CaseLackingRole || len(row.Surprises) == 0 {
		t.Fatalf("lacking-role row: %+v", row)
	}
	if m.Surprises == 0 {
		t.Error("surprise count is zero")
	}
}

func TestMatrixWarnsAboutTheWrongUsers(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	// Swapped: bob as the valid user, alice as the one lacking the role.
	m, _ := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "admin", ValidUser: bob, LackingUser: alice})
	if len(m.Setup) != 2 {
		t.Errorf("setup warnings: %v", m.Setup)
	}
	if m.Surprises != 0 {
		t.Errorf("wrong users are not the proxy's fault: %d surprises", m.Surprises)
	}
}

func TestMatrixSkipsAndReportsRowsItCannotRun(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	wrong := alice
	wrong.Password = "nope"
	m, err := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "admin", ValidUser: wrong})
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows[2].Error == "" || m.Rows[3].Error == "" || m.Rows[4].Skipped == "" {
		t.Errorf("rows: %+v", m.Rows[2:])
	}
	if m.Errors != 2 {
		t.Errorf("errors = %d, want 2", m.Errors)
	}
	if _, err := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "nope"}); !errors.Is(err, ErrRouteNotFound) {
		t.Errorf("unknown route: %v", err)
	}
}

func TestSendReportsTraceTokenAndUpstreamHeaders(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	res, err := tt.Send(context.Background(), cfg, Request{Route: "feed", Headers: []Header{{"X-Custom", "1"}}}, alice)
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Status != 200 || res.Trace == nil || res.Trace.Route != "feed" {
		t.Fatalf("status %d, trace %+v", res.Response.Status, res.Trace)
	}
	if res.Trace.UpstreamHeaders.Get("X-User-Id") != "id-alice" || res.Trace.UpstreamHeaders.Get("X-Custom") != "1" {
		t.Errorf("upstream headers: %v", res.Trace.UpstreamHeaders)
	}
	// The trace is the proxy's own, whole: its log record (who, how, from
	// where) and every step it took, not a subset copied field by field.
	if res.Trace.User != "alice" || res.Trace.Via != proxy.ViaBearer || res.Trace.Client == "" || res.Trace.Time.IsZero() {
		t.Errorf("trace record: user %q, via %q, client %q, time %v", res.Trace.User, res.Trace.Via, res.Trace.Client, res.Trace.Time)
	}
	if n := len(res.Trace.Steps); n == 0 || res.Trace.Steps[n-1].Name != "forward" || !res.Trace.Steps[n-1].OK {
		t.Errorf("trace steps: %+v", res.Trace.Steps)
	}
	if res.Token == nil || res.Token.Username != "alice" || !res.Token.Unverified {
		t.Errorf("decoded token: %+v", res.Token)
	}
	if res.TokenState != TokenValid || res.Expectation == nil || len(res.Surprises) != 0 {
		t.Errorf("state %s, expectation %+v, surprises %v", res.TokenState, res.Expectation, res.Surprises)
	}
	if a := res.Sent.Headers.Get("Authorization"); !strings.HasSuffix(a, "…[redacted]") || len(a) > 60 {
		t.Errorf("the sent Authorization must be shortened: %q", a)
	}
	if res.Sent.Method != "GET" || !strings.HasSuffix(res.Sent.URL, "/api/feed") {
		t.Errorf("defaults not applied: %+v", res.Sent)
	}
}

func TestSendJudgesVariantsAsInvalid(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	for _, v := range []Variant{VariantBadSignature, VariantForeignIssuer, VariantExpired, VariantAlgNone} {
		id := alice
		id.Variant = v
		res, err := tt.Send(context.Background(), cfg, Request{Route: "admin"}, id)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if res.TokenState != TokenInvalid || res.Response.Status != 401 || len(res.Surprises) != 0 {
			t.Errorf("%s: state %s, HTTP %d, surprises %v", v, res.TokenState, res.Response.Status, res.Surprises)
		}
	}
}

func TestSendAsServiceAccountAndPastedToken(t *testing.T) {
	tt, cfg, idp := newTestTester(t, nil)
	svc := Identity{Kind: KindClient, ClientID: "tandem-service", ClientSecret: "demo-service-secret"}
	res, err := tt.Send(context.Background(), cfg, Request{Route: "admin"}, svc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Status != 403 || len(res.Surprises) != 0 {
		t.Errorf("service account (role user) on admin: HTTP %d, surprises %v", res.Response.Status, res.Surprises)
	}
	tok, err := NewTokenSource(idp.issuer()).PasswordToken(context.Background(), "", "web", "", "alice", "alice")
	if err != nil {
		t.Fatal(err)
	}
	res, err = tt.Send(context.Background(), cfg, Request{Route: "admin"}, Identity{Kind: KindToken, Token: "Bearer " + tok})
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Status != 200 || res.TokenState != TokenValid || len(res.Surprises) != 0 {
		t.Errorf("pasted token: HTTP %d, state %s, surprises %v", res.Response.Status, res.TokenState, res.Surprises)
	}
	res, _ = tt.Send(context.Background(), cfg, Request{Route: "admin"}, Identity{Kind: KindToken, Token: "garbage"})
	if res.Response.Status != 401 || res.TokenState != TokenInvalid || len(res.Surprises) != 0 {
		t.Errorf("garbage token: HTTP %d, state %s, surprises %v", res.Response.Status, res.TokenState, res.Surprises)
	}
}

func TestSendFlagsAPathOutsideTheRoute(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	res, err := tt.Send(context.Background(), cfg, Request{Route: "admin", Path: "/elsewhere"}, Identity{Kind: KindAnonymous})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Surprises) != 1 || !strings.Contains(res.Surprises[0], "no route matched") {
		t.Errorf("surprises: %v", res.Surprises)
	}
	if _, err := tt.Send(context.Background(), cfg, Request{Route: "admin", Path: "relative"}, Identity{}); !errors.Is(err, ErrBadRequest) {
		t.Errorf("relative path: %v", err)
	}
}

// tokenErrorCase is an identity and the error resolving it must end in.
type tokenErrorCase struct {
	id   Identity
	want error
}

// checkTokenErrors resolves each case's identity at ts and wants its error,
// which never repeats the password.
func checkTokenErrors(t *testing.T, ts *TokenSource, at time.Time, cases []tokenErrorCase) {
	t.Helper()
	for _, c := range cases {
		_, err := ts.Resolve(context.Background(), c.id, nil, at)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.id.Describe(), err, c.want)
		}
		if err != nil && c.id.Password != "" && c.id.Password != c.id.Username && strings.Contains(err.Error(), c.id.Password) {
			t.Errorf("the error repeats the password: %v", err)
		}
	}
}

func TestTokenErrorsAreSentences(t *testing.T) {
	idp := newFakeIdP(t)
	checkTokenErrors(t, NewTokenSource(idp.issuer()), now, []tokenErrorCase{
		{Identity{Kind: KindPassword, ClientID: "web", Username: "alice", Password: "wr0ng-pass"}, ErrBadCredentials},
		{Identity{Kind: KindPassword, ClientID: "web", Username: "carol", Password: "carol"}, ErrAccountDisabled},
		{Identity{Kind: KindPassword, ClientID: "tandem-service", Username: "alice", Password: "alice"}, ErrDirectGrantDisabled},
		{Identity{Kind: KindClient, ClientID: "tandem-service", ClientSecret: "bad"}, ErrInvalidClient},
		{Identity{Kind: KindPassword, Realm: "nope", Username: "alice", Password: "alice"}, ErrRealmNotFound},
		{Identity{Kind: KindPassword, Username: "alice"}, ErrMissingInput},
		{Identity{Kind: KindClient, ClientID: "x"}, ErrMissingInput},
		{Identity{Kind: KindToken}, ErrMissingInput},
	})
	ctx := context.Background()
	down := NewTokenSource("http://127.0.0.1:1/realms/demo")
	if _, err := down.Resolve(ctx, alice, nil, now); !errors.Is(err, ErrIdPUnreachable) {
		t.Errorf("unreachable IdP: %v", err)
	}
}

func TestIdentityNeverDescribesSecrets(t *testing.T) {
	id := Identity{Kind: KindClient, ClientID: "svc", ClientSecret: "s3cret", Variant: VariantExpired, SpoofHeaders: true}
	if d := id.Describe(); strings.Contains(d, "s3cret") || !strings.Contains(d, "svc") || !strings.Contains(d, "expired") {
		t.Errorf("Describe = %q", d)
	}
	r := Identity{Kind: KindPassword, Username: "a", Password: "p", Token: "t", ClientSecret: "s"}.Redacted()
	if r.Password != "" || r.Token != "" || r.ClientSecret != "" || r.Username != "a" {
		t.Errorf("Redacted = %+v", r)
	}
}

func TestGatewayRestartsWhenTheRouteFileChanges(t *testing.T) {
	starts := 0
	idp := newFakeIdP(t)
	factory := func(c routes.Config) (RunningGateway, error) {
		starts++
		return StartProxy(c)
	}
	tt := newClosingTester(t, factory, nil)
	cfg := demoConfig(idp.issuer(), echoUpstream(t))
	for i := 0; i < 3; i++ {
		if _, err := tt.Send(context.Background(), cfg, Request{Route: "health"}, Identity{}); err != nil {
			t.Fatal(err)
		}
	}
	if starts != 1 {
		t.Errorf("same file: %d starts, want 1", starts)
	}
	cfg.Routes[2].Path = "/healthz"
	_, _ = tt.Send(context.Background(), cfg, Request{Route: "health"}, Identity{})
	if starts != 2 {
		t.Errorf("changed file: %d starts, want 2", starts)
	}
	if _, err := tt.Send(context.Background(), cfg, Request{Route: "health", Upstream: UpstreamEcho}, Identity{}); err == nil {
		t.Error("echo without an echo factory should fail")
	}
}
