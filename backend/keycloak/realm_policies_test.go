package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
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
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"realm": "r", "passwordPolicy": "length(8) and digits(1)", "rememberMe": true, "bruteForceProtected": true, "failureFactor": 5,
			"otpPolicyType": "totp", "otpPolicyDigits": 6, "accessTokenLifespan": 300,
			"smtpServer": map[string]string{"host": "smtp.example.com", "password": "**********", "auth": "true"},
		})
	})
	c, _ := f.client()
	p, err := c.GetRealmPolicies(context.Background(), "r")
	if err != nil {
		t.Fatal(err)
	}
	if !p.SMTP.PasswordSet || p.SMTP.Password != "" || !p.SMTP.Auth || p.SMTP.Host != "smtp.example.com" {
		t.Fatalf("SMTP = %+v, want the password reported as set and never carried", p.SMTP)
	}
	b, _ := json.Marshal(p)
	if strings.Contains(string(b), "*****") {
		t.Fatalf("policies carry the password mask: %s", b)
	}
	if p.PasswordPolicy != "length(8) and digits(1)" || !p.Login.RememberMe || !p.BruteForce.Enabled || p.BruteForce.FailureFactor != 5 || p.Sessions.AccessTokenLifespan != 300 {
		t.Fatalf("policies = %+v", p)
	}
}

func TestUpdateSMTPKeepsThePasswordAndKeysItDoesNotEdit(t *testing.T) {
	f := newFakeKeycloak(t)
	var puts []map[string]map[string]string
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, map[string]any{"realm": "r", "smtpServer": map[string]string{
				"host": "old.example.com", "from": "a@example.com", "password": "**********", "envelopeFrom": "bounce@example.com",
			}})
		case http.MethodPut:
			var body map[string]map[string]string
			_ = json.NewDecoder(r.Body).Decode(&body)
			puts = append(puts, body)
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c, _ := f.client()
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
	kept, replaced, cleared := puts[0]["smtpServer"], puts[1]["smtpServer"], puts[2]["smtpServer"]
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
	for _, want := range []string{"totp or hotp", "HmacSHA1", "6 or 8", "period must be positive"} {
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), want) {
			t.Errorf("OTP error %v lacks %q", err, want)
		}
	}
	err = c.UpdateSMTP(ctx, "r", SMTPSettings{Host: "h", Port: "99999", SSL: true, StartTLS: true, Password: "x", ClearPassword: true})
	for _, want := range []string{"port", "from address", "SSL or StartTLS", "cannot go together"} {
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), want) {
			t.Errorf("SMTP error %v lacks %q", err, want)
		}
	}
	err = c.UpdateSessionLifespans(ctx, "r", SessionLifespans{AccessTokenLifespan: 60, SSOSessionIdleTimeout: 7200, SSOSessionMaxLifespan: 3600})
	for _, want := range []string{"offline session idle timeout must be positive", "login lifespan", "idle timeout is longer"} {
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), want) {
			t.Errorf("sessions error %v lacks %q", err, want)
		}
	}
}
