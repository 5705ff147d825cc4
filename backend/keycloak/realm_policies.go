package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// LoginOptions are the realm's login page switches.
type LoginOptions struct {
	RegistrationAllowed   bool `json:"registrationAllowed"`
	RememberMe            bool `json:"rememberMe"`
	VerifyEmail           bool `json:"verifyEmail"`
	LoginWithEmailAllowed bool `json:"loginWithEmailAllowed"`
	ResetPasswordAllowed  bool `json:"resetPasswordAllowed"`
}

// OTPPolicy is how one-time passwords are generated for the realm's users.
type OTPPolicy struct {
	Type      string `json:"type"`      // "totp" or "hotp"
	Algorithm string `json:"algorithm"` // "HmacSHA1", "HmacSHA256", "HmacSHA512"
	Digits    int    `json:"digits"`    // 6 or 8
	Period    int    `json:"period"`    // seconds a TOTP code lives
}

// BruteForcePolicy is the realm's brute-force detection. Times are seconds.
type BruteForcePolicy struct {
	Enabled bool `json:"enabled"`
	// PermanentLockout disables the user instead of locking it out for a
	// while.
	PermanentLockout bool `json:"permanentLockout"`
	// FailureFactor is how many failures lock a user out.
	FailureFactor         int `json:"failureFactor"`
	WaitIncrementSeconds  int `json:"waitIncrementSeconds"`
	MaxFailureWaitSeconds int `json:"maxFailureWaitSeconds"`
	// MaxDeltaTimeSeconds is when the failure count resets.
	MaxDeltaTimeSeconds int `json:"maxDeltaTimeSeconds"`
}

// SessionLifespans are the token and session lifetimes, in seconds.
type SessionLifespans struct {
	AccessTokenLifespan       int `json:"accessTokenLifespan"`
	SSOSessionIdleTimeout     int `json:"ssoSessionIdleTimeout"`
	SSOSessionMaxLifespan     int `json:"ssoSessionMaxLifespan"`
	OfflineSessionIdleTimeout int `json:"offlineSessionIdleTimeout"`
	// AccessCodeLifespanLogin is how long a user may take on the login page.
	AccessCodeLifespanLogin int `json:"accessCodeLifespanLogin"`
}

// SMTPSettings is the realm's outgoing mail server. The password is
// write-only: a read never carries it, only PasswordSet.
type SMTPSettings struct {
	Host            string `json:"host"`
	Port            string `json:"port"`
	From            string `json:"from"`
	FromDisplayName string `json:"fromDisplayName"`
	ReplyTo         string `json:"replyTo"`
	Auth            bool   `json:"auth"`
	User            string `json:"user"`
	StartTLS        bool   `json:"starttls"`
	SSL             bool   `json:"ssl"`
	// PasswordSet reports whether Keycloak holds a password; ignored on
	// update.
	PasswordSet bool `json:"passwordSet"`
	// Password, on update, replaces the stored one; empty keeps it. Never
	// filled on read.
	Password string `json:"password,omitempty"`
	// ClearPassword, on update, removes the stored password.
	ClearPassword bool `json:"clearPassword,omitempty"`
}

// RealmPolicies are the realm settings behind the settings page's policy
// tabs.
type RealmPolicies struct {
	Login LoginOptions `json:"login"`
	// PasswordPolicy is Keycloak's policy string: "length(8) and digits(1)".
	PasswordPolicy string           `json:"passwordPolicy"`
	OTP            OTPPolicy        `json:"otp"`
	BruteForce     BruteForcePolicy `json:"bruteForce"`
	Sessions       SessionLifespans `json:"sessions"`
	SMTP           SMTPSettings     `json:"smtp"`
}

// realmPoliciesRep is the part of the RealmRepresentation RealmPolicies
// reads.
type realmPoliciesRep struct {
	LoginOptions
	PasswordPolicy        string            `json:"passwordPolicy"`
	OTPPolicyType         string            `json:"otpPolicyType"`
	OTPPolicyAlgorithm    string            `json:"otpPolicyAlgorithm"`
	OTPPolicyDigits       int               `json:"otpPolicyDigits"`
	OTPPolicyPeriod       int               `json:"otpPolicyPeriod"`
	BruteForceProtected   bool              `json:"bruteForceProtected"`
	PermanentLockout      bool              `json:"permanentLockout"`
	FailureFactor         int               `json:"failureFactor"`
	WaitIncrementSeconds  int               `json:"waitIncrementSeconds"`
	MaxFailureWaitSeconds int               `json:"maxFailureWaitSeconds"`
	MaxDeltaTimeSeconds   int               `json:"maxDeltaTimeSeconds"`
	SessionLifespans                        // same JSON names as Keycloak's
	SMTPServer            map[string]string `json:"smtpServer"`
}

// GetRealmPolicies reads the realm's login, password, OTP, brute-force,
// session and email settings.
func (c *Client) GetRealmPolicies(ctx context.Context, realm string) (RealmPolicies, error) {
	// raw: decoded straight into LoginOptions and SessionLifespans, whose JSON names are Keycloak's.
	rep, err := getJSON[realmPoliciesRep](ctx, c, fmt.Sprintf("read the policies of realm %q", realm), adminPath("realms", realm), nil)
	if err != nil {
		return RealmPolicies{}, err
	}
	smtp := rep.SMTPServer
	return RealmPolicies{
		Login:          rep.LoginOptions,
		PasswordPolicy: rep.PasswordPolicy,
		OTP:            OTPPolicy{Type: rep.OTPPolicyType, Algorithm: rep.OTPPolicyAlgorithm, Digits: rep.OTPPolicyDigits, Period: rep.OTPPolicyPeriod},
		BruteForce: BruteForcePolicy{
			Enabled: rep.BruteForceProtected, PermanentLockout: rep.PermanentLockout, FailureFactor: rep.FailureFactor,
			WaitIncrementSeconds: rep.WaitIncrementSeconds, MaxFailureWaitSeconds: rep.MaxFailureWaitSeconds, MaxDeltaTimeSeconds: rep.MaxDeltaTimeSeconds,
		},
		Sessions: rep.SessionLifespans,
		SMTP: SMTPSettings{
			Host: smtp["host"], Port: smtp["port"], From: smtp["from"], FromDisplayName: smtp["fromDisplayName"], ReplyTo: smtp["replyTo"],
			Auth: smtp["auth"] == "true", User: smtp["user"], StartTLS: smtp["starttls"] == "true", SSL: smtp["ssl"] == "true",
			PasswordSet: smtp["password"] != "",
		},
	}, nil
}

// updateRealmFields writes some realm fields over the whole realm as read,
// as Keycloak's own console does: a realm PUT resets some fields it does not
// carry (oauth2DeviceCodeLifespan and oauth2DevicePollingInterval go back
// to their defaults), so sending only the edited ones would lose them.
func (c *Client) updateRealmFields(ctx context.Context, op, realm string, fields map[string]any) error {
	if err := c.writable(op); err != nil {
		return err
	}
	path := adminPath("realms", realm)
	// raw: gocloak.RealmRepresentation drops oauth2DeviceCodeLifespan,
	// bruteForceStrategy, organizationsEnabled and other Keycloak 26 fields.
	body, err := c.readForUpdate(ctx, op, path)
	if err != nil {
		return err
	}
	for k, v := range fields {
		body[k] = v
	}
	// raw: writes back whole the representation read above.
	return c.do(ctx, op, request{method: http.MethodPut, path: path, body: body})
}

// UpdateLoginOptions writes the realm's login page switches.
func (c *Client) UpdateLoginOptions(ctx context.Context, realm string, o LoginOptions) error {
	return c.updateRealmFields(ctx, fmt.Sprintf("update the login options of realm %q", realm), realm, map[string]any{
		"registrationAllowed": o.RegistrationAllowed, "rememberMe": o.RememberMe, "verifyEmail": o.VerifyEmail,
		"loginWithEmailAllowed": o.LoginWithEmailAllowed, "resetPasswordAllowed": o.ResetPasswordAllowed,
	})
}

// UpdatePasswordPolicy writes the realm's password policy string; "" removes
// every policy. Keycloak checks each policy's name and value.
func (c *Client) UpdatePasswordPolicy(ctx context.Context, realm, policy string) error {
	op := fmt.Sprintf("update the password policy of realm %q", realm)
	if strings.ContainsAny(policy, "\r\n") {
		return &Error{Op: op, Message: "the password policy contains a line break", Err: ErrInvalidInput}
	}
	return c.updateRealmFields(ctx, op, realm, map[string]any{"passwordPolicy": strings.TrimSpace(policy)})
}

var (
	otpTypes      = []string{"totp", "hotp"}
	otpAlgorithms = []string{"HmacSHA1", "HmacSHA256", "HmacSHA512"}
)

// UpdateOTPPolicy writes how one-time passwords are generated. Users who
// already set up an authenticator app keep its old settings until they set
// it up again.
func (c *Client) UpdateOTPPolicy(ctx context.Context, realm string, p OTPPolicy) error {
	op := fmt.Sprintf("update the OTP policy of realm %q", realm)
	var problems []string
	if !slices.Contains(otpTypes, p.Type) {
		problems = append(problems, fmt.Sprintf("OTP type %q is not totp or hotp", p.Type))
	}
	if !slices.Contains(otpAlgorithms, p.Algorithm) {
		problems = append(problems, fmt.Sprintf("OTP algorithm %q is not one of %s", p.Algorithm, strings.Join(otpAlgorithms, ", ")))
	}
	if p.Digits != 6 && p.Digits != 8 {
		problems = append(problems, fmt.Sprintf("OTP digits must be 6 or 8, not %d", p.Digits))
	}
	if p.Period <= 0 {
		problems = append(problems, "the OTP period must be positive")
	}
	if err := invalid(op, problems); err != nil {
		return err
	}
	return c.updateRealmFields(ctx, op, realm, map[string]any{
		"otpPolicyType": p.Type, "otpPolicyAlgorithm": p.Algorithm, "otpPolicyDigits": p.Digits, "otpPolicyPeriod": p.Period,
	})
}

// UpdateBruteForce writes the realm's brute-force detection.
func (c *Client) UpdateBruteForce(ctx context.Context, realm string, p BruteForcePolicy) error {
	op := fmt.Sprintf("update brute-force detection of realm %q", realm)
	var problems []string
	if p.FailureFactor < 1 {
		problems = append(problems, "the number of failures before a lockout must be at least 1")
	}
	if p.WaitIncrementSeconds < 0 || p.MaxFailureWaitSeconds < 0 || p.MaxDeltaTimeSeconds < 0 {
		problems = append(problems, "wait times cannot be negative")
	}
	if p.MaxFailureWaitSeconds < p.WaitIncrementSeconds {
		problems = append(problems, "the maximum wait is shorter than one wait increment")
	}
	if err := invalid(op, problems); err != nil {
		return err
	}
	return c.updateRealmFields(ctx, op, realm, map[string]any{
		"bruteForceProtected": p.Enabled, "permanentLockout": p.PermanentLockout, "failureFactor": p.FailureFactor,
		"waitIncrementSeconds": p.WaitIncrementSeconds, "maxFailureWaitSeconds": p.MaxFailureWaitSeconds, "maxDeltaTimeSeconds": p.MaxDeltaTimeSeconds,
	})
}

// UpdateSessionLifespans writes the realm's token and session lifetimes.
func (c *Client) UpdateSessionLifespans(ctx context.Context, realm string, s SessionLifespans) error {
	op := fmt.Sprintf("update the token and session lifespans of realm %q", realm)
	var problems []string
	for _, f := range []struct {
		name string
		v    int
	}{
		{"access token lifespan", s.AccessTokenLifespan}, {"SSO session idle timeout", s.SSOSessionIdleTimeout},
		{"SSO session max lifespan", s.SSOSessionMaxLifespan}, {"offline session idle timeout", s.OfflineSessionIdleTimeout},
		{"login lifespan", s.AccessCodeLifespanLogin},
	} {
		if f.v <= 0 {
			problems = append(problems, fmt.Sprintf("the %s must be positive", f.name))
		}
	}
	if s.SSOSessionMaxLifespan > 0 && s.SSOSessionIdleTimeout > s.SSOSessionMaxLifespan {
		problems = append(problems, "the SSO session idle timeout is longer than its max lifespan")
	}
	if err := invalid(op, problems); err != nil {
		return err
	}
	var body map[string]any
	b, _ := json.Marshal(s)
	_ = json.Unmarshal(b, &body)
	return c.updateRealmFields(ctx, op, realm, body)
}

// UpdateSMTP writes the realm's mail server. Keycloak replaces the whole
// smtpServer map on a PUT, so the map is read first and keys Tandem does not
// edit are kept; the stored password stays unless s.Password replaces it or
// s.ClearPassword removes it.
func (c *Client) UpdateSMTP(ctx context.Context, realm string, s SMTPSettings) error {
	op := fmt.Sprintf("update the email settings of realm %q", realm)
	if err := c.writable(op); err != nil {
		return err
	}
	var problems []string
	if s.Port != "" {
		if n, err := strconv.Atoi(s.Port); err != nil || n < 1 || n > 65535 {
			problems = append(problems, fmt.Sprintf("port %q is not a number from 1 to 65535", s.Port))
		}
	}
	if s.Host != "" && s.From == "" {
		problems = append(problems, "a mail server needs a from address")
	}
	if s.SSL && s.StartTLS {
		problems = append(problems, "choose SSL or StartTLS, not both")
	}
	if s.Password != "" && s.ClearPassword {
		problems = append(problems, "a new password and removing the password cannot go together")
	}
	if err := invalid(op, problems); err != nil {
		return err
	}
	current, err := c.realmRep(ctx, op, realm)
	if err != nil {
		return err
	}
	smtp := map[string]string{}
	if current.SMTPServer != nil {
		for k, v := range *current.SMTPServer {
			smtp[k] = v
		}
	}
	text := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			smtp[k] = v
		} else {
			delete(smtp, k)
		}
	}
	flag := func(k string, v bool) { smtp[k] = strconv.FormatBool(v) }
	text("host", s.Host)
	text("port", s.Port)
	text("from", s.From)
	text("fromDisplayName", s.FromDisplayName)
	text("replyTo", s.ReplyTo)
	text("user", s.User)
	flag("auth", s.Auth)
	flag("starttls", s.StartTLS)
	flag("ssl", s.SSL)
	switch {
	case s.Password != "":
		smtp["password"] = s.Password
	case s.ClearPassword:
		delete(smtp, "password")
	}
	// Otherwise the mask Keycloak sends instead of a stored password
	// ("**********") stays in the map, which a PUT reads as "keep it".
	return c.updateRealmFields(ctx, op, realm, map[string]any{"smtpServer": smtp})
}
