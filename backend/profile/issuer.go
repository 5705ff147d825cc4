package profile

import (
	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
)

// Issuer is the issuer of the profile's default realm: whom a route file of
// this profile trusts when it names no issuer of its own.
func (p Profile) Issuer() string {
	return keycloak.IssuerURL(p.KeycloakURL, p.DefaultRealm)
}

// RunnableRoutes is cfg as the profile's proxy runs it: a file without an
// issuer trusts the profile's default realm. The app, tandemctl and the
// tester all run a profile's routes through this one rule.
func (p Profile) RunnableRoutes(cfg routes.Config) routes.Config {
	if cfg.Issuer == "" {
		cfg.Issuer = p.Issuer()
	}
	return cfg
}

// TokenRealm is the realm whose tokens cfg's routes check, when it is a
// realm of this profile's Keycloak: the file's issuer, else the profile's
// default realm. ok is false for an issuer on another server, whose roles
// this profile cannot read.
func (p Profile) TokenRealm(cfg routes.Config) (realm string, ok bool) {
	if cfg.Issuer == "" {
		return p.DefaultRealm, p.DefaultRealm != ""
	}
	return keycloak.RealmOfIssuer(p.KeycloakURL, cfg.Issuer)
}
