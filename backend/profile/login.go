package profile

import (
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

// LoginSecrets resolves the sign-in secrets of profile p's route file cfg
// as proxy.ResolveLoginSecrets does (the files the file names, else the
// environment through getenv), with two defaults where neither gives one:
// the demo client's fixed secret when p is a local profile signing in with
// the demo client, and cookieKey (which the caller keeps for as long as it
// wants sessions to last, e.g. the app's run) as the cookie key.
func LoginSecrets(p Profile, cfg routes.Config, getenv func(string) string, cookieKey string) (proxy.LoginSecrets, error) {
	lg := cfg.Login
	env := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		switch {
		case name == proxy.EnvLoginClientSecret && lg.ClientSecretFile == "" &&
			p.Kind == KindLocal && lg.ClientID == LocalLoginClient:
			return localLoginSecret
		case name == proxy.EnvCookieKeys && lg.CookieKeysFile == "":
			return cookieKey
		}
		return ""
	}
	return proxy.ResolveLoginSecrets(cfg, env)
}
