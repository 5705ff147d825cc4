package tester

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// recorded is what a test server received, safe for concurrent requests.
type recorded struct {
	mu  sync.Mutex
	got []string
}

func (r *recorded) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, s)
}

func (r *recorded) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

// methodRecorder is a real upstream that records the method of every
// request it receives.
type methodRecorder struct {
	srv *httptest.Server
	recorded
}

func newMethodRecorder(t *testing.T) *methodRecorder {
	t.Helper()
	m := &methodRecorder{}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { m.add(r.Method) }))
	t.Cleanup(m.srv.Close)
	return m
}

// readOnlyFixture is a tester on the real embedded proxy whose routes all
// lead to one recording upstream: "write" lists POST first (the method a
// request without one gets), "any" takes every method.
func readOnlyFixture(t *testing.T, readOnly bool) (*Tester, routes.Config, *methodRecorder) {
	t.Helper()
	up := newMethodRecorder(t)
	cfg := routes.Config{Version: 1, Routes: []routes.Route{
		{Name: "write", Path: "/api/write", Methods: []string{"POST", "GET"}, Upstream: up.srv.URL, Auth: routes.AuthPublic},
		{Name: "any", Path: "/api/any", Upstream: up.srv.URL, Auth: routes.AuthPublic},
	}}
	tt := newClosingTester(t, StartProxy, StartEcho, WithReadOnly(func(context.Context) (bool, error) { return readOnly, nil }))
	return tt, cfg, up
}

// entryPoints is every way the tester sends a request to a route's real
// upstream. Each sends an unsafe method (POST or DELETE) and returns the
// error it ended in.
var entryPoints = map[string]func(ctx context.Context, tt *Tester, cfg routes.Config) error{
	"Send with the route's first method": func(ctx context.Context, tt *Tester, cfg routes.Config) error {
		_, err := tt.Send(ctx, cfg, Request{Route: "write", Upstream: UpstreamRoute}, Identity{Kind: KindAnonymous})
		return err
	},
	"Send with a method typed in lower case": func(ctx context.Context, tt *Tester, cfg routes.Config) error {
		_, err := tt.Send(ctx, cfg, Request{Route: "any", Method: " delete ", Upstream: UpstreamRoute}, Identity{Kind: KindAnonymous})
		return err
	},
	"Send with the upstream left empty": func(ctx context.Context, tt *Tester, cfg routes.Config) error {
		_, err := tt.Send(ctx, cfg, Request{Route: "any", Method: "PATCH"}, Identity{Kind: KindAnonymous})
		return err
	},
	"Matrix": func(ctx context.Context, tt *Tester, cfg routes.Config) error {
		_, err := tt.Matrix(ctx, cfg, MatrixInput{Route: "write", Upstream: UpstreamRoute})
		return err
	},
	"saved case in a suite": func(ctx context.Context, tt *Tester, cfg routes.Config) error {
		res := tt.RunSuite(ctx, cfg, []Case{
			{Name: "delete it", Route: "any", Request: Request{Method: "DELETE", Upstream: UpstreamRoute}, Identity: Identity{Kind: KindAnonymous}},
		}, nil)
		if len(res.Results) != 1 {
			return errors.New("no case result")
		}
		if e := res.Results[0].Error; e != "" {
			return errors.New(e)
		}
		return nil
	},
}

func TestReadOnlyProfileSendsNoUnsafeMethodToARealUpstream(t *testing.T) {
	for name, send := range entryPoints {
		t.Run(name, func(t *testing.T) {
			tt, cfg, up := readOnlyFixture(t, true)
			err := send(context.Background(), tt, cfg)
			if got := up.received(); len(got) > 0 {
				t.Fatalf("the real upstream of a read-only profile received %v", got)
			}
			// A suite reports the refusal per case, as its sentence.
			if !errors.Is(err, ErrReadOnly) && (err == nil || !strings.Contains(err.Error(), ErrReadOnly.Error())) {
				t.Fatalf("err = %v, want ErrReadOnly", err)
			}
		})
	}
}

// The same entry points do reach the upstream of a writable profile: the
// refusal above is the read-only rule, not a broken fixture.
func TestWritableProfileSendsEveryMethod(t *testing.T) {
	for name, send := range entryPoints {
		t.Run(name, func(t *testing.T) {
			tt, cfg, up := readOnlyFixture(t, false)
			if err := send(context.Background(), tt, cfg); err != nil {
				t.Fatal(err)
			}
			if got := up.received(); !slices.ContainsFunc(got, func(m string) bool { return m != "GET" && m != "HEAD" && m != "OPTIONS" }) {
				t.Fatalf("the upstream received %v, want the unsafe method", got)
			}
		})
	}
}

func TestReadOnlyProfileStillSendsSafeMethodsAndAnythingToTheEcho(t *testing.T) {
	tt, cfg, up := readOnlyFixture(t, true)
	ctx := context.Background()
	anon := Identity{Kind: KindAnonymous}
	for _, m := range []string{"GET", "head", "OPTIONS"} {
		if _, err := tt.Send(ctx, cfg, Request{Route: "any", Method: m, Upstream: UpstreamRoute}, anon); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
	if got := up.received(); !slices.Equal(got, []string{"GET", "HEAD", "OPTIONS"}) {
		t.Errorf("upstream received %v", got)
	}
	res, err := tt.Send(ctx, cfg, Request{Route: "write", Upstream: UpstreamEcho}, anon)
	if err != nil || res.Response.Status != http.StatusOK {
		t.Fatalf("POST to the echo: HTTP %d, %v", res.Response.Status, err)
	}
}

// A tester that cannot tell whether the profile is read-only sends nothing
// unsafe.
func TestReadOnlyCheckFailsClosed(t *testing.T) {
	up := newMethodRecorder(t)
	cfg := routes.Config{Version: 1, Routes: []routes.Route{{Name: "any", Path: "/api/any", Upstream: up.srv.URL, Auth: routes.AuthPublic}}}
	noProfile := errors.New("no active profile")
	tt := newClosingTester(t, StartProxy, StartEcho, WithReadOnly(func(context.Context) (bool, error) { return false, noProfile }))
	_, err := tt.Send(context.Background(), cfg, Request{Route: "any", Method: "POST"}, Identity{Kind: KindAnonymous})
	if !errors.Is(err, noProfile) || len(up.received()) > 0 {
		t.Fatalf("err = %v, upstream received %v", err, up.received())
	}
}
