package profile

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// The Local profile's sign-in client: the demo realm's confidential client
// tandem-proxy, whose fixed secret is for local demos only, like
// tandem-service's (see README).
const (
	LocalLoginClient = "tandem-proxy"
	localLoginSecret = "demo-proxy-secret" // the demo realm's, not a real secret
)

// SecretSource says where sign-in takes one of its secrets from.
type SecretSource string

const (
	SourceNone    SecretSource = "none"        // nowhere: a public client (secret) or a problem (keys)
	SourceFile    SecretSource = "file"        // the file the route file names
	SourceEnv     SecretSource = "environment" // TANDEM_LOGIN_CLIENT_SECRET or TANDEM_COOKIE_KEYS
	SourceProfile SecretSource = "profile"     // kept with the profile
	SourceDemo    SecretSource = "demo"        // the demo client's fixed secret (Local profile)
)

// LoginSources says where sign-in takes its client secret and cookie keys.
type LoginSources struct {
	ClientSecret SecretSource `json:"clientSecret"`
	CookieKeys   SecretSource `json:"cookieKeys"`
}

// LoginSources works out where profile p's route file cfg takes its
// sign-in secrets from, in this order: the files the route file names, the
// environment (getenv), the profile's own (its client secret, its cookie
// keys: made on first use), and for a local profile signing in with the
// demo client, the demo secret.
func (s *Service) LoginSources(ctx context.Context, p Profile, cfg routes.Config, getenv func(string) string) (LoginSources, error) {
	lg := cfg.Login
	out := LoginSources{ClientSecret: SourceNone, CookieKeys: SourceProfile}
	switch {
	case lg.ClientSecretFile != "":
		out.ClientSecret = SourceFile
	case getenv(proxy.EnvLoginClientSecret) != "":
		out.ClientSecret = SourceEnv
	default:
		has, err := s.HasLoginClientSecret(ctx, p.ID)
		if err != nil {
			return LoginSources{}, err
		}
		switch {
		case has:
			out.ClientSecret = SourceProfile
		case p.Kind == KindLocal && lg.ClientID == LocalLoginClient:
			out.ClientSecret = SourceDemo
		}
	}
	switch {
	case lg.CookieKeysFile != "":
		out.CookieKeys = SourceFile
	case getenv(proxy.EnvCookieKeys) != "":
		out.CookieKeys = SourceEnv
	}
	return out, nil
}

// LoginSecrets resolves the sign-in secrets of profile p's route file cfg
// from the sources LoginSources names, as proxy.ResolveLoginSecrets does
// for files and the environment. A file without a login block needs none.
func (s *Service) LoginSecrets(ctx context.Context, p Profile, cfg routes.Config, getenv func(string) string) (proxy.LoginSecrets, error) {
	return s.resolveLogin(ctx, p, cfg, getenv, false)
}

// LoginClientSecret resolves sign-in's secrets as LoginSecrets does and
// returns the client secret alone, without making the profile's first
// cookie key: for the route tester, whose proxies seal with a key of their
// own, and to check that the secrets resolve.
func (s *Service) LoginClientSecret(ctx context.Context, p Profile, cfg routes.Config, getenv func(string) string) (string, error) {
	sec, err := s.resolveLogin(ctx, p, cfg, getenv, true)
	return sec.ClientSecret, err
}

// resolveLogin is LoginSecrets; with standIn, a fresh key that is never
// kept takes the place of the profile's cookie keys.
func (s *Service) resolveLogin(ctx context.Context, p Profile, cfg routes.Config, getenv func(string) string, standIn bool) (proxy.LoginSecrets, error) {
	if !cfg.Login.Enabled() {
		return proxy.ResolveLoginSecrets(cfg, getenv)
	}
	src, err := s.LoginSources(ctx, p, cfg, getenv)
	if err != nil {
		return proxy.LoginSecrets{}, fmt.Errorf("sign-in secrets of profile %q: %w", p.Name, err)
	}
	var secret, keys string
	switch src.ClientSecret {
	case SourceProfile:
		if secret, _, err = s.readExtraSecret(ctx, p.ID, purposeLoginClientSecret); err != nil {
			return proxy.LoginSecrets{}, fmt.Errorf("sign-in secrets of profile %q: %w", p.Name, err)
		}
	case SourceDemo:
		secret = localLoginSecret
	}
	switch {
	case src.CookieKeys == SourceProfile && standIn:
		if keys, err = proxy.NewCookieKey(); err != nil {
			return proxy.LoginSecrets{}, err
		}
	case src.CookieKeys == SourceProfile:
		ks, err := s.CookieKeys(ctx, p.ID)
		if err != nil {
			return proxy.LoginSecrets{}, fmt.Errorf("sign-in secrets of profile %q: %w", p.Name, err)
		}
		keys = cookieKeysText(ks)
	}
	env := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		switch name {
		case proxy.EnvLoginClientSecret:
			return secret
		case proxy.EnvCookieKeys:
			return keys
		}
		return ""
	}
	return proxy.ResolveLoginSecrets(cfg, env)
}
