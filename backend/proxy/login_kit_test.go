package proxy

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/testclock"
)

// fakeOP is an in-process OpenID provider for sign-in tests: discovery and
// JWKS, an authorization endpoint that signs in user at once, a token
// endpoint for codes (PKCE S256 checked, one use each) and refresh tokens,
// and a back-channel logout that revokes a refresh token.
type fakeOP struct {
	issuerServer
	t         testing.TB
	key       *signer
	clock     *testclock.Clock
	clientID  string
	secret    string
	accessTTL time.Duration

	mu       sync.Mutex
	user     string   // who signs in next
	roles    []string // their realm roles
	codes    map[string]*grant
	sessions map[string]*grant // by refresh token
	seq      int

	refreshes atomic.Int64
	logouts   atomic.Int64
}

type grant struct {
	user, nonce, challenge, redirect string
	roles                            []string
	used, revoked                    bool
}

func newFakeOP(t testing.TB, clock *testclock.Clock) *fakeOP {
	op := &fakeOP{t: t, key: newRSASigner(t, "op1"), clock: clock, clientID: "tandem-proxy", secret: "s3cret",
		accessTTL: 5 * time.Minute, user: "alice", roles: []string{"user"},
		codes: map[string]*grant{}, sessions: map[string]*grant{}}
	op.issuerServer = serveIssuer(t, map[string]http.HandlerFunc{
		"/.well-known/openid-configuration": func(w http.ResponseWriter, r *http.Request) {
			iss := op.issuer()
			_ = json.NewEncoder(w).Encode(map[string]any{
				"issuer": iss, "jwks_uri": iss + "/certs", "authorization_endpoint": iss + "/auth",
				"token_endpoint": iss + "/token", "end_session_endpoint": iss + "/logout",
			})
		},
		"/certs": func(w http.ResponseWriter, r *http.Request) {
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{op.key.publicJWK()}})
		},
		"/auth":   op.authorize,
		"/token":  op.token,
		"/logout": op.logout,
	})
	return op
}

func (op *fakeOP) signInAs(user string, roles ...string) {
	op.mu.Lock()
	op.user, op.roles = user, roles
	op.mu.Unlock()
}

func (op *fakeOP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != op.clientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" || !strings.Contains(q.Get("scope"), "openid") {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	op.mu.Lock()
	op.seq++
	code := "code-" + string(rune('a'+op.seq%26)) + time.Now().Format("150405.000000000")
	op.codes[code] = &grant{user: op.user, roles: op.roles, nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
	op.mu.Unlock()
	u, _ := url.Parse(q.Get("redirect_uri"))
	v := u.Query()
	v.Set("code", code)
	v.Set("state", q.Get("state"))
	u.RawQuery = v.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (op *fakeOP) clientOK(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == op.clientID && secret == op.secret
}

func oauthError(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": "refused by the fake OP"})
}

func (op *fakeOP) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	if !op.clientOK(r) {
		oauthError(w, "invalid_client")
		return
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	var g *grant
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		g = op.codes[r.PostForm.Get("code")]
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if g == nil || g.used || g.redirect != r.PostForm.Get("redirect_uri") ||
			base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			oauthError(w, "invalid_grant")
			return
		}
		g.used = true
	case "refresh_token":
		op.refreshes.Add(1)
		g = op.sessions[r.PostForm.Get("refresh_token")]
		if g == nil || g.revoked {
			oauthError(w, "invalid_grant")
			return
		}
	default:
		oauthError(w, "unsupported_grant_type")
		return
	}
	op.seq++
	refresh := "refresh-" + time.Now().Format("150405.000000000") + string(rune('a'+op.seq%26))
	op.sessions[refresh] = g
	now := op.clock.Now()
	access := op.key.sign(op.t, map[string]any{
		"iss": op.issuer(), "sub": g.user + "-id", "aud": op.clientID, "azp": op.clientID,
		"exp": now.Add(op.accessTTL).Unix(), "iat": now.Unix(), "jti": refresh,
		"preferred_username": g.user, "email": g.user + "@example.com",
		"realm_access": map[string]any{"roles": toAny(g.roles)},
	})
	idToken := op.key.sign(op.t, map[string]any{
		"iss": op.issuer(), "sub": g.user + "-id", "aud": op.clientID, "nonce": g.nonce,
		"exp": now.Add(op.accessTTL).Unix(), "iat": now.Unix(),
	})
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": access, "refresh_token": refresh, "id_token": idToken,
		"token_type": "Bearer", "expires_in": int(op.accessTTL / time.Second),
	})
}

func (op *fakeOP) logout(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	if r.Method != http.MethodPost || !op.clientOK(r) {
		http.Error(w, "bad logout", http.StatusBadRequest)
		return
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	g := op.sessions[r.PostForm.Get("refresh_token")]
	if g == nil {
		http.Error(w, "unknown session", http.StatusBadRequest)
		return
	}
	op.logouts.Add(1)
	for _, other := range op.sessions {
		if other == g {
			other.revoked = true
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// endAllSessions revokes every refresh token, as an ended Keycloak session does.
func (op *fakeOP) endAllSessions() {
	op.mu.Lock()
	defer op.mu.Unlock()
	for _, g := range op.sessions {
		g.revoked = true
	}
}

// loginEnv is a proxy with sign-in in front of an echo upstream.
type loginEnv struct {
	t     testing.TB
	clock *testclock.Clock
	op    *fakeOP
	up    *upstream
	keys  [][]byte
	srv   *Server
	base  string
	*recordLog
}

func testCookieKey(b byte) []byte {
	k := make([]byte, CookieKeySize)
	for i := range k {
		k[i] = b
	}
	return k
}

func loginConfig(issuer, up string) routes.Config {
	return routes.Config{
		Version: 1,
		Issuer:  issuer,
		Login:   routes.Login{ClientID: "tandem-proxy"},
		Routes: []routes.Route{
			{Name: "app", Path: "/app", Upstream: up, Auth: routes.AuthRequired, Login: true},
			{Name: "admin", Path: "/admin", Upstream: up, Auth: routes.AuthRequired, Login: true, Roles: []string{"admin"}},
			{Name: "api", Path: "/api", Upstream: up, Auth: routes.AuthRequired},
			{Name: "page", Path: "/page", Upstream: up, Auth: routes.AuthOptional},
			{Name: "pass", Path: "/pass", Upstream: up, Auth: routes.AuthRequired, PassToken: true},
			{Name: "pub", Path: "/", Upstream: up, Auth: routes.AuthPublic},
		},
	}
}

// newLoginEnv starts a proxy; keys are its cookie keys (default: one).
func newLoginEnv(t testing.TB, op *fakeOP, clock *testclock.Clock, keys ...[]byte) *loginEnv {
	t.Helper()
	if len(keys) == 0 {
		keys = [][]byte{testCookieKey(1)}
	}
	e := &loginEnv{t: t, clock: clock, op: op, up: newJSONUpstream(t), keys: keys, recordLog: newRecordLog()}
	e.srv = startServer(t, loginConfig(op.issuer(), e.up.srv.URL), Options{
		Clock: clock.Now,
		Sink:  e.recordLog,
		LoginSecrets: func(routes.Config) (LoginSecrets, error) {
			return LoginSecrets{ClientSecret: op.secret, CookieKeys: keys}, nil
		},
	})
	e.base = "http://" + e.srv.Addr()
	return e
}

// newSignInEnv is the sign-in tests' set-up: a test clock, a fake OP on it,
// a proxy signing in at the OP, and a browser that has not signed in yet.
func newSignInEnv(t testing.TB) (*testclock.Clock, *fakeOP, *loginEnv, *browser) {
	t.Helper()
	clock := newTestClock()
	op := newFakeOP(t, clock)
	return clock, op, newLoginEnv(t, op, clock), newBrowser(t)
}

// browser is a cookie-keeping client that does not follow redirects, so
// tests see each hop.
type browser struct {
	t      testing.TB
	client *http.Client
}

func newBrowser(t testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// get sends a navigation (Accept: text/html) unless headers say otherwise.
func (b *browser) get(target string, headers ...string) result {
	b.t.Helper()
	return b.send(http.MethodGet, target, headers...)
}

func (b *browser) send(method, target string, headers ...string) result {
	b.t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	return readResult(b.t, resp)
}

// follow sends a navigation and follows redirects (relative ones against
// the previous URL) until an answer that is not a redirect.
func (b *browser) follow(target string) (result, []string) {
	b.t.Helper()
	var hops []string
	for range 10 {
		hops = append(hops, target)
		res := b.get(target)
		if res.status != http.StatusFound && res.status != http.StatusSeeOther {
			return res, hops
		}
		next, err := url.Parse(target)
		if err != nil {
			b.t.Fatal(err)
		}
		loc, err := next.Parse(res.header.Get("Location"))
		if err != nil {
			b.t.Fatal(err)
		}
		target = loc.String()
	}
	b.t.Fatalf("too many redirects: %v", hops)
	return result{}, nil
}

// signIn walks the whole sign-in from a navigation to path.
func (b *browser) signIn(e *loginEnv, path string) result {
	b.t.Helper()
	res, hops := b.follow(e.base + path)
	if res.status != http.StatusOK {
		b.t.Fatalf("sign-in ended with %d %s (hops %v)", res.status, res.body, hops)
	}
	return res
}

// cookies returns what the jar holds for the proxy at base.
func (b *browser) cookies(base string) []*http.Cookie {
	u, _ := url.Parse(base)
	return b.client.Jar.Cookies(u)
}

// cookie returns the value the jar holds for name at the proxy.
func (b *browser) cookie(e *loginEnv, name string) string {
	for _, c := range b.cookies(e.base) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// setCookieNames lists the cookies a response sets (value non-empty) and
// those it expires.
func setCookies(h http.Header) (set, expired map[string]string) {
	set, expired = map[string]string{}, map[string]string{}
	for _, line := range h["Set-Cookie"] {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			continue
		}
		if c.MaxAge < 0 {
			expired[c.Name] = line
		} else {
			set[c.Name] = line
		}
	}
	return set, expired
}

func jsonInto(b []byte, v any) bool { return json.Unmarshal(b, v) == nil }

// sendCookies sends GET target carrying cookies as another client holding
// a copy of the session would: no jar, no redirect followed. headers are
// name, value pairs.
func sendCookies(target string, cookies []*http.Cookie, headers ...string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return http.DefaultTransport.RoundTrip(req)
}
