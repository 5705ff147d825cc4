//go:build integration

package proxy

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tokenclaims"
	"github.com/tandemhq/tandem/test/livekc"
)

// demoProxySecret is the demo realm's fixed secret of client tandem-proxy.
const demoProxySecret = "demo-proxy-secret"

func adminToken(t *testing.T) string {
	t.Helper()
	return livekc.PasswordToken(t, "master", "admin-cli", "admin", "admin")
}

func adminCall(t *testing.T, method, path string, body any, out any) int {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, livekc.URL()+"/admin/realms"+path, rd)
	req.Header.Set("Authorization", "Bearer "+adminToken(t))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

// signInRealm creates a realm holding the demo realm's tandem-proxy client
// (as scripts/keycloak/demo-realm.json defines it) and the user alice, with
// the given access-token lifespan; it is deleted when the test ends.
func signInRealm(t *testing.T, accessTTL time.Duration) string {
	t.Helper()
	raw, err := os.ReadFile("../../scripts/keycloak/demo-realm.json")
	if err != nil {
		t.Fatal(err)
	}
	var demo struct {
		Clients []map[string]any `json:"clients"`
		Users   []map[string]any `json:"users"`
	}
	if err := json.Unmarshal(raw, &demo); err != nil {
		t.Fatal(err)
	}
	realm := map[string]any{"enabled": true, "accessTokenLifespan": int(accessTTL / time.Second),
		"roles": map[string]any{"realm": []map[string]any{{"name": "user"}, {"name": "admin"}}}}
	for _, c := range demo.Clients {
		if c["clientId"] == "tandem-proxy" {
			realm["clients"] = []any{c}
		}
	}
	for _, u := range demo.Users {
		if u["username"] == "alice" {
			delete(u, "groups")
			realm["users"] = []any{u}
		}
	}
	if realm["clients"] == nil || realm["users"] == nil {
		t.Fatal("the demo realm lacks client tandem-proxy or user alice")
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "tandem-signin-" + hex.EncodeToString(b)
	realm["realm"] = name
	if code := adminCall(t, "POST", "", realm, nil); code != http.StatusCreated {
		t.Fatalf("create realm: %d", code)
	}
	t.Cleanup(func() { adminCall(t, "DELETE", "/"+name, nil, nil) })
	return name
}

// kcProxy is a proxy with sign-in at a Keycloak realm; its clock runs
// offset ahead of the real one, so a test can let a token expire for the
// proxy without waiting.
type kcProxy struct {
	*loginEnv
	offset atomic.Int64
}

func newKCProxy(t *testing.T, realm string, keys ...[]byte) *kcProxy {
	t.Helper()
	p := &kcProxy{loginEnv: &loginEnv{t: t, up: newJSONUpstream(t), keys: keys, recordLog: newRecordLog()}}
	p.srv = startServer(t, loginConfig(livekc.URL()+"/realms/"+realm, p.up.srv.URL), Options{
		Clock: func() time.Time { return time.Now().Add(time.Duration(p.offset.Load())) },
		Sink:  p.recordLog,
		LoginSecrets: func(routes.Config) (LoginSecrets, error) {
			return LoginSecrets{ClientSecret: demoProxySecret, CookieKeys: keys}, nil
		},
	})
	p.base = "http://" + p.srv.Addr()
	return p
}

var formAction = regexp.MustCompile(`<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"`)

// keycloakSignIn walks a browser from a navigation to path through
// Keycloak's login form, posted as a browser posts it, back to the page.
func keycloakSignIn(t *testing.T, b *browser, p *kcProxy, path, user, password string) result {
	t.Helper()
	page, hops := b.follow(p.base + path)
	m := formAction.FindSubmatch(page.body)
	if page.status != http.StatusOK || m == nil {
		t.Fatalf("no Keycloak login form (%d, hops %v): %.500s", page.status, hops, page.body)
	}
	action := html.UnescapeString(string(m[1]))
	req, _ := http.NewRequest("POST", action, strings.NewReader(url.Values{
		"username": {user}, "password": {password}, "credentialId": {""},
	}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	posted := readResult(t, resp)
	if posted.status != http.StatusFound {
		t.Fatalf("login form answered %d (a profile form or an error?): %.800s", posted.status, posted.body)
	}
	res, hops := b.follow(posted.header.Get("Location"))
	if res.status != http.StatusOK {
		t.Fatalf("after the login form: %d %s (hops %v)", res.status, res.body, hops)
	}
	return res
}

func userSessions(t *testing.T, realm, username string) int {
	t.Helper()
	var users []struct {
		ID string `json:"id"`
	}
	adminCall(t, "GET", "/"+realm+"/users?exact=true&username="+username, nil, &users)
	if len(users) != 1 {
		t.Fatalf("user %s: %d found", username, len(users))
	}
	var sessions []any
	adminCall(t, "GET", "/"+realm+"/users/"+users[0].ID+"/sessions", nil, &sessions)
	return len(sessions)
}

// The whole flow against Keycloak: its login form, the callback, the
// identity upstream, /me, a refresh once the access token expires for the
// proxy, another instance with the same keys (and a rotated key list), and
// logout ending the Keycloak session.
func TestIntegrationSignInWithKeycloak(t *testing.T) {
	realm := signInRealm(t, 10*time.Second)
	k1, k2 := testCookieKey(11), testCookieKey(12)
	p := newKCProxy(t, realm, k1)
	b := newBrowser(t)

	res := keycloakSignIn(t, b, p, "/app/home?x=1", "alice", "alice")
	if res.echo.Path != "/app/home" || res.echo.Query != "x=1" || res.echo.Headers["X-User-Name"] != "alice" {
		t.Fatalf("after sign-in: %s %s %v", res.echo.Path, res.echo.Query, res.echo.Headers)
	}
	if strings.Contains(res.echo.Headers["Cookie"], "tandem_session") {
		t.Errorf("upstream got the session cookie")
	}
	var me meBody
	if r := b.get(p.base+"/_tandem/auth/me", "Accept", "application/json"); r.status != 200 || !jsonInto(r.body, &me) || me.Name != "alice" || me.Email != "alice@example.com" {
		t.Fatalf("me: %d %s", r.status, r.body)
	}
	// The audience mapper makes the client's access tokens carry its id.
	pass := b.get(p.base + "/pass")
	claims, err := payloadClaims(strings.TrimPrefix(pass.echo.Headers["Authorization"], "Bearer "))
	if err != nil || !strings.Contains(strings.Join(tokenclaims.Audience(claims), ","), "tandem-proxy") {
		t.Errorf("pass_token: aud %v, err %v", claims["aud"], err)
	}
	if userSessions(t, realm, "alice") != 1 {
		t.Fatalf("Keycloak sessions after sign-in: %d", userSessions(t, realm, "alice"))
	}

	// Expired for the proxy (its clock 12 s ahead, within the 5 s leeway of
	// the new token): refreshed at Keycloak and the cookie set anew.
	p.offset.Store(int64(12 * time.Second))
	r := b.get(p.base + "/app")
	if r.status != 200 || r.echo.Headers["X-User-Name"] != "alice" {
		t.Fatalf("after expiry: %d %s", r.status, r.body)
	}
	if rec := p.recordOf(t, r); rec.Decision != DecisionSessionRefreshed {
		t.Fatalf("record after expiry: %+v", rec)
	}
	p.offset.Store(0)

	// Another instance with the same key, and one whose new key comes first.
	cookies := b.cookies(p.base)
	for _, other := range []*kcProxy{newKCProxy(t, realm, k1), newKCProxy(t, realm, k2, k1)} {
		resp, err := sendCookies(other.base+"/app", cookies)
		if err != nil {
			t.Fatal(err)
		}
		if r := readResult(t, resp); r.status != 200 || r.echo.Headers["X-User-Name"] != "alice" {
			t.Errorf("another instance: %d %s", r.status, r.body)
		}
	}

	// Logout ends the Keycloak session and the page is anonymous again.
	out := b.send("POST", p.base+"/_tandem/auth/logout?rd=/page")
	if out.status != http.StatusSeeOther || out.header.Get("Location") != "/page" {
		t.Fatalf("logout: %d %q", out.status, out.header.Get("Location"))
	}
	if n := userSessions(t, realm, "alice"); n != 0 {
		t.Errorf("Keycloak sessions after logout: %d", n)
	}
	if r := b.get(p.base + "/page"); r.status != 200 || r.echo.Headers["X-User-Id"] != "" {
		t.Errorf("page after logout: %d %v", r.status, r.echo.Headers["X-User-Id"])
	}
	if r := b.get(p.base + "/app"); r.status != http.StatusFound {
		t.Errorf("app after logout: %d", r.status)
	}
}
