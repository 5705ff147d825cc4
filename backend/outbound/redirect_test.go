package outbound

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func TestSameOriginRedirectsRefusesEveryOtherOrigin(t *testing.T) {
	cases := []struct {
		from, to string
		ok       bool
	}{
		{"https://kc.example.com/realms/master/x", "https://kc.example.com/other", true},
		{"http://kc.example.com/x", "http://KC.example.com:80/y", true},
		{"https://kc.example.com/x", "https://kc.example.com:443/y", true},
		{"https://kc.example.com/x", "http://kc.example.com/x", false},      // downgrade
		{"http://kc.example.com/x", "https://kc.example.com/x", false},      // another scheme is another origin
		{"http://127.0.0.1:8180/x", "http://127.0.0.1:9999/x", false},       // another port
		{"https://kc.example.com/x", "https://evil.example.com/x", false},   // another host
		{"https://kc.example.com/x", "https://sub.kc.example.com/x", false}, // a subdomain too
	}
	for _, c := range cases {
		first := httptest.NewRequest(http.MethodGet, c.from, nil)
		next := httptest.NewRequest(http.MethodGet, c.to, nil)
		err := SameOriginRedirects(next, []*http.Request{first})
		if c.ok && err != nil {
			t.Errorf("%s → %s refused: %v", c.from, c.to, err)
		}
		if !c.ok && !errors.Is(err, ErrRedirectRefused) {
			t.Errorf("%s → %s: err = %v, want ErrRedirectRefused", c.from, c.to, err)
		}
	}
}

// TestSameOriginRedirectsComparesWithTheFirstRequest: a chain that returns to
// the first origin after a hop elsewhere is refused at the hop.
func TestSameOriginRedirectsComparesWithTheFirstRequest(t *testing.T) {
	a := httptest.NewRequest(http.MethodGet, "https://a.example/x", nil)
	a2 := httptest.NewRequest(http.MethodGet, "https://a.example/y", nil)
	b := httptest.NewRequest(http.MethodGet, "https://b.example/z?code=secret", nil)
	err := SameOriginRedirects(b, []*http.Request{a, a2})
	var re *RedirectError
	if !errors.As(err, &re) || re.From != "https://a.example" || re.To != "https://b.example/z" {
		t.Fatalf("err = %#v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("the error carries the redirect's query: %v", err)
	}
}

// TestClientDoesNotResendAFormToAnotherOrigin is the attack itself: a 307
// tells the client to POST the same body (a password) to another server.
func TestClientDoesNotResendAFormToAnotherOrigin(t *testing.T) {
	var reached atomic.Bool
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "hunter2") {
			reached.Store(true)
		}
	}))
	defer thief.Close()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, thief.URL+"/steal", status)
		}))
		resp, err := Client(nil).PostForm(idp.URL+"/token", url.Values{"password": {"hunter2"}})
		if err == nil {
			resp.Body.Close()
		}
		idp.Close()
		if !errors.Is(err, ErrRedirectRefused) || !strings.Contains(err.Error(), thief.URL+"/steal") {
			t.Errorf("%d: err = %v, want a refused redirect naming its target", status, err)
		}
	}
	if reached.Load() {
		t.Fatal("the password reached the other origin")
	}
}

func TestClientFollowsASameOriginRedirect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusPermanentRedirect)
			return
		}
		_ = r.ParseForm()
		_, _ = io.WriteString(w, r.URL.Path+" "+r.PostForm.Get("password"))
	}))
	defer srv.Close()
	resp, err := Client(&http.Client{}).PostForm(srv.URL+"/old", url.Values{"password": {"pw"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "/new pw" {
		t.Errorf("body %q, want the form re-sent to /new", body)
	}
}

func TestClientKeepsTheBaseClientUntouched(t *testing.T) {
	base := &http.Client{}
	c := Client(base)
	if base.CheckRedirect != nil || c == base || c.CheckRedirect == nil {
		t.Errorf("Client must copy, not modify, its base")
	}
}

func TestSafeMethod(t *testing.T) {
	for _, m := range []string{"", "GET", "get", " HEAD ", "OPTIONS"} {
		if !SafeMethod(m) {
			t.Errorf("%q is safe", m)
		}
	}
	for _, m := range []string{"POST", "put", "DELETE", "PATCH", "PROPFIND", "TRACE"} {
		if SafeMethod(m) {
			t.Errorf("%q is not safe", m)
		}
	}
}
