package profile

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/tandemhq/tandem/backend/keycloak"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/store"
)

// The local stack that `make run` starts (see README): Keycloak in dev mode
// with its bootstrap admin, the demo realm and the echo upstream.
const (
	LocalName        = "Local"
	LocalKeycloakURL = "http://127.0.0.1:8180"
	localAdminUser   = "admin"
	localAdminPass   = "admin" // the dev-mode bootstrap admin, not a real secret
	localRealm       = "demo"
	localUpstream    = "http://127.0.0.1:9090"
)

// DemoRoutes is the route file of the Local profile: the same routes as
// docs/examples/routes.yaml, compiled in so first run needs no files.
func DemoRoutes() routes.Config {
	return routes.Config{
		Version: routes.Version,
		Listen:  routes.DefaultListen,
		Issuer:  keycloak.IssuerURL(LocalKeycloakURL, localRealm),
		// Browser sign-in with the demo realm's tandem-proxy client: /app
		// sends a browser to Keycloak's login page, /page is open to
		// anonymous and signed-in browsers alike.
		Login: routes.Login{ClientID: LocalLoginClient},
		Routes: []routes.Route{
			{Name: "public", Path: "/api/public", Upstream: localUpstream, Auth: routes.AuthPublic},
			{Name: "feed", Path: "/api/feed", Upstream: localUpstream, Auth: routes.AuthOptional},
			{Name: "me", Path: "/api/me", Upstream: localUpstream, Auth: routes.AuthRequired},
			{Name: "admin", Path: "/api/admin", Upstream: localUpstream, Auth: routes.AuthRequired, Roles: []string{"admin"}},
			{Name: "app", Path: "/app", Upstream: localUpstream, Auth: routes.AuthRequired, Login: true},
			{Name: "page", Path: "/page", Upstream: localUpstream, Auth: routes.AuthOptional},
		},
	}
}

// LocalInput is the Local profile as a form would fill it in.
func LocalInput() ProfileInput {
	return ProfileInput{Secret: localAdminPass, Details: Details{
		Name: LocalName, Kind: KindLocal, KeycloakURL: LocalKeycloakURL, AdminRealm: "master",
		AuthMethod: AuthPassword, Username: localAdminUser, DefaultRealm: localRealm,
		Notes: "The local stack: Keycloak dev mode on 127.0.0.1:8180, echo upstream on 127.0.0.1:9090.",
	}}
}

// EnsureLocal creates the Local profile with the demo routes and makes it
// active, once per database: on the first run only, so a user who deletes it
// does not get it back. It reports whether it created the profile.
func (s *Service) EnsureLocal(ctx context.Context) (bool, error) {
	// A read-only database is used as it is: first run would write to it.
	if s.db.ReadOnly() {
		return false, nil
	}
	if _, err := s.db.Setting(ctx, store.SettingFirstRunDone); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	in := LocalInput().normalize()
	cfg, err := json.Marshal(DemoRoutes())
	if err != nil {
		return false, err
	}
	row := toRow(in)
	staged, err := s.stageSecret(ctx, &row, in.Secret)
	if err != nil {
		return false, err
	}
	created := false
	ran, err := s.db.FirstRun(ctx, func(insert func(store.NewProfile) (store.Profile, error)) error {
		// A profile already called Local (created by hand before first run
		// finished) is kept as it is.
		if _, err := s.db.GetProfileByName(ctx, LocalName); err == nil {
			return nil
		}
		_, err := insert(store.NewProfile{Profile: row, Config: cfg, Proxy: mustJSON(ProxySettings{}), Secret: staged})
		created = err == nil
		return err
	})
	if err != nil || !ran || !created {
		s.unstage(ctx, row, staged)
	}
	if err != nil {
		return false, err
	}
	return created, nil
}
