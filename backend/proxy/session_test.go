package proxy

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// The whole flow: a navigation to a login route is sent to sign in, comes
// back to where it started, and the upstream sees the user's identity
// headers but never the session cookie.
func TestSignInFlowEndToEnd(t *testing.T) {
	_, _, e, b := newSignInEnv(t)

	first := b.get(e.base + "/app/x?y=1")
	if first.status != http.StatusFound || first.header.Get("Location") != "/_tandem/auth/login?rd=%2Fapp%2Fx%3Fy%3D1" {
		t.Fatalf("navigation: %d Location %q", first.status, first.header.Get("Location"))
	}
	if rec := e.recordOf(t, first); rec.Decision != DecisionLoginRedirect || rec.Via != ViaNone {
		t.Fatalf("record = %+v", rec)
	}
	res := b.signIn(e, "/app/x?y=1")
	if res.echo.Path != "/app/x" || res.echo.Query != "y=1" {
		t.Fatalf("came back to %q ? %q", res.echo.Path, res.echo.Query)
	}
	if got := res.echo.Headers["X-User-Name"]; got != "alice" {
		t.Errorf("X-User-Name = %q", got)
	}
	if got := res.echo.Headers["X-User-Id"]; got != "alice-id" {
		t.Errorf("X-User-Id = %q", got)
	}
	if c := res.echo.Headers["Cookie"]; strings.Contains(c, "tandem_session") {
		t.Errorf("upstream got the session cookie: %q", c)
	}
	if rec := e.recordOf(t, res); rec.Decision != DecisionAllowed || rec.Via != ViaSession || rec.Subject != "alice-id" || rec.User != "alice" {
		t.Errorf("record = %+v", rec)
	}
	// The session is an identity like a bearer token: an API call works too.
	api := b.get(e.base+"/api/x", "Accept", "application/json")
	if api.status != http.StatusOK || api.echo.Headers["X-User-Name"] != "alice" {
		t.Errorf("api with session: %d %s", api.status, api.body)
	}
	me := b.get(e.base+"/_tandem/auth/me", "Accept", "application/json")
	var body meBody
	if me.status != http.StatusOK || !jsonInto(me.body, &body) || body.Sub != "alice-id" || body.Name != "alice" ||
		body.Email != "alice@example.com" || len(body.Roles) != 1 || body.Roles[0] != "user" || body.ExpiresAt == "" {
		t.Errorf("me: %d %s", me.status, me.body)
	}
}

// An API call without credentials keeps the bearer contract's 401, even on
// a login route; a navigation to a route without login: true too.
func TestNoRedirectForAPICallsOrRoutesWithoutLogin(t *testing.T) {
	_, _, e, b := newSignInEnv(t)
	for _, c := range []struct{ method, path, accept string }{
		{"GET", "/app", "application/json"},
		{"POST", "/app", "text/html"},
		{"GET", "/api", "text/html"},
	} {
		res := b.send(c.method, e.base+c.path, "Accept", c.accept)
		if res.status != http.StatusUnauthorized || res.header.Get("WWW-Authenticate") != `Bearer realm="tandem"` {
			t.Errorf("%s %s (%s): %d", c.method, c.path, c.accept, res.status)
		}
	}
	if me := b.get(e.base+"/_tandem/auth/me", "Accept", "application/json"); me.status != http.StatusUnauthorized {
		t.Errorf("me without a session: %d", me.status)
	}
}

// A present Authorization header decides alone: a bad bearer token with a
// good session cookie is refused.
func TestAuthorizationHeaderWinsOverSession(t *testing.T) {
	_, _, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	res := b.get(e.base+"/app", "Authorization", "Bearer not.a.token")
	if res.status != http.StatusUnauthorized || res.err.Error != "invalid_token" {
		t.Fatalf("bad bearer with session: %d %s", res.status, res.body)
	}
	if rec := e.recordOf(t, res); rec.Via != ViaBearer {
		t.Errorf("via = %q", rec.Via)
	}
}

// Roles are checked for a session as for a bearer token.
func TestSessionRolesChecked(t *testing.T) {
	_, op, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	if res := b.get(e.base + "/admin"); res.status != http.StatusForbidden {
		t.Fatalf("user without admin: %d", res.status)
	}
	op.signInAs("root", "admin")
	b2 := newBrowser(t)
	if res := b2.signIn(e, "/admin"); res.echo.Headers["X-User-Roles"] != "admin" {
		t.Fatalf("admin: %s", res.body)
	}
}

// An expired access token is refreshed with the refresh token and the new
// cookie set; the log says session-refreshed.
func TestSessionRefreshedWhenAccessTokenExpires(t *testing.T) {
	clock, op, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	before := b.cookie(e, "tandem_session")
	clock.Advance(op.accessTTL + time.Second)
	res := b.get(e.base + "/app")
	if res.status != http.StatusOK || res.echo.Headers["X-User-Name"] != "alice" {
		t.Fatalf("after expiry: %d %s", res.status, res.body)
	}
	if set, _ := setCookies(res.header); len(set) == 0 {
		t.Errorf("no cookie set after refresh: %v", res.header["Set-Cookie"])
	}
	if rec := e.recordOf(t, res); rec.Decision != DecisionSessionRefreshed || rec.Via != ViaSession {
		t.Errorf("record = %+v", rec)
	}
	if op.refreshes.Load() != 1 || b.cookie(e, "tandem_session") == before {
		t.Errorf("refreshes = %d, cookie changed = %v", op.refreshes.Load(), b.cookie(e, "tandem_session") != before)
	}
	// The new cookie is used as it is: no second refresh.
	if res := b.get(e.base + "/app"); res.status != http.StatusOK || op.refreshes.Load() != 1 {
		t.Errorf("second request: %d, refreshes %d", res.status, op.refreshes.Load())
	}
}

// Many requests of one session arriving with an expired token cause one
// refresh at the IdP; every one of them goes through. Requests that arrive
// after the refresh with the old cookie get the new one, not a refresh.
func TestOneRefreshInFlightPerSession(t *testing.T) {
	clock, op, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	cookies := b.cookies(e.base)
	clock.Advance(op.accessTTL + time.Second)
	var wg sync.WaitGroup
	statuses := make([]int, 16)
	for i := range statuses {
		wg.Go(func() {
			resp, err := sendCookies(e.base+"/api", cookies)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("request %d: %d", i, s)
		}
	}
	if n := op.refreshes.Load(); n != 1 {
		t.Errorf("%d refreshes at the IdP, want 1", n)
	}
}

// When refresh fails (the IdP session ended): an optional route goes on
// anonymous and clears the cookie; a login route sends a navigation to sign
// in; an API call gets 401.
func TestFailedRefresh(t *testing.T) {
	clock, op, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	cookies := b.cookies(e.base)
	op.endAllSessions()
	clock.Advance(op.accessTTL + time.Second)

	send := func(path, accept string) result {
		resp, err := sendCookies(e.base+path, cookies, "Accept", accept)
		if err != nil {
			t.Fatal(err)
		}
		return readResult(t, resp)
	}

	page := send("/page", "text/html")
	if page.status != http.StatusOK || page.echo.Headers["X-User-Id"] != "" {
		t.Fatalf("optional route: %d %v", page.status, page.echo.Headers)
	}
	if _, expired := setCookies(page.header); expired["tandem_session"] == "" {
		t.Errorf("cookie not cleared: %v", page.header["Set-Cookie"])
	}
	if rec := e.recordOf(t, page); rec.Decision != DecisionAnonymous || !strings.Contains(rec.Reason, "refresh failed") {
		t.Errorf("record = %+v", rec)
	}
	if nav := send("/app", "text/html"); nav.status != http.StatusFound || !strings.HasPrefix(nav.header.Get("Location"), "/_tandem/auth/login?rd=") {
		t.Errorf("login route navigation: %d %q", nav.status, nav.header.Get("Location"))
	}
	if api := send("/api", "application/json"); api.status != http.StatusUnauthorized {
		t.Errorf("api: %d", api.status)
	}
}

// A cookie that does not open is no cookie, and is cleared.
func TestUndecryptableCookieIsNoCookie(t *testing.T) {
	_, _, e, b := newSignInEnv(t)
	res := b.get(e.base+"/page", "Cookie", "tandem_session=garbage; other=1")
	if res.status != http.StatusOK || res.echo.Headers["X-User-Id"] != "" {
		t.Fatalf("optional route with garbage cookie: %d", res.status)
	}
	if _, expired := setCookies(res.header); expired["tandem_session"] == "" {
		t.Errorf("garbage cookie not cleared: %v", res.header["Set-Cookie"])
	}
	if got := res.echo.Headers["Cookie"]; got != "other=1" {
		t.Errorf("upstream Cookie = %q, want only other=1", got)
	}
}

// pass_token forwards the session's access token as a bearer token; other
// routes never get one.
func TestPassToken(t *testing.T) {
	_, _, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	res := b.get(e.base + "/pass")
	if !strings.HasPrefix(res.echo.Headers["Authorization"], "Bearer ey") {
		t.Errorf("pass_token route: Authorization = %q", res.echo.Headers["Authorization"])
	}
	if res := b.get(e.base + "/app"); res.echo.Headers["Authorization"] != "" {
		t.Errorf("route without pass_token got Authorization")
	}
}

// The proxy's prefix is never forwarded: unknown paths under it are 404.
func TestReservedPrefixNotForwarded(t *testing.T) {
	_, _, e, b := newSignInEnv(t)
	for _, p := range []string{"/_tandem/x", "/_tandem/auth/other", "/_TANDEM/auth/me", "/_tandem"} {
		if res := b.get(e.base + p); res.status != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.status)
		}
	}
	if n := e.up.hits.Load(); n != 0 {
		t.Errorf("upstream got %d requests", n)
	}
}

// rd survives sign-in only as a same-origin path.
func TestSignInRedirectOnlyToSameOrigin(t *testing.T) {
	_, _, e, b := newSignInEnv(t)
	_, hops := b.follow(e.base + "/_tandem/auth/login?rd=" + url.QueryEscape("//evil.example/x"))
	if last := hops[len(hops)-1]; last != e.base+"/" {
		t.Fatalf("ended at %q (hops %v)", last, hops)
	}
}

// A failed callback answers 4xx with a reason and sets no session.
func TestCallbackFailures(t *testing.T) {
	clock := newTestClock()
	op := newFakeOP(t, clock)
	e := newLoginEnv(t, op, clock)

	// No flow cookie (another browser, or expired).
	b := newBrowser(t)
	res := b.get(e.base + "/_tandem/auth/callback?code=x&state=y")
	if res.status != http.StatusBadRequest || !strings.Contains(string(res.body), "<h1>Sign-in failed</h1>") {
		t.Errorf("no flow cookie: %d %s", res.status, res.body)
	}

	// The IdP refused.
	start := b.get(e.base + "/_tandem/auth/login?rd=/app")
	auth, _ := url.Parse(start.header.Get("Location"))
	state := auth.Query().Get("state")
	res = b.get(e.base + "/_tandem/auth/callback?error=access_denied&state=" + state)
	if res.status != http.StatusForbidden {
		t.Errorf("access_denied: %d", res.status)
	}

	// State mismatch.
	b.get(e.base + "/_tandem/auth/login?rd=/app")
	res = b.get(e.base+"/_tandem/auth/callback?code=x&state=other", "Accept", "application/json")
	if res.status != http.StatusBadRequest || res.err.Error != "bad_state" {
		t.Errorf("state mismatch: %d %s", res.status, res.body)
	}

	// A code used twice.
	start = b.get(e.base + "/_tandem/auth/login?rd=/app")
	toOP := b.get(start.header.Get("Location"))
	callback := toOP.header.Get("Location")
	if res := b.get(callback); res.status != http.StatusFound {
		t.Fatalf("first use: %d %s", res.status, res.body)
	}
	b2 := newBrowser(t) // same flow cookie, replayed code
	u, _ := url.Parse(e.base)
	b2.client.Jar.SetCookies(u, []*http.Cookie{{Name: "tandem_session_flow", Value: flowCookieOf(start)}})
	res = b2.get(callback)
	if res.status != http.StatusBadRequest {
		t.Errorf("replayed code: %d %s", res.status, res.body)
	}
	for _, r := range []result{res} {
		if set, _ := setCookies(r.header); set["tandem_session"] != "" || set["tandem_session_0"] != "" {
			t.Errorf("a failed callback set a session: %v", r.header["Set-Cookie"])
		}
	}
}

func flowCookieOf(r result) string {
	set, _ := setCookies(r.header)
	c, _ := http.ParseSetCookie(set["tandem_session_flow"])
	if c == nil {
		return ""
	}
	return c.Value
}

// Logout ends the IdP session with the refresh token, clears the cookie
// and redirects to rd (303 after POST); the optional page is anonymous then.
func TestLogout(t *testing.T) {
	_, op, e, b := newSignInEnv(t)
	b.signIn(e, "/app")
	res := b.send("POST", e.base+"/_tandem/auth/logout?rd=/page")
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/page" {
		t.Fatalf("logout: %d %q", res.status, res.header.Get("Location"))
	}
	if op.logouts.Load() != 1 {
		t.Errorf("IdP logouts = %d", op.logouts.Load())
	}
	page := b.get(e.base + "/page")
	if page.status != http.StatusOK || page.echo.Headers["X-User-Id"] != "" {
		t.Errorf("page after logout: %d %v", page.status, page.echo.Headers["X-User-Id"])
	}
	if res := b.get(e.base + "/_tandem/auth/logout?rd=https://evil.example"); res.status != http.StatusFound || res.header.Get("Location") != "/" {
		t.Errorf("GET logout with foreign rd: %d %q", res.status, res.header.Get("Location"))
	}
}

// A user with many roles gets a chunked cookie and still signs in.
func TestManyRolesChunkedSession(t *testing.T) {
	clock := newTestClock()
	op := newFakeOP(t, clock)
	roles := make([]string, 300)
	for i := range roles {
		roles[i] = "role-with-a-rather-long-name-" + strings.Repeat("x", i%7) + string(rune('a'+i%26))
	}
	op.signInAs("many", roles...)
	e := newLoginEnv(t, op, clock)
	b := newBrowser(t)
	res := b.signIn(e, "/app")
	if res.echo.Headers["X-User-Name"] != "many" || b.cookie(e, "tandem_session_3") == "" {
		t.Fatalf("chunked sign-in: name %q, chunk 3 %q", res.echo.Headers["X-User-Name"], b.cookie(e, "tandem_session_3"))
	}
}

// Instances with the same keys accept each other's sessions; a key moved to
// second place still opens cookies; an instance without it does not.
func TestSessionsAcrossInstancesAndKeyRotation(t *testing.T) {
	clock := newTestClock()
	op := newFakeOP(t, clock)
	oldKey, newKey := testCookieKey(1), testCookieKey(2)
	a := newLoginEnv(t, op, clock, oldKey)
	b := newBrowser(t)
	b.signIn(a, "/app")
	cookies := b.cookies(a.base)
	try := func(e *loginEnv) result {
		resp, err := sendCookies(e.base+"/api", cookies)
		if err != nil {
			t.Fatal(err)
		}
		return readResult(t, resp)
	}
	if res := try(newLoginEnv(t, op, clock, oldKey)); res.status != http.StatusOK {
		t.Errorf("second instance, same key: %d", res.status)
	}
	if res := try(newLoginEnv(t, op, clock, newKey, oldKey)); res.status != http.StatusOK {
		t.Errorf("rotated, old key second: %d", res.status)
	}
	if res := try(newLoginEnv(t, op, clock, newKey)); res.status != http.StatusUnauthorized {
		t.Errorf("old key dropped: %d", res.status)
	}
}

func TestDecisionsFitStats(t *testing.T) {
	if len(Decisions) > maxDecisions {
		t.Fatalf("%d decisions, stats have room for %d", len(Decisions), maxDecisions)
	}
}
