package tester

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// The login form's action is read from the page as Keycloak writes it
// (attributes in any order, &amp; in the query).
func TestLoginFormAction(t *testing.T) {
	page := `<html><body><form id="kc-form-login" onsubmit="x()" action="http://127.0.0.1:8180/realms/demo/login-actions/authenticate?session_code=a&amp;execution=b&amp;tab_id=c" method="post">
		<input tabindex="1" id="username" name="username" type="text"><input id="password" name="password" type="password"></form></body></html>`
	base, _ := url.Parse("http://127.0.0.1:8180/realms/demo/protocol/openid-connect/auth")
	u, err := loginFormAction([]byte(page), base)
	if err != nil || u.Query().Get("execution") != "b" || u.Path != "/realms/demo/login-actions/authenticate" {
		t.Fatalf("action = %v, %v", u, err)
	}
	if _, err := loginFormAction([]byte(`<form action="/x"><input name="otp"></form>`), base); err != ErrNoLoginForm {
		t.Fatalf("a page without a password field: %v", err)
	}
}

// A login form that posts anywhere but the issuer's origin gets no
// password: the sign-in stops before posting.
func TestSignInNeverPostsThePasswordToAnotherOrigin(t *testing.T) {
	var posted atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { posted.Add(1) }))
	defer evil.Close()
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`<form action="` + evil.URL + `/steal" method="post"><input name="username"><input name="password"></form>`))
	}))
	defer idp.Close()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, idp.URL+"/realms/demo/protocol/openid-connect/auth", http.StatusFound)
	}))
	defer proxy.Close()

	_, err := SignInBrowser(context.Background(), proxy.URL, idp.URL+"/realms/demo", "/app", "alice", "alice")
	if err == nil || !strings.Contains(err.Error(), "the password was not sent") || posted.Load() != 0 {
		t.Fatalf("err = %v, posts to the other origin: %d", err, posted.Load())
	}
}

// A tampered cookie differs from the real one in one character of its value.
func TestTamperChangesOneCharacter(t *testing.T) {
	real := BrowserSession{Cookies: []*http.Cookie{{Name: "tandem_session", Value: "AbCdEfGhIj"}}}
	got := tamper(real)
	if got == real.CookieHeader() || len(got) != len(real.CookieHeader()) || real.Cookies[0].Value != "AbCdEfGhIj" {
		t.Fatalf("tamper = %q from %q", got, real.CookieHeader())
	}
}
