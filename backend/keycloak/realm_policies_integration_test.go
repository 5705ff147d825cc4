//go:build integration

package keycloak

import (
	"errors"
	"testing"
	"time"
)

// TestIntegrationRealmPolicies writes each policy tab's settings to a real
// realm and reads them back; each write leaves the other tabs' settings and
// the SMTP keys Tandem does not edit as they were.
func TestIntegrationRealmPolicies(t *testing.T) {
	ctx, c, realm := integrationRealm(t)

	login := LoginOptions{RegistrationAllowed: true, RememberMe: true, VerifyEmail: true, LoginWithEmailAllowed: false, ResetPasswordAllowed: true}
	if err := c.UpdateLoginOptions(ctx, realm, login); err != nil {
		t.Fatalf("UpdateLoginOptions: %v", err)
	}
	const policy = "length(12) and digits(1) and notUsername(undefined) and hashAlgorithm(pbkdf2-sha512)"
	if err := c.UpdatePasswordPolicy(ctx, realm, policy); err != nil {
		t.Fatalf("UpdatePasswordPolicy: %v", err)
	}
	if err := c.UpdatePasswordPolicy(ctx, realm, "length(8) and noSuchPolicy(1)"); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("unknown policy: err = %v, want ErrInvalidInput", err)
	}
	otp := OTPPolicy{Type: "totp", Algorithm: "HmacSHA256", Digits: 8, Period: 60}
	if err := c.UpdateOTPPolicy(ctx, realm, otp); err != nil {
		t.Fatalf("UpdateOTPPolicy: %v", err)
	}
	bf := BruteForcePolicy{Enabled: true, FailureFactor: 3, WaitIncrementSeconds: 120, MaxFailureWaitSeconds: 1800, MaxDeltaTimeSeconds: 3600}
	if err := c.UpdateBruteForce(ctx, realm, bf); err != nil {
		t.Fatalf("UpdateBruteForce: %v", err)
	}
	sessions := SessionLifespans{AccessTokenLifespan: 120, SSOSessionIdleTimeout: 900, SSOSessionMaxLifespan: 7200, OfflineSessionIdleTimeout: 86400, AccessCodeLifespanLogin: 600}
	if err := c.UpdateSessionLifespans(ctx, realm, sessions); err != nil {
		t.Fatalf("UpdateSessionLifespans: %v", err)
	}
	// A key Tandem does not edit, as Keycloak's console would set it.
	rawPut(t, c, adminPath("realms", realm), map[string]any{
		"smtpServer": map[string]string{"host": "old.example.com", "from": "old@example.com", "envelopeFrom": "bounce@example.com"},
	})
	smtp := SMTPSettings{Host: "smtp.example.com", Port: "587", From: "noreply@example.com", FromDisplayName: "Example", Auth: true, User: "mailer", StartTLS: true, Password: "smtp-secret"}
	if err := c.UpdateSMTP(ctx, realm, smtp); err != nil {
		t.Fatalf("UpdateSMTP: %v", err)
	}

	got, err := c.GetRealmPolicies(ctx, realm)
	if err != nil {
		t.Fatalf("GetRealmPolicies: %v", err)
	}
	if got.Login != login || got.PasswordPolicy != policy || got.OTP != otp || got.BruteForce != bf || got.Sessions != sessions {
		t.Fatalf("read back %+v", got)
	}
	want := smtp
	want.Password, want.PasswordSet = "", true
	if got.SMTP != want {
		t.Fatalf("SMTP read back %+v, want %+v", got.SMTP, want)
	}
	if env := smtpKey(t, c, realm, "envelopeFrom"); env != "bounce@example.com" {
		t.Fatalf("envelopeFrom = %q, want it kept", env)
	}

	// An edit without a password keeps the stored one; clearing removes it.
	smtp.Password, smtp.Host = "", "smtp2.example.com"
	if err := c.UpdateSMTP(ctx, realm, smtp); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetRealmPolicies(ctx, realm); !got.SMTP.PasswordSet || got.SMTP.Host != "smtp2.example.com" {
		t.Fatalf("after an edit without a password: %+v", got.SMTP)
	}
	smtp.ClearPassword = true
	if err := c.UpdateSMTP(ctx, realm, smtp); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetRealmPolicies(ctx, realm); got.SMTP.PasswordSet {
		t.Fatalf("password still set after clearing: %+v", got.SMTP)
	}

	// Removing the password policy.
	if err := c.UpdatePasswordPolicy(ctx, realm, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetRealmPolicies(ctx, realm); got.PasswordPolicy != "" || got.OTP != otp {
		t.Fatalf("after removing the policy: %q, OTP %+v", got.PasswordPolicy, got.OTP)
	}
}

// TestIntegrationLoginFailures locks a user out with wrong passwords, reads
// the lockout's end and unlocks it.
func TestIntegrationLoginFailures(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	if err := c.UpdateBruteForce(ctx, realm, BruteForcePolicy{Enabled: true, FailureFactor: 2, WaitIncrementSeconds: 600, MaxFailureWaitSeconds: 900, MaxDeltaTimeSeconds: 3600}); err != nil {
		t.Fatal(err)
	}
	id, err := c.CreateUserWith(ctx, realm, UserInput{Username: "bea", Email: "bea@example.com", FirstName: "Bea", LastName: "Ray", Enabled: true, EmailVerified: true}, NewUserExtras{Password: "bea-pass-1"})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	// Keycloak counts a failure after it has answered the token request, and
	// on a busy machine it was seen to count two quick failures as one; so
	// fail again (at most five times) until Tandem reads the user as locked.
	var lf LoginFailures
	for attempt := 0; attempt < 5 && !lf.Locked; attempt++ {
		passwordGrant(t, realm, "admin-cli", "bea", "wrong")
		for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			next, err := c.UserLoginFailures(ctx, realm, id)
			if err != nil {
				t.Fatalf("UserLoginFailures: %v", err)
			}
			if next.NumFailures > lf.NumFailures || next.Locked || time.Now().After(deadline) {
				lf = next
				break
			}
		}
	}
	until, perr := time.Parse(time.RFC3339, lf.LockedUntil)
	if !lf.Locked || lf.NumFailures < 2 || perr != nil || until.Before(before.Add(9*time.Minute)) || lf.LastFailure == "" {
		t.Fatalf("after failures: %+v (%v), want locked for about 10 minutes after two", lf, perr)
	}
	if err := c.ClearLoginFailures(ctx, realm, id); err != nil {
		t.Fatalf("ClearLoginFailures: %v", err)
	}
	if lf, err := c.UserLoginFailures(ctx, realm, id); err != nil || lf.Locked || lf.NumFailures != 0 || lf.LockedUntil != "" {
		t.Fatalf("after unlocking: %+v, %v", lf, err)
	}
}

func smtpKey(t *testing.T, c *Client, realm, key string) string {
	t.Helper()
	var rep struct {
		SMTPServer map[string]string `json:"smtpServer"`
	}
	rawGet(t, c, adminPath("realms", realm), nil, &rep)
	return rep.SMTPServer[key]
}
