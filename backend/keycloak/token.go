package keycloak

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/Nerzal/gocloak/v13"
)

// tokenSource holds the admin access token and renews it before it expires.
// admin-cli tokens live 60 s by default, so a long-lived client refreshes
// often: with the refresh token while it is valid, by logging in again
// otherwise (client-credentials logins get no refresh token at all).
type tokenSource struct {
	gc  *gocloak.GoCloak
	cfg Config
	now func() time.Time

	mu         sync.Mutex
	access     string
	accessExp  time.Time
	refresh    string
	refreshExp time.Time
}

// renewMargin is how long before expiry a token counts as expired, so a
// request never leaves with a token that dies on the way.
func renewMargin(lifetime time.Duration) time.Duration {
	const margin = 10 * time.Second
	if lifetime < 2*margin {
		return lifetime / 2
	}
	return margin
}

// token returns a usable access token, logging in or refreshing as needed.
// Concurrent callers share one renewal.
func (t *tokenSource) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if t.access != "" && now.Before(t.accessExp) {
		return t.access, nil
	}
	if t.refresh != "" && now.Before(t.refreshExp) {
		if err := t.grant(ctx, refreshForm(t.cfg, t.refresh)); err == nil {
			return t.access, nil
		}
		// The refresh token was revoked or the session ended: log in afresh.
	}
	if err := t.grant(ctx, loginForm(t.cfg)); err != nil {
		return "", err
	}
	return t.access, nil
}

// invalidate drops the token a request was rejected with, so the next call
// logs in again. A token that was already replaced is left alone.
func (t *tokenSource) invalidate(rejected string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.access == rejected {
		t.access, t.refresh = "", ""
	}
}

// grant posts one form to the admin realm's token endpoint and stores the
// result. The form holds the password or secret: it is never logged, and the
// error carries only Keycloak's error description.
func (t *tokenSource) grant(ctx context.Context, form url.Values) error {
	var jwt gocloak.JWT
	req := t.gc.GetRequest(ctx).
		SetHeader("Content-Type", "application/x-www-form-urlencoded").
		SetFormDataFromValues(form).
		SetResult(&jwt)
	if t.cfg.usesClientCredentials() {
		req.SetBasicAuth(url.QueryEscape(t.cfg.ClientID), url.QueryEscape(t.cfg.ClientSecret))
	}
	resp, err := req.Post(t.cfg.BaseURL + "/realms/" + url.PathEscape(t.cfg.AdminRealm) + "/protocol/openid-connect/token")
	if err != nil {
		return err
	}
	if resp.IsError() {
		se := responseError(resp)
		// The token endpoint answers 400/401 invalid_grant for bad credentials,
		// 400 unauthorized_client for a client without the grant enabled.
		if se.status == 400 {
			se.status = 401
		}
		return &Error{Op: "log in to Keycloak", Status: se.status, Message: se.message, Err: sentinelForStatus(se.status)}
	}
	now := t.now()
	lifetime := time.Duration(jwt.ExpiresIn) * time.Second
	t.access = jwt.AccessToken
	t.accessExp = now.Add(lifetime - renewMargin(lifetime))
	t.refresh = jwt.RefreshToken
	refreshLifetime := time.Duration(jwt.RefreshExpiresIn) * time.Second
	t.refreshExp = now.Add(refreshLifetime - renewMargin(refreshLifetime))
	return nil
}

func loginForm(cfg Config) url.Values {
	if cfg.usesClientCredentials() {
		return url.Values{"grant_type": {"client_credentials"}}
	}
	return url.Values{
		"grant_type": {"password"},
		"client_id":  {"admin-cli"},
		"username":   {cfg.Username},
		"password":   {cfg.Password},
	}
}

func refreshForm(cfg Config, refresh string) url.Values {
	f := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}
	if !cfg.usesClientCredentials() {
		f.Set("client_id", "admin-cli")
	}
	return f
}
