package tester

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/outbound"
)

// PasswordToken performs a direct access grant (resource owner password) on
// the client. The password travels in this one request body only.
func (ts *TokenSource) PasswordToken(ctx context.Context, realm, clientID, clientSecret, username, password string) (string, error) {
	form := url.Values{
		"grant_type": {"password"},
		"client_id":  {clientID},
		"username":   {username},
		"password":   {password},
		"scope":      {"openid"},
	}
	if clientSecret != "" {
		form.Set("client_secret", clientSecret)
	}
	return ts.token(ctx, realm, form)
}

// ClientToken performs a client credentials grant for a service account.
func (ts *TokenSource) ClientToken(ctx context.Context, realm, clientID, clientSecret string) (string, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {clientSecret},
	}
	return ts.token(ctx, realm, form)
}

// TokenURL is the realm's token endpoint; realm "" means the issuer's own.
func (ts *TokenSource) TokenURL(realm string) (string, error) {
	return ts.endpoint(realm, "token")
}

// endpoint is one of the realm's OpenID Connect endpoints (token, logout).
func (ts *TokenSource) endpoint(realm, name string) (string, error) {
	iss := strings.TrimRight(ts.Issuer, "/")
	if iss == "" {
		return "", errors.New("the route file has no issuer: set one to obtain tokens")
	}
	if realm != "" {
		base, _, ok := keycloak.SplitIssuer(iss)
		if !ok {
			return "", fmt.Errorf("issuer %q is not a Keycloak realm URL, so another realm cannot be derived from it", iss)
		}
		iss = keycloak.IssuerURL(base, url.PathEscape(realm))
	}
	return iss + "/protocol/openid-connect/" + name, nil
}

type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	RefreshToken     string `json:"refresh_token"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

func (ts *TokenSource) token(ctx context.Context, realm string, form url.Values) (string, error) {
	endpoint, err := ts.TokenURL(realm)
	if err != nil {
		return "", err
	}
	resp, err := outbound.PostForm(ctx, ts.client(), endpoint, form)
	if err != nil {
		var ne net.Error
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return "", err
		}
		if errors.Is(err, outbound.ErrRedirectRefused) {
			// The url.Error names the endpoint, the redirect names its target.
			return "", fmt.Errorf("request a token: %w", err)
		}
		if errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
			return "", fmt.Errorf("%w at %s: %v", ErrIdPUnreachable, endpoint, err)
		}
		return "", fmt.Errorf("%w: %v", ErrIdPUnreachable, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var tr tokenResponse
	_ = json.Unmarshal(body, &tr)
	if resp.StatusCode == http.StatusOK && tr.AccessToken != "" {
		if tr.RefreshToken != "" {
			ts.remember(realm, form, tr.RefreshToken)
		}
		return tr.AccessToken, nil
	}
	return "", tokenError(resp.StatusCode, tr)
}

// tokenError turns Keycloak's OAuth error answer into a sentinel the screen
// can explain. The descriptions matched are Keycloak 2x's own wording.
func tokenError(status int, tr tokenResponse) error {
	desc := strings.ToLower(tr.ErrorDescription)
	switch {
	case status == http.StatusNotFound || strings.Contains(strings.ToLower(tr.Error), "realm does not exist"):
		return ErrRealmNotFound
	case tr.Error == "invalid_grant" && strings.Contains(desc, "disabled"):
		return ErrAccountDisabled
	case tr.Error == "invalid_grant" && strings.Contains(desc, "not fully set up"):
		return ErrAccountNotReady
	case tr.Error == "invalid_grant" && strings.Contains(desc, "invalid user credentials"):
		return ErrBadCredentials
	case tr.Error == "unauthorized_client" && strings.Contains(desc, "direct access"):
		return ErrDirectGrantDisabled
	case tr.Error == "unauthorized_client" && strings.Contains(desc, "service account"):
		return ErrServiceAccountOff
	case tr.Error == "invalid_client" || tr.Error == "unauthorized_client":
		return fmt.Errorf("%w (%s)", ErrInvalidClient, tr.ErrorDescription)
	case tr.Error != "":
		return fmt.Errorf("the identity provider refused the token request: %s (%s)", tr.Error, tr.ErrorDescription)
	}
	return fmt.Errorf("the identity provider answered HTTP %d to the token request", status)
}
