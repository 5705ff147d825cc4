package keycloak

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/test/testclock"
)

// fakeKeycloak is a token endpoint plus an admin API whose handler each test
// sets. It issues numbered tokens and rejects admin calls without a live one.
type fakeKeycloak struct {
	t   *testing.T
	srv *httptest.Server

	mu               sync.Mutex
	expiresIn        int
	refreshExpiresIn int
	issued           int
	live             map[string]bool // access tokens the admin API accepts
	liveRefresh      map[string]bool
	grants           []string // grant_type of every token request
	forms            []map[string]string
	adminCalls       int
	admin            http.HandlerFunc
}

func newFakeKeycloak(t *testing.T) *fakeKeycloak {
	t.Helper()
	f := &fakeKeycloak{
		t: t, expiresIn: 60, refreshExpiresIn: 1800,
		live: map[string]bool{}, liveRefresh: map[string]bool{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeKeycloak) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/protocol/openid-connect/token") {
		f.token(w, r)
		return
	}
	f.mu.Lock()
	f.adminCalls++
	ok := f.live[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	admin := f.admin
	f.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "HTTP 401 Unauthorized"})
		return
	}
	if admin == nil {
		f.t.Errorf("unexpected admin call %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	admin(w, r)
}

func (f *fakeKeycloak) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("parse token form: %v", err)
	}
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = r.PostForm.Get(k)
	}
	if u, p, ok := r.BasicAuth(); ok {
		form["basic_user"], form["basic_password"] = u, p
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.grants = append(f.grants, form["grant_type"])
	f.forms = append(f.forms, form)
	switch form["grant_type"] {
	case "password":
		if form["username"] != "admin" || form["password"] != "s3cret" {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_grant", "error_description": "Invalid user credentials"})
			return
		}
	case "refresh_token":
		if !f.liveRefresh[form["refresh_token"]] {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "Token is not active"})
			return
		}
	case "client_credentials":
		if form["basic_user"] != "svc" || form["basic_password"] != "svc-secret" {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized_client", "error_description": "Invalid client or Invalid client credentials"})
			return
		}
	}
	f.issued++
	access, refresh := fmt.Sprintf("access-%d", f.issued), fmt.Sprintf("refresh-%d", f.issued)
	f.live[access] = true
	f.liveRefresh[refresh] = true
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": access, "expires_in": f.expiresIn,
		"refresh_token": refresh, "refresh_expires_in": f.refreshExpiresIn, "token_type": "Bearer",
	})
}

// revokeAll makes every issued token invalid, as a Keycloak restart would.
func (f *fakeKeycloak) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.live = map[string]bool{}
	f.liveRefresh = map[string]bool{}
}

func (f *fakeKeycloak) grantTypes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.grants...)
}

func (f *fakeKeycloak) admins() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.adminCalls
}

func (f *fakeKeycloak) handle(h http.HandlerFunc) {
	f.mu.Lock()
	f.admin = h
	f.mu.Unlock()
}

// storeOne serves one representation as an update meets it: every GET
// answers stored, and the body of the last PUT is kept in what it returns.
func (f *fakeKeycloak) storeOne(stored any) *map[string]any {
	put := new(map[string]any)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, stored)
		case http.MethodPut:
			if err := json.NewDecoder(r.Body).Decode(put); err != nil {
				f.t.Errorf("decode PUT body: %v", err)
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			f.t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	})
	return put
}

// wantNoAdminCalls fails the test when any admin request reached the fake:
// input refused before anything is sent.
func (f *fakeKeycloak) wantNoAdminCalls() {
	f.t.Helper()
	if n := f.admins(); n != 0 {
		f.t.Errorf("sent %d admin calls, want none", n)
	}
}

// acceptingCreate is a client whose fake Keycloak answers one create: a
// POST to path gets 201, with a Location ending in createdID when one is
// given, and the body it carried is decoded into body. Any other request
// fails the test.
func acceptingCreate(t *testing.T, path, createdID string, body any) *Client {
	t.Helper()
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != path {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		if err := json.NewDecoder(r.Body).Decode(body); err != nil {
			t.Errorf("decode POST body: %v", err)
		}
		if createdID != "" {
			w.Header().Set("Location", "http://kc"+r.URL.Path+"/"+createdID)
		}
		w.WriteHeader(http.StatusCreated)
	})
	c, _ := f.client()
	return c
}

// routes serves the admin API from a table keyed by ServeMux patterns:
// "GET /admin/realms/r/roles/top", or a bare path for any method. A value is
// a handler, or a body answered as JSON with 200 OK. A request no pattern
// matches fails the test.
func (f *fakeKeycloak) routes(table map[string]any) {
	mux := http.NewServeMux()
	for pattern, v := range table {
		switch h := v.(type) {
		case http.HandlerFunc:
			mux.Handle(pattern, h)
		case func(http.ResponseWriter, *http.Request):
			mux.HandleFunc(pattern, h)
		default:
			mux.Handle(pattern, replyJSON(http.StatusOK, v))
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.t.Errorf("unexpected %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	})
	f.handle(mux.ServeHTTP)
}

// routedClient is a client whose fake Keycloak serves table (see routes).
func routedClient(t *testing.T, table map[string]any) *Client {
	t.Helper()
	f := newFakeKeycloak(t)
	f.routes(table)
	c, _ := f.client()
	return c
}

// replyJSON answers every request with status and body as JSON.
func replyJSON(status int, body any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, status, body) }
}

// receive decodes each request's JSON body into into and answers 204.
func receive(t *testing.T, into any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewDecoder(r.Body).Decode(into); err != nil {
			t.Errorf("decode %s %s body: %v", r.Method, r.URL.Path, err)
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// usersFake answers the users list with one user and the users count with
// a number; it keeps the path of every request and the last query of each.
type usersFake struct {
	mu          sync.Mutex
	paths       []string
	list, count url.Values
}

func (f *fakeKeycloak) serveUsers(username string, total int) *usersFake {
	u := &usersFake{}
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		defer u.mu.Unlock()
		u.paths = append(u.paths, r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/users/count") {
			u.count = r.URL.Query()
			writeJSON(w, http.StatusOK, total)
			return
		}
		u.list = r.URL.Query()
		writeJSON(w, http.StatusOK, []map[string]any{{"id": "1", "username": username}})
	})
	return u
}

// client returns a password-login client for the fake, with a clock the test
// can move.
func (f *fakeKeycloak) client(mutate ...func(*Config)) (*Client, *testclock.Clock) {
	f.t.Helper()
	cfg := Config{BaseURL: f.srv.URL, AdminRealm: "master", Username: "admin", Password: "s3cret"}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		f.t.Fatalf("New: %v", err)
	}
	clock := testclock.New(time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC))
	c.tokens.now = clock.Now
	return c, clock
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func serverInfo(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"systemInfo": map[string]string{"version": "26.5.6"}})
}
