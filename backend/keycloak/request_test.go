package keycloak

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/test/nowhere"
	"github.com/tandemhq/tandem/test/testclock"
)

func TestCallLogsInOnceAndReusesTheToken(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(serverInfo)
	c, _ := f.client()

	for range 3 {
		v, err := c.ServerVersion(context.Background())
		if err != nil {
			t.Fatalf("ServerVersion: %v", err)
		}
		if v != "26.5.6" {
			t.Fatalf("version = %q, want 26.5.6", v)
		}
	}
	if got := f.grantTypes(); !slices.Equal(got, []string{"password"}) {
		t.Fatalf("token requests = %v, want one password login", got)
	}
	if form := f.forms[0]; form["client_id"] != "admin-cli" || form["username"] != "admin" {
		t.Fatalf("login form = %v, want admin-cli and the configured user", form)
	}
}

// callTwice makes one admin call, lets between run (moving the clock,
// revoking tokens), makes a second and returns the token requests sent.
func callTwice(t *testing.T, f *fakeKeycloak, between func(clock *testclock.Clock)) []string {
	t.Helper()
	f.handle(serverInfo)
	c, clock := f.client()
	ctx := context.Background()
	if _, err := c.ServerVersion(ctx); err != nil {
		t.Fatal(err)
	}
	between(clock)
	if _, err := c.ServerVersion(ctx); err != nil {
		t.Fatalf("second call: %v", err)
	}
	return f.grantTypes()
}

func TestCallRefreshesBeforeTheTokenExpires(t *testing.T) {
	f := newFakeKeycloak(t)
	// 55 s into a 60 s token: inside the renewal margin, not yet expired.
	got := callTwice(t, f, func(clock *testclock.Clock) { clock.Advance(55 * time.Second) })
	if !slices.Equal(got, []string{"password", "refresh_token"}) {
		t.Fatalf("token requests = %v, want a login then a refresh", got)
	}
	if f.forms[1]["refresh_token"] != "refresh-1" {
		t.Fatalf("refresh used %q, want the first refresh token", f.forms[1]["refresh_token"])
	}
}

func TestCallLogsInAgainWhenTheRefreshTokenHasExpired(t *testing.T) {
	f := newFakeKeycloak(t)
	f.refreshExpiresIn = 120
	got := callTwice(t, f, func(clock *testclock.Clock) { clock.Advance(10 * time.Minute) })
	if !slices.Equal(got, []string{"password", "password"}) {
		t.Fatalf("token requests = %v, want two password logins", got)
	}
}

func TestCallLogsInAgainWhenTheRefreshIsRejected(t *testing.T) {
	f := newFakeKeycloak(t)
	got := callTwice(t, f, func(clock *testclock.Clock) {
		f.revokeAll() // e.g. the admin session was ended in Keycloak
		clock.Advance(55 * time.Second)
	})
	if !slices.Equal(got, []string{"password", "refresh_token", "password"}) {
		t.Fatalf("token requests = %v, want login, failed refresh, login", got)
	}
}

func TestCallUsesClientCredentials(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(serverInfo)
	c, _ := f.client(func(cfg *Config) {
		cfg.Username, cfg.Password = "", ""
		cfg.ClientID, cfg.ClientSecret = "svc", "svc-secret"
	})
	if _, err := c.ServerVersion(context.Background()); err != nil {
		t.Fatalf("ServerVersion: %v", err)
	}
	if got := f.grantTypes(); !slices.Equal(got, []string{"client_credentials"}) {
		t.Fatalf("token requests = %v, want client_credentials", got)
	}
}

func TestCallRetriesOnceWithAFreshLoginAfter401(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(serverInfo)
	c, _ := f.client()
	ctx := context.Background()
	if _, err := c.ServerVersion(ctx); err != nil {
		t.Fatal(err)
	}

	f.revokeAll() // Keycloak restarted: the cached token is no longer valid
	if _, err := c.ServerVersion(ctx); err != nil {
		t.Fatalf("ServerVersion after revocation: %v", err)
	}
	if got := f.grantTypes(); !slices.Equal(got, []string{"password", "password"}) {
		t.Fatalf("token requests = %v, want a second login after the 401", got)
	}
	if got := f.admins(); got != 3 {
		t.Fatalf("admin requests = %d, want 3 (ok, 401, retried ok)", got)
	}
}

func TestCallRetriesOnlyOnce(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"errorMessage": "nope"})
	})
	c, _ := f.client()

	_, err := c.ServerVersion(context.Background())
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if got := f.admins(); got != 2 {
		t.Fatalf("admin requests = %d, want exactly 2", got)
	}
}

func TestCallMapsStatusesToSentinels(t *testing.T) {
	cases := []struct {
		status int
		want   error
	}{
		{http.StatusBadRequest, ErrInvalidInput},
		{http.StatusForbidden, ErrForbidden},
		{http.StatusNotFound, ErrNotFound},
		{http.StatusConflict, ErrConflict},
		{http.StatusInternalServerError, ErrServer},
		{http.StatusServiceUnavailable, ErrUnreachable},
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			f := newFakeKeycloak(t)
			f.handle(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, tc.status, map[string]string{"errorMessage": "User exists with same username"})
			})
			c, _ := f.client()
			_, err := c.GetRealm(context.Background(), "demo")
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var kcErr *Error
			if !errors.As(err, &kcErr) {
				t.Fatalf("err %T is not an *Error", err)
			}
			if kcErr.Status != tc.status || kcErr.Message != "User exists with same username" || kcErr.Op != `get realm "demo"` {
				t.Fatalf("error = %+v, want status %d, Keycloak's message and the op", kcErr, tc.status)
			}
		})
	}
}

func TestCallTimesOut(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c, _ := f.client(func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })

	_, err := c.ServerVersion(context.Background())
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
}

func TestCallReportsCallerCancellation(t *testing.T) {
	f := newFakeKeycloak(t)
	ctx, cancel := context.WithCancel(context.Background())
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	})
	c, _ := f.client()

	_, err := c.ServerVersion(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestCallReportsAnUnreachableServer(t *testing.T) {
	// A port the test holds without listening: refused like a stopped
	// server's, and no other server can be given it meanwhile.
	url := nowhere.URL(t)
	c, err := New(Config{BaseURL: url, Username: "admin", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerVersion(context.Background())
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %q, want the cause named", err)
	}
}

func TestCallReportsAnUntrustedCertificate(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	srv.StartTLS()
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Username: "admin", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerVersion(context.Background())
	if !errors.Is(err, ErrTLS) {
		t.Fatalf("err = %v, want ErrTLS", err)
	}
}

func TestLoginFailureNamesTheReasonButNotTheSecret(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client(func(cfg *Config) { cfg.Password = "wrong-password-123" })

	_, err := c.ServerVersion(context.Background())
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if !strings.Contains(err.Error(), "Invalid user credentials") {
		t.Fatalf("err = %q, want Keycloak's reason", err)
	}
	if strings.Contains(err.Error(), "wrong-password-123") {
		t.Fatalf("err = %q leaks the password", err)
	}
	if f.admins() != 0 {
		t.Fatal("an admin request was sent without a token")
	}
}

func TestNewRejectsABadBaseURL(t *testing.T) {
	for _, u := range []string{"", "  ", "127.0.0.1:8180", "ftp://kc"} {
		if _, err := New(Config{BaseURL: u}); err == nil {
			t.Errorf("New(%q) succeeded, want an error", u)
		}
	}
}

// A typed gocloak call and a raw request that fail alike must report alike:
// gocloak flattens a failure into text, which would drop Keycloak's field
// validation details.
func TestTypedAndRawCallsReportAFailureAlike(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadRequest, map[string]any{
			"field": "email", "errorMessage": "error-invalid-email", "params": []any{"email", "not-an-address"},
		})
	})
	c, _ := f.client()
	ctx := context.Background()

	typed := c.call(ctx, "get user", func(ctx context.Context, token string) error {
		_, err := c.gc.GetUserByID(ctx, token, "demo", "u1")
		return err
	})
	raw := c.do(ctx, "get user", request{method: http.MethodGet, path: adminPath("realms", "demo", "users", "u1")})
	var typedErr, rawErr *Error
	if !errors.As(typed, &typedErr) || !errors.As(raw, &rawErr) {
		t.Fatalf("typed = %v, raw = %v; want two *Error", typed, raw)
	}
	if *typedErr != *rawErr {
		t.Fatalf("typed call error = %+v, raw request error = %+v; want the same", typedErr, rawErr)
	}
	if !errors.Is(typed, ErrInvalidInput) || !strings.Contains(typedErr.Message, "not-an-address") {
		t.Fatalf("typed call error = %+v, want ErrInvalidInput naming the rejected value", typedErr)
	}
}
