package tester

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// KindSession is a signed-in browser session: the tester signs the user in
// through the proxy's own flow (Keycloak's login page) and sends the
// request with the session cookie instead of a bearer token.
const KindSession Kind = "session"

// Damages done to a real session, for the matrix.
const (
	// VariantSessionEnded sends a real session cookie after its Keycloak
	// session was ended, to a proxy whose clock is past the access token's
	// expiry: the token has expired and its refresh is refused.
	VariantSessionEnded Variant = "session-ended"
	// VariantTamperedCookie changes one character of a real session cookie:
	// it no longer opens, and counts as no cookie.
	VariantTamperedCookie Variant = "tampered-cookie"
)

// SessionIdentity is how the proxy identified a session
// (/_tandem/auth/me), read right after sign-in.
type SessionIdentity struct {
	Subject   string    `json:"subject"`
	Username  string    `json:"username"`
	Email     string    `json:"email"`
	Roles     []string  `json:"roles"`
	ExpiresAt time.Time `json:"expiresAt" ts_type:"string"`
}

// sessionCred is what a session credential carries beyond a bearer one.
type sessionCred struct {
	cookie string // the Cookie header; never kept in a result
	// valid says whether the proxy should accept the cookie.
	valid    bool
	identity SessionIdentity
	// gateway, when set, is the proxy the request must go through (the
	// one whose clock is past the token's expiry).
	gateway Gateway
}

// ErrNoSignIn is returned for a session identity on a route file without a
// login block: the proxy has no sign-in to go through.
var ErrNoSignIn = errors.New("the route file has no login block, so the proxy signs no browser in")

// ErrNoClock is returned for VariantSessionEnded when the tester cannot
// start a proxy with a clock of its own.
var ErrNoClock = errors.New("this tester cannot start a proxy with a moved clock, which an expired session needs")

// resolveSession signs id's user in through the proxy for cfg and returns
// the credential and a cleanup that ends the Keycloak session (and stops
// a proxy started for the variant). The cleanup runs even after an error.
func (t *Tester) resolveSession(ctx context.Context, cfg routes.Config, req Request, id Identity) (Credential, func(), error) {
	done := func() {}
	if !cfg.Login.Enabled() {
		return Credential{}, done, ErrNoSignIn
	}
	if strings.TrimSpace(id.Username) == "" || id.Password == "" {
		return Credential{}, done, fmt.Errorf("%w: a browser session needs a username and a password", ErrMissingInput)
	}
	if id.Variant != VariantNone && id.Variant != VariantSessionEnded && id.Variant != VariantTamperedCookie {
		return Credential{}, done, fmt.Errorf("%w: a browser session has no %s variant", ErrMissingInput, id.Variant)
	}
	gw, err := t.gateway(cfg, req.Upstream)
	if err != nil {
		return Credential{}, done, err
	}
	sess, err := SignInBrowser(ctx, gw.BaseURL(), cfg.Issuer, req.Path, id.Username, id.Password)
	if err != nil {
		return Credential{}, done, fmt.Errorf("sign %q in through the proxy: %w", id.Username, err)
	}
	cookie := sess.CookieHeader()
	ended := false
	done = func() {
		if !ended {
			_ = signOut(context.WithoutCancel(ctx), gw.BaseURL(), cookie)
		}
	}
	me, err := whoAmI(ctx, gw.BaseURL(), cookie)
	if err != nil {
		return Credential{}, done, err
	}
	sc := &sessionCred{cookie: cookie, valid: true, identity: me}
	c := Credential{Headers: http.Header{}, Label: id.Describe(), session: sc}
	switch id.Variant {
	case VariantTamperedCookie:
		sc.cookie, sc.valid = tamper(sess), false
	case VariantSessionEnded:
		if t.newGatewayAt == nil {
			return Credential{}, done, ErrNoClock
		}
		// End the Keycloak session first: refresh must fail, not renew.
		if err := signOut(ctx, gw.BaseURL(), cookie); err != nil {
			return Credential{}, done, fmt.Errorf("end the Keycloak session of %q: %w", id.Username, err)
		}
		ended = true
		shift := time.Until(me.ExpiresAt) + time.Minute
		later, err := t.newGatewayAt(t.gatewayConfig(cfg, req.Upstream), func() time.Time { return time.Now().Add(shift) })
		if err != nil {
			return Credential{}, done, fmt.Errorf("start the tester's proxy with a later clock: %w", err)
		}
		done = func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = later.Close(ctx)
		}
		sc.valid, sc.gateway = false, later
	}
	if id.SpoofHeaders {
		// Not offered for sessions; kept honest if asked.
		return Credential{}, done, fmt.Errorf("%w: spoofed headers are not offered with a browser session", ErrMissingInput)
	}
	return c, done, nil
}

// tamper changes one character in the middle of the first session cookie,
// within the cookie-safe base64 alphabet, so only its authentication fails.
func tamper(sess BrowserSession) string {
	cs := make([]*http.Cookie, len(sess.Cookies))
	for i, c := range sess.Cookies {
		cp := *c
		cs[i] = &cp
	}
	if len(cs) > 0 && len(cs[0].Value) > 2 {
		v := []byte(cs[0].Value)
		i := len(v) / 2
		if v[i] == 'A' {
			v[i] = 'B'
		} else {
			v[i] = 'A'
		}
		cs[0].Value = string(v) //nolint:gosec // G124: a received cookie sent back in a Cookie header; no response sets it
	}
	return BrowserSession{Cookies: cs}.CookieHeader()
}

// whoAmI asks the proxy how it identifies the cookie.
func whoAmI(ctx context.Context, base, cookie string) (SessionIdentity, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+routes.MePath, nil)
	if err != nil {
		return SessionIdentity{}, err
	}
	req.Header.Set("Cookie", cookie)
	resp, err := sendClient.Do(req)
	if err != nil {
		return SessionIdentity{}, fmt.Errorf("ask the proxy who is signed in: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		Sub       string   `json:"sub"`
		Name      string   `json:"name"`
		Email     string   `json:"email"`
		Roles     []string `json:"roles"`
		ExpiresAt string   `json:"expires_at"`
	}
	if resp.StatusCode != http.StatusOK {
		return SessionIdentity{}, fmt.Errorf("the proxy does not know the session it just set (HTTP %d from %s)", resp.StatusCode, routes.MePath)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body); err != nil {
		return SessionIdentity{}, fmt.Errorf("read %s: %w", routes.MePath, err)
	}
	exp, _ := time.Parse(time.RFC3339, body.ExpiresAt)
	if body.Roles == nil {
		body.Roles = []string{}
	}
	return SessionIdentity{Subject: body.Sub, Username: body.Name, Email: body.Email, Roles: body.Roles, ExpiresAt: exp}, nil
}

// signOut ends the session at the proxy, which ends it in Keycloak too.
func signOut(ctx context.Context, base, cookie string) error {
	ctx, cancel := context.WithTimeout(ctx, endSessionsTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+routes.LogoutPath, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", cookie)
	resp, err := sendClient.Do(req)
	if err != nil {
		return err
	}
	return logoutAnswered(resp, 3, "the proxy")
}

// sessionClaims are the claims a session's identity shows, in token form,
// so the expected identity headers can be computed for the claim paths
// /_tandem/auth/me reveals; sessionPaths says which those are.
func sessionClaims(me SessionIdentity) map[string]any {
	realm := []any{}
	clients := map[string]any{}
	for _, r := range me.Roles {
		if c, role, ok := routes.ClientRole(r); ok {
			entry, _ := clients[c].(map[string]any)
			if entry == nil {
				entry = map[string]any{"roles": []any{}}
				clients[c] = entry
			}
			entry["roles"] = append(entry["roles"].([]any), role)
			continue
		}
		realm = append(realm, r)
	}
	claims := map[string]any{"sub": me.Subject, "realm_access": map[string]any{"roles": realm}, "resource_access": clients}
	if me.Username != "" {
		claims["preferred_username"] = me.Username
	}
	if me.Email != "" {
		claims["email"] = me.Email
	}
	return claims
}

// sessionPath reports whether a header's claim path is one a session's
// identity shows.
func sessionPath(path string) bool {
	switch path {
	case "sub", "preferred_username", "email", "realm_access.roles":
		return true
	}
	return strings.HasPrefix(path, "resource_access.") && strings.HasSuffix(path, ".roles")
}
