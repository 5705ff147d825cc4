package routes

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const loginYAML = `version: 1
issuer: http://127.0.0.1:8180/realms/demo
login:
  client_id: tandem-proxy
  cookie_keys_file: /etc/tandem/cookie.keys
  scopes: [openid, email]
routes:
  - name: app
    path: /app
    upstream: http://127.0.0.1:9090
    auth: required
    login: true
    pass_token: true
`

// A file with a login block reads it, and the routes' login and pass_token.
func TestParseLoginBlock(t *testing.T) {
	cfg, err := Check("routes.yaml", []byte(loginYAML), ValidateStandalone)
	if err != nil {
		t.Fatal(err)
	}
	lg := cfg.Login
	if !lg.Enabled() || lg.ClientID != "tandem-proxy" || lg.CookieKeysFile != "/etc/tandem/cookie.keys" ||
		!slices.Equal(lg.Scopes, []string{"openid", "email"}) || lg.EffectiveCookieName() != DefaultCookieName {
		t.Fatalf("login = %+v", lg)
	}
	if r := cfg.Routes[0]; !r.Login || !r.PassToken {
		t.Fatalf("route = %+v", r)
	}
	out, err := Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Check("again.yaml", out, ValidateStandalone)
	if err != nil || again.Login.ClientID != "tandem-proxy" || !again.Routes[0].Login {
		t.Fatalf("round trip: %v\n%s", err, out)
	}
}

// An unknown key inside the login block is a problem named login.<key>,
// like any other unknown key (a misspelt secret file must not be ignored).
func TestParseLoginUnknownKey(t *testing.T) {
	data := strings.Replace(loginYAML, "cookie_keys_file:", "cookie_key_file:", 1)
	_, err := Check("routes.yaml", []byte(data), ValidateStandalone)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "cookie_key_file") {
		t.Fatalf("err = %v", err)
	}
}

func TestValidateLogin(t *testing.T) {
	cfg := validConfig()
	cfg.Login = Login{CookieName: "sess_2", Scopes: []string{"profile", "a b"}, RedirectURL: "http://127.0.0.1:8080/cb"}
	cfg.Routes = append(cfg.Routes,
		Route{Name: "internal", Path: "/_TANDEM/x", Upstream: "http://127.0.0.1:9090", Auth: AuthPublic},
		Route{Name: "page", Path: "/page", Upstream: "http://127.0.0.1:9090", Auth: AuthOptional, Login: true},
		Route{Name: "pub", Path: "/pub", Upstream: "http://127.0.0.1:9090", Auth: AuthPublic, PassToken: true},
	)
	err := Validate(cfg)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"login.client_id: required",
		`login.cookie_name: "sess_2" ends in _ and a number`,
		"login.scopes: must include openid",
		`login.scopes: "a b" is not a scope`,
		"login.redirect_url: must end in /_tandem/auth/callback",
		`route "internal": path: /_tandem is reserved`,
		`route "page": login: only allowed with auth required`,
		`route "pub": pass_token: not allowed with auth public`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in %v", w, err)
		}
	}
	if len(ve.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(ve.Problems), len(want), err)
	}
}

// login: true and pass_token mean nothing without a login block: a file
// that asks for them without one is told, not silently left without sign-in.
func TestValidateLoginNeedsBlock(t *testing.T) {
	cfg := validConfig()
	cfg.Routes[1].Login = true
	cfg.Routes[1].PassToken = true
	err := Validate(cfg)
	for _, w := range []string{`route "admin": login: needs the file's login block`, `route "admin": pass_token: needs the file's login block`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in %v", w, err)
		}
	}
}
