package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// Policies reads the realm's login, password, OTP, brute-force, lifespan
// and email settings. The SMTP password is never returned, only whether one
// is set.
func (s *RealmService) Policies(realm string) (keycloak.RealmPolicies, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (keycloak.RealmPolicies, error) {
		return c.GetRealmPolicies(ctx, realm)
	})
}

// UpdateLoginOptions writes the login page switches.
func (s *RealmService) UpdateLoginOptions(realm string, o keycloak.LoginOptions) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.UpdateLoginOptions(ctx, realm, o) })
}

// UpdatePasswordPolicy writes Keycloak's password policy string.
func (s *RealmService) UpdatePasswordPolicy(realm, policy string) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.UpdatePasswordPolicy(ctx, realm, policy) })
}

// UpdateOTPPolicy writes how one-time passwords are generated.
func (s *RealmService) UpdateOTPPolicy(realm string, p keycloak.OTPPolicy) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.UpdateOTPPolicy(ctx, realm, p) })
}

// UpdateBruteForce writes brute-force detection.
func (s *RealmService) UpdateBruteForce(realm string, p keycloak.BruteForcePolicy) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.UpdateBruteForce(ctx, realm, p) })
}

// UpdateSessionLifespans writes token and session lifetimes.
func (s *RealmService) UpdateSessionLifespans(realm string, l keycloak.SessionLifespans) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.UpdateSessionLifespans(ctx, realm, l) })
}

// UpdateSMTP writes the mail server; an empty password keeps the stored one.
func (s *RealmService) UpdateSMTP(realm string, smtp keycloak.SMTPSettings) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.UpdateSMTP(ctx, realm, smtp) })
}

// LoginFailures reads a user's brute-force status: locked out, until when.
func (s *RealmService) LoginFailures(realm, userID string) (keycloak.LoginFailures, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (keycloak.LoginFailures, error) {
		return c.UserLoginFailures(ctx, realm, userID)
	})
}

// Unlock clears a user's login failures, ending a brute-force lockout.
func (s *RealmService) Unlock(realm, userID string) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error { return c.ClearLoginFailures(ctx, realm, userID) })
}
