package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// RoleCheck is what the route editor knows of the roles a route file
// names: every role of the realm the file's tokens come from (for
// suggestions), and a warning for each required role that realm lacks.
type RoleCheck struct {
	Realm    string         `json:"realm"`
	Known    []string       `json:"known"`    // "user", "web:editor", ...
	Warnings []RouteProblem `json:"warnings"` // one per unknown role
	// Unchecked says why no check was made (the issuer is on another
	// server, or Keycloak could not be read); empty when checked.
	Unchecked string `json:"unchecked,omitempty"`
}

// roleCatalogTTL is how long a realm's role names are reused: the editor
// checks on every pause in typing, and roles change rarely.
const roleCatalogTTL = 30 * time.Second

type roleCatalogCache struct {
	mu    sync.Mutex
	key   string
	at    time.Time
	known routes.KnownRoles
}

// CheckRoles compares the roles cfg's routes require with the roles of
// the realm its tokens come from: the file's issuer when it is a realm of
// the profile's Keycloak, else the profile's default realm. Unknown roles
// are warnings: the file may be meant for another environment.
func (s *RouteService) CheckRoles(cfg routes.Config) (RoleCheck, error) {
	ctx := s.ctx()
	p, err := s.session.Profile(ctx)
	if err != nil {
		return RoleCheck{}, toUI(err)
	}
	return s.checkRoles(ctx, p, cfg), nil
}

func (s *RouteService) checkRoles(ctx context.Context, p profile.Profile, cfg routes.Config) RoleCheck {
	out := RoleCheck{Known: []string{}, Warnings: []RouteProblem{}}
	realm, ok := p.TokenRealm(cfg)
	if !ok {
		out.Unchecked = fmt.Sprintf("Roles are not checked: the issuer %s is not a realm of this profile's Keycloak.", p.RunnableRoutes(cfg).Issuer)
		return out
	}
	out.Realm = realm
	known, err := s.knownRoles(ctx, p, out.Realm)
	if err != nil {
		var ui *UIError
		errors.As(toUI(err), &ui)
		out.Unchecked = fmt.Sprintf("Roles are not checked: the roles of realm %q could not be read. %s", out.Realm, ui.Message)
		return out
	}
	out.Known = known.Labels()
	out.Warnings = routeProblems(routes.UnknownRoles(cfg, known, out.Realm))
	return out
}

// knownRoles reads the realm's role names, reusing them for roleCatalogTTL.
func (s *RouteService) knownRoles(ctx context.Context, p profile.Profile, realm string) (routes.KnownRoles, error) {
	key := fmt.Sprintf("%d@%d/%s", p.ID, p.UpdatedAt.UnixNano(), realm)
	c := &s.roles
	c.mu.Lock()
	if c.key == key && time.Since(c.at) < roleCatalogTTL {
		known := c.known
		c.mu.Unlock()
		return known, nil
	}
	c.mu.Unlock()

	kc, err := s.session.Keycloak(ctx)
	if err != nil {
		return nil, err
	}
	cat, err := kc.RoleCatalog(ctx, realm)
	if err != nil {
		return nil, err
	}
	known := routes.NewKnownRoles(cat.Realm, cat.Clients)
	c.mu.Lock()
	c.key, c.at, c.known = key, time.Now(), known
	c.mu.Unlock()
	return known, nil
}
