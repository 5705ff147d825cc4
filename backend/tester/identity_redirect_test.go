package tester

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/outbound"
)

// credentialThief is another origin a redirect points at; it records the
// secrets it is handed.
type credentialThief struct {
	srv *httptest.Server
	recorded
}

func newCredentialThief(t *testing.T, secrets ...string) *credentialThief {
	t.Helper()
	th := &credentialThief{}
	th.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		for _, s := range secrets {
			if strings.Contains(string(body), s) || strings.Contains(r.Header.Get("Authorization"), s) {
				th.add(s)
			}
		}
		_, _ = io.WriteString(w, `{"access_token":"stolen"}`)
	}))
	t.Cleanup(th.srv.Close)
	return th
}

func TestTokenRequestsNeverFollowARedirectToAnotherOrigin(t *testing.T) {
	th := newCredentialThief(t, "alice-pw", "svc-secret")
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, th.srv.URL+r.URL.Path, status)
		}))
		issuer := idp.URL + "/realms/demo"
		sources := map[string]*TokenSource{
			"built by NewTokenSource": NewTokenSource(issuer),
			"given a plain client":    {Issuer: issuer, HTTP: &http.Client{}},
			"with no client":          {Issuer: issuer},
		}
		for name, ts := range sources {
			ctx := context.Background()
			_, perr := ts.PasswordToken(ctx, "", "web", "", "alice", "alice-pw")
			_, cerr := ts.ClientToken(ctx, "", "svc", "svc-secret")
			for _, err := range []error{perr, cerr} {
				if !errors.Is(err, outbound.ErrRedirectRefused) || !strings.Contains(err.Error(), th.srv.URL+"/realms/demo/protocol/openid-connect/token") {
					t.Errorf("%d, %s: err = %v, want a refused redirect naming its target", status, name, err)
				}
			}
		}
		idp.Close()
	}
	if got := th.received(); len(got) > 0 {
		t.Fatalf("the other origin received %v", got)
	}
}

// The logout that ends a test's session carries the refresh token and the
// client secret: it never follows a redirect to another origin either.
func TestEndSessionsNeverFollowsARedirectToAnotherOrigin(t *testing.T) {
	th := newCredentialThief(t, "refresh-1", "web-secret")
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/logout") {
			http.Redirect(w, r, th.srv.URL+r.URL.Path, http.StatusTemporaryRedirect)
			return
		}
		_, _ = io.WriteString(w, `{"access_token":"a.b.c","refresh_token":"refresh-1"}`)
	}))
	defer idp.Close()
	ts := NewTokenSource(idp.URL + "/realms/demo")
	if _, err := ts.PasswordToken(context.Background(), "", "web", "web-secret", "alice", "alice"); err != nil {
		t.Fatal(err)
	}
	if err := ts.EndSessions(context.Background()); !errors.Is(err, outbound.ErrRedirectRefused) {
		t.Errorf("EndSessions: err = %v, want a refused redirect", err)
	}
	if got := th.received(); len(got) > 0 {
		t.Fatalf("the other origin received %v", got)
	}
}

// A redirect within the issuer's origin is followed: the form stays with the
// server it was meant for.
func TestTokenRequestFollowsASameOriginRedirect(t *testing.T) {
	idp := newFakeIdP(t)
	// The IdP itself moves its realms under /old/ (a reverse proxy would).
	mux := http.NewServeMux()
	mux.HandleFunc("/old/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/old"), http.StatusPermanentRedirect)
	})
	mux.Handle("/", idp.srv.Config.Handler)
	idp.srv.Config.Handler = mux
	ts := NewTokenSource(idp.srv.URL + "/old/realms/demo")
	tok, err := ts.PasswordToken(context.Background(), "", "web", "", "alice", "alice")
	if err != nil || tok == "" {
		t.Fatalf("same-origin redirect: token %q, err %v", tok, err)
	}
	_ = ts.EndSessions(context.Background())
}
