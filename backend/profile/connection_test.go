package profile_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/nowhere"
)

// writeJSON answers v as JSON. A failed write shows on the client's side as
// a broken response, which fails the test there.
func writeJSON(w http.ResponseWriter, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

// fakeKeycloak answers the token endpoint and the two admin calls a
// connection test makes; realmsStatus chooses how /admin/realms answers.
func fakeKeycloak(t *testing.T, password string, realmsStatus int, tls bool) *httptest.Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/realms/master/protocol/openid-connect/token"):
			if err := r.ParseForm(); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if r.PostForm.Get("password") != password {
				w.WriteHeader(http.StatusUnauthorized)
				writeJSON(w, map[string]string{"error": "invalid_grant", "error_description": "Invalid user credentials"})
				return
			}
			writeJSON(w, map[string]any{"access_token": "tok", "expires_in": 60, "refresh_token": "ref", "refresh_expires_in": 1800, "token_type": "Bearer"})
		case r.URL.Path == "/admin/realms":
			if realmsStatus != http.StatusOK {
				w.WriteHeader(realmsStatus)
				writeJSON(w, map[string]string{"error": "HTTP 403 Forbidden"})
				return
			}
			writeJSON(w, []map[string]any{{"realm": "master", "enabled": true}, {"realm": "demo", "enabled": true}})
		case r.URL.Path == "/admin/serverinfo":
			writeJSON(w, map[string]any{"systemInfo": map[string]string{"version": "26.5.6"}})
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

func connProfile(url string) profile.Profile {
	return profile.Profile{Details: profile.Details{Name: "T", KeycloakURL: url, AdminRealm: "master", AuthMethod: profile.AuthPassword, Username: "admin"}}
}

func TestConnectionSentences(t *testing.T) {
	ctx := context.Background()
	ok := fakeKeycloak(t, "admin", http.StatusOK, false)
	forbidden := fakeKeycloak(t, "admin", http.StatusForbidden, false)
	withTLS := fakeKeycloak(t, "admin", http.StatusOK, true)

	closed := nowhere.URL(t) // held for the test: no other server can be given it

	res := profile.TestConnection(ctx, connProfile(ok.URL), "admin")
	if !res.OK || res.KeycloakVersion != "26.5.6" || !slices.Equal(res.Realms, []string{"demo", "master"}) || res.Problem != "" {
		t.Errorf("good credentials: %+v", res)
	}
	cases := []struct {
		name, url, secret, want string
	}{
		{"wrong password", ok.URL, "nope", "Wrong credentials"},
		{"no admin roles", forbidden.URL, "admin", "missing admin roles"},
		{"nothing listening", closed, "admin", "unreachable"},
		{"untrusted certificate", withTLS.URL, "admin", "TLS"},
		{"unknown host", "http://tandem-no-such-host.invalid", "admin", "unreachable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := profile.TestConnection(ctx, connProfile(c.url), c.secret)
			t.Log(res.Problem)
			if res.OK || !strings.Contains(res.Problem, c.want) {
				t.Errorf("result = %+v, want a problem saying %q", res, c.want)
			}
			if strings.Count(res.Problem, ". ") > 0 || !strings.HasSuffix(res.Problem, ".") {
				t.Errorf("problem is not one sentence: %q", res.Problem)
			}
		})
	}
}
