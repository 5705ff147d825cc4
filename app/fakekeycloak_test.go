package app

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// sessionOn returns a session whose active profile points at a fake
// Keycloak: a token endpoint plus admin, the handler for /admin/....
func sessionOn(t *testing.T, admin http.HandlerFunc) *Session {
	t.Helper()
	s, _ := recordedSessionOn(t, admin)
	return s
}

// recordedSessionOn is sessionOn with the recorder of the events the
// session's services emit.
func recordedSessionOn(t *testing.T, admin http.HandlerFunc) (*Session, *recorder) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/protocol/openid-connect/token") {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "t", "expires_in": 60, "token_type": "Bearer"})
			return
		}
		admin(w, r)
	}))
	t.Cleanup(srv.Close)
	s, rec := newTestSession(t)
	in := staging("fake")
	in.KeycloakURL = srv.URL
	switchTo(t, s, in)
	return s, rec
}
