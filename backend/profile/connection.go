package profile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// ConnectionTimeout bounds a connection test as a whole.
const ConnectionTimeout = 10 * time.Second

// Result is the outcome of a connection test. When OK is false, Problem is
// one sentence naming what went wrong.
type Result struct {
	OK              bool     `json:"ok"`
	KeycloakVersion string   `json:"keycloakVersion"`
	Realms          []string `json:"realms"`
	Problem         string   `json:"problem"`
	// VersionNote warns when the server is outside the Keycloak versions
	// Tandem supports; "" inside them.
	VersionNote string `json:"versionNote"`
}

// KeycloakConfig is the admin-client configuration for a profile. The
// profile's read-only flag is passed on, so the client itself refuses every
// mutating call.
func KeycloakConfig(p Profile, secret string) keycloak.Config {
	cfg := keycloak.Config{BaseURL: p.KeycloakURL, AdminRealm: p.AdminRealm, ReadOnly: p.ReadOnly}
	switch p.AuthMethod {
	case AuthClient:
		cfg.ClientID, cfg.ClientSecret = p.ClientID, secret
	default:
		cfg.Username, cfg.Password = p.Username, secret
	}
	return cfg
}

// TestConnection logs in with the profile's credentials, lists the realms
// and reads the server version, all within ConnectionTimeout. It never
// returns an error: a failure is a Result with a Problem sentence.
func TestConnection(ctx context.Context, p Profile, secret string) Result {
	ctx, cancel := context.WithTimeout(ctx, ConnectionTimeout)
	defer cancel()
	cfg := KeycloakConfig(p, secret)
	cfg.Timeout = ConnectionTimeout
	client, err := keycloak.New(cfg)
	if err != nil {
		return Result{Problem: sentenceFor(p, err)}
	}
	realms, err := client.ListRealms(ctx)
	if err != nil {
		return Result{Problem: sentenceFor(p, err)}
	}
	res := Result{OK: true, Realms: make([]string, 0, len(realms))}
	for _, r := range realms {
		res.Realms = append(res.Realms, r.Name)
	}
	// The version is a nicety: an account that may list realms but not read
	// server info still passes the test.
	if v, err := client.ServerVersion(ctx); err == nil {
		res.KeycloakVersion = v
		res.VersionNote = keycloak.VersionNote(v)
	}
	return res
}

// sentenceFor names what went wrong in words a user can act on.
func sentenceFor(p Profile, err error) string {
	who := fmt.Sprintf("user %q", p.Username)
	if p.AuthMethod == AuthClient {
		who = fmt.Sprintf("client %q", p.ClientID)
	}
	var kc *keycloak.Error
	detail := ""
	if errors.As(err, &kc) && kc.Message != "" {
		detail = " (" + kc.Message + ")"
	}
	switch {
	case errors.Is(err, keycloak.ErrUnauthorized):
		return fmt.Sprintf("Wrong credentials: Keycloak at %s refused the login of %s in realm %q.", p.KeycloakURL, who, p.AdminRealm)
	case errors.Is(err, keycloak.ErrForbidden):
		return fmt.Sprintf("Logged in, but %s is missing admin roles: Keycloak refused to list realms (it needs view-realm or the admin role).", who)
	case errors.Is(err, keycloak.ErrNotFound):
		return fmt.Sprintf("Keycloak at %s answered, but the admin realm %q or its admin API was not found%s.", p.KeycloakURL, p.AdminRealm, detail)
	case errors.Is(err, keycloak.ErrTLS):
		return fmt.Sprintf("The TLS connection to %s failed%s.", p.KeycloakURL, detail)
	case errors.Is(err, keycloak.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("Keycloak at %s did not answer within %s.", p.KeycloakURL, ConnectionTimeout)
	case errors.Is(err, keycloak.ErrUnreachable):
		return fmt.Sprintf("Keycloak at %s is unreachable%s.", p.KeycloakURL, detail)
	case errors.Is(err, context.Canceled):
		return "The connection test was cancelled."
	}
	return fmt.Sprintf("The connection test failed: %v.", err)
}
