//go:build integration

package proxy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/livekc"
)

// passwordToken gets an access token for a demo user with the direct grant
// of the public client "web".
func passwordToken(t *testing.T, user string) (token, sub string) {
	t.Helper()
	token = livekc.PasswordToken(t, "demo", "web", user, user)
	// The subject, read from the token payload, is what X-User-Id must carry.
	var claims struct {
		Sub string `json:"sub"`
	}
	parts := strings.Split(token, ".")
	payload, err := base64URLDecode(parts[1])
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		t.Fatalf("decode token payload: %v", err)
	}
	return token, claims.Sub
}

func TestAgainstKeycloak(t *testing.T) {
	e := newEnv(t, func(c *routes.Config, o *Options) {
		c.Issuer = livekc.URL() + "/realms/demo"
		o.Clock = nil // real time for real tokens
	})
	aliceTok, aliceSub := passwordToken(t, "alice")
	bobTok, _ := passwordToken(t, "bob")

	r := e.do("GET", "/api/req", bearer(aliceTok))
	if r.status != 200 || r.echo.Headers["X-User-Id"] != aliceSub || r.echo.Headers["X-User-Name"] != "alice" {
		t.Fatalf("alice on a required route: %d %s", r.status, r.body)
	}
	if roles := r.echo.Headers["X-User-Roles"]; !strings.Contains(roles, "admin") || !strings.Contains(roles, "user") {
		t.Errorf("X-User-Roles %q", roles)
	}
	r = e.do("GET", "/api/opt", map[string]string{"X-User-Id": aliceSub, "x_user_id": "evil"})
	if r.status != 200 {
		t.Fatalf("anonymous on optional: %d %s", r.status, r.body)
	}
	for name := range r.echo.Headers {
		if routes.NormalizeHeaderName(name) == "x-user-id" {
			t.Errorf("anonymous request reached the upstream with %s", name)
		}
	}
	if r := e.do("GET", "/api/admin", bearer(bobTok)); r.status != 403 || !strings.Contains(r.err.Message, "admin") {
		t.Errorf("bob on the admin route: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/api/admin", bearer(aliceTok)); r.status != 200 {
		t.Errorf("alice on the admin route: %d %s", r.status, r.body)
	}
	st := e.srv.Status()
	if !st.Discovered || len(st.Keys) == 0 {
		t.Errorf("status %+v", st)
	}
}
