package keycloak

import (
	"context"
	"net/http"
	"testing"
)

func init() {
	readOnlyCase("UpdateLoginOptions", func(ctx context.Context, c *Client) error {
		return c.UpdateLoginOptions(ctx, "r", LoginOptions{RememberMe: true})
	})
	readOnlyCase("UpdatePasswordPolicy", func(ctx context.Context, c *Client) error {
		return c.UpdatePasswordPolicy(ctx, "r", "length(8)")
	})
	readOnlyCase("UpdateOTPPolicy", func(ctx context.Context, c *Client) error {
		return c.UpdateOTPPolicy(ctx, "r", OTPPolicy{Type: "totp", Algorithm: "HmacSHA1", Digits: 6, Period: 30})
	})
	readOnlyCase("UpdateBruteForce", func(ctx context.Context, c *Client) error {
		return c.UpdateBruteForce(ctx, "r", BruteForcePolicy{Enabled: true, FailureFactor: 3, WaitIncrementSeconds: 60, MaxFailureWaitSeconds: 900})
	})
	readOnlyCase("UpdateSessionLifespans", func(ctx context.Context, c *Client) error {
		return c.UpdateSessionLifespans(ctx, "r", SessionLifespans{60, 60, 60, 60, 60})
	})
	readOnlyCase("UpdateSMTP", func(ctx context.Context, c *Client) error {
		return c.UpdateSMTP(ctx, "r", SMTPSettings{Host: "smtp.example.com", From: "a@example.com"})
	})
	readOnlyCase("ClearLoginFailures", func(ctx context.Context, c *Client) error {
		return c.ClearLoginFailures(ctx, "r", "u")
	})
}

func TestRealmPoliciesNeverCarryTheSMTPPassword(t *testing.T) {
	c := routedClient(t, map[string]any{
		"GET /admin/realms/r": map[string]any{
			"realm": "r", "passwordPolicy": "length(8) and digits(1)", "rememberMe": true, "bruteForceProtected": true, "failureFactor": 5,
			"otpPolicyType": "totp", "otpPolicyDigits": 6, "accessTokenLifespan": 300,
			"smtpServer": map[string]string{"host": "smtp.example.com", "password": "**********", "auth": "true"},
		},
	})
	p, err := c.GetRealmPolicies(context.Background(), "r")
	if err != nil {
		t.Fatal(err)
	}
	if !p.SMTP.PasswordSet || p.SMTP.Password != "" || !p.SMTP.Auth || p.SMTP.Host != "smtp.example.com" {
		t.Fatalf("SMTP = %+v, want the password reported as set and never carried", p.SMTP)
	}
	wantJSONWithout(t, p, "*****")
	if p.PasswordPolicy != "length(8) and digits(1)" || !p.Login.RememberMe || !p.BruteForce.Enabled || p.BruteForce.FailureFactor != 5 || p.Sessions.AccessTokenLifespan != 300 {
		t.Fatalf("policies = %+v", p)
	}
}

func TestUpdateSMTPKeepsThePasswordAndKeysItDoesNotEdit(t *testing.T) {
	var puts []map[string]string // the smtpServer of each PUT
	c := routedClient(t, map[string]any{
		"GET /admin/realms/r": map[string]any{"realm": "r", "smtpServer": map[string]string{
			"host": "old.example.com", "from": "a@example.com", "password": "**********", "envelopeFrom": "bounce@example.com",
		}},
		"PUT /admin/realms/r": func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				SMTPServer map[string]string `json:"smtpServer"`
			}
			receive(t, &body)(w, r)
			puts = append(puts, body.SMTPServer)
		},
	})
	ctx := context.Background()
	in := SMTPSettings{Host: "smtp.example.com", Port: "587", From: "a@example.com", Auth: true, User: "mailer", StartTLS: true}
	if err := c.UpdateSMTP(ctx, "r", in); err != nil {
		t.Fatal(err)
	}
	in.Password = "n3w"
	if err := c.UpdateSMTP(ctx, "r", in); err != nil {
		t.Fatal(err)
	}
	in.Password, in.ClearPassword = "", true
	if err := c.UpdateSMTP(ctx, "r", in); err != nil {
		t.Fatal(err)
	}
	if len(puts) != 3 {
		t.Fatalf("%d PUTs, want 3", len(puts))
	}
	kept, replaced, cleared := puts[0], puts[1], puts[2]
	if kept["password"] != "**********" || kept["envelopeFrom"] != "bounce@example.com" || kept["host"] != "smtp.example.com" || kept["starttls"] != "true" || kept["ssl"] != "false" {
		t.Errorf("edit without a password = %v, want the mask sent back (keep) and envelopeFrom kept", kept)
	}
	if replaced["password"] != "n3w" {
		t.Errorf("edit with a password = %v", replaced)
	}
	if _, ok := cleared["password"]; ok {
		t.Errorf("clearing the password sent %v", cleared)
	}
}

func TestRealmPolicyUpdatesListEveryProblem(t *testing.T) {
	c, err := New(Config{BaseURL: "http://127.0.0.1:1", Username: "admin", Password: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = c.UpdateOTPPolicy(ctx, "r", OTPPolicy{Type: "sms", Algorithm: "MD5", Digits: 7})
	wantInvalidInput(t, err, "totp or hotp", "HmacSHA1", "6 or 8", "period must be positive")
	err = c.UpdateSMTP(ctx, "r", SMTPSettings{Host: "h", Port: "99999", SSL: true, StartTLS: true, Password: "x", ClearPassword: true})
	wantInvalidInput(t, err, "port", "from address", "SSL or StartTLS", "cannot go together")
	err = c.UpdateSessionLifespans(ctx, "r", SessionLifespans{AccessTokenLifespan: 60, SSOSessionIdleTimeout: 7200, SSOSessionMaxLifespan: 3600})
	wantInvalidInput(t, err, "offline session idle timeout must be positive", "login lifespan", "idle timeout is longer")
}
