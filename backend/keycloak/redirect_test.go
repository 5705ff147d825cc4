package keycloak

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// thief is another origin a redirect points at. It records every credential
// it is handed: a form field, Basic auth or a bearer token.
type thief struct {
	srv *httptest.Server

	mu  sync.Mutex
	got []string
}

func newThief(t *testing.T) *thief {
	t.Helper()
	th := &thief{}
	th.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		th.mu.Lock()
		defer th.mu.Unlock()
		for _, secret := range []string{"s3cret", "svc-secret"} {
			if strings.Contains(string(body), secret) {
				th.got = append(th.got, "form "+secret)
			}
		}
		if _, p, ok := r.BasicAuth(); ok {
			th.got = append(th.got, "basic auth "+p)
		}
		if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
			th.got = append(th.got, "bearer token")
		}
		writeJSON(w, http.StatusOK, map[string]any{"access_token": "stolen", "expires_in": 60})
	}))
	t.Cleanup(th.srv.Close)
	return th
}

func (th *thief) received() []string {
	th.mu.Lock()
	defer th.mu.Unlock()
	return append([]string(nil), th.got...)
}

// assertRefused fails unless the call ended with ErrRedirected and nothing
// reached the thief.
func (th *thief) assertRefused(t *testing.T, err error) {
	t.Helper()
	if got := th.received(); len(got) > 0 {
		t.Fatalf("the other origin received %v", got)
	}
	if !errors.Is(err, ErrRedirected) {
		t.Fatalf("err = %v, want ErrRedirected", err)
	}
}

// redirecting answers every request with status to target + the same path.
func redirecting(status int, target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, status)
	}
}

func TestLoginNeverFollowsARedirectToAnotherOrigin(t *testing.T) {
	logins := map[string]Config{
		"password":           {Username: "admin", Password: "s3cret"},
		"client credentials": {ClientID: "svc", ClientSecret: "svc-secret"},
	}
	for name, creds := range logins {
		for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(name+"/"+http.StatusText(status), func(t *testing.T) {
				th := newThief(t)
				idp := httptest.NewServer(redirecting(status, th.srv.URL))
				defer idp.Close()
				c, err := New(Config{BaseURL: idp.URL, Username: creds.Username, Password: creds.Password,
					ClientID: creds.ClientID, ClientSecret: creds.ClientSecret})
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.ServerVersion(context.Background())
				th.assertRefused(t, err)
				if !strings.Contains(err.Error(), th.srv.URL+"/realms/master/protocol/openid-connect/token") {
					t.Fatalf("err = %v, want ErrRedirected naming the redirect's target", err)
				}
			})
		}
	}
}

func TestLoginNeverFollowsARedirectFromHTTPSToHTTP(t *testing.T) {
	th := newThief(t)
	idp := httptest.NewTLSServer(redirecting(http.StatusTemporaryRedirect, th.srv.URL))
	defer idp.Close()
	c, err := New(Config{BaseURL: idp.URL, Username: "admin", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(idp.Certificate())
	c.gc.RestyClient().SetTLSClientConfig(&tls.Config{RootCAs: pool})
	_, err = c.ServerVersion(context.Background())
	th.assertRefused(t, err)
}

// An admin call carries the bearer token: Go's client keeps the Authorization
// header on a redirect to another port of the same host.
func TestAdminCallNeverFollowsARedirectToAnotherOrigin(t *testing.T) {
	th := newThief(t)
	f := newFakeKeycloak(t)
	f.handle(redirecting(http.StatusTemporaryRedirect, th.srv.URL))
	c, _ := f.client()
	_, err := c.ServerVersion(context.Background())
	th.assertRefused(t, err)
}

// A redirect within the same origin (a reverse proxy moving a path) is
// followed: the credential stays with the server it was meant for.
func TestLoginFollowsASameOriginRedirect(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(serverInfo)
	front := http.NewServeMux()
	front.HandleFunc("/old/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/old"), http.StatusPermanentRedirect)
	})
	front.HandleFunc("/", f.serve)
	f.srv.Config.Handler = front
	c, _ := f.client()
	// Only the token request goes through the moved path.
	c.tokens.cfg.BaseURL = f.srv.URL + "/old"
	if _, err := c.ServerVersion(context.Background()); err != nil {
		t.Fatalf("same-origin redirect: %v", err)
	}
	if got := f.grantTypes(); len(got) != 1 || f.forms[0]["password"] != "s3cret" {
		t.Fatalf("token requests %v, want one login with the form re-sent", got)
	}
}
