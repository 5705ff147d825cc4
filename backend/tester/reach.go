package tester

import (
	"context"
	"fmt"
	"github.com/tandemhq/tandem/backend/keycloak"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// Member is a user who holds one of a route's roles.
type Member struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Enabled  bool   `json:"enabled"`
	// ServiceAccount is set for a client's service-account user.
	ServiceAccount bool `json:"serviceAccount"`
	// Via says how the user holds the role ("group /staff (role user)").
	Via string `json:"via,omitempty"`
}

// MemberPage is one page of role holders.
type MemberPage struct {
	Items []Member `json:"items"`
	Total int      `json:"total"`
	// Estimated marks Total as a lower bound (Keycloak cannot count role holders).
	Estimated bool `json:"estimated"`
}

// Directory is the part of Keycloak's admin API the tester needs. The app
// layer adapts backend/keycloak to it, so this package stays testable alone.
type Directory interface {
	// UsersWithAnyRole pages through users holding any of the roles
	// ("client:role" for a client role), directly, through a group or a
	// composite role.
	UsersWithAnyRole(ctx context.Context, realm string, roles []string, first, max int) (MemberPage, error)
	// DefinedRoles lists the realm's roles and the roles of the named clients
	// (a missing client is absent from the map).
	DefinedRoles(ctx context.Context, realm string, clients []string) (RealmRoles, error)
}

// Reach answers "who can reach this route".
type Reach struct {
	Route string      `json:"route"`
	Mode  routes.Auth `json:"mode"`
	Roles []string    `json:"roles"`
	Realm string      `json:"realm"`
	// Everyone is set when no role restricts the route; Summary says who.
	Everyone bool   `json:"everyone"`
	Summary  string `json:"summary"`
	// Members is the requested page of role holders (required routes with roles).
	Members  *MemberPage `json:"members,omitempty"`
	First    int         `json:"first"`
	Max      int         `json:"max"`
	Findings []Finding   `json:"findings"`
}

// RealmOf returns the realm name of a Keycloak issuer URL.
func RealmOf(issuer string) (string, bool) {
	_, realm, ok := keycloak.SplitIssuer(issuer)
	return realm, ok
}

// WhoCanReach explains who gets through a route and, for a route with roles,
// pages through the users holding one of them. It also lints the route's
// roles against the realm.
func WhoCanReach(ctx context.Context, dir Directory, cfg routes.Config, routeName string, first, max int) (Reach, error) {
	r, err := FindRoute(cfg, routeName)
	if err != nil {
		return Reach{}, err
	}
	mode := authMode(r)
	if max <= 0 || max > 500 {
		max = 50
	}
	if first < 0 {
		first = 0
	}
	realm, ok := RealmOf(cfg.Issuer)
	out := Reach{Route: r.Name, Mode: mode, Roles: r.Roles, Realm: realm, First: first, Max: max}
	switch {
	case mode == routes.AuthPublic:
		out.Everyone = true
		out.Summary = "Everyone, with or without a token. Tokens are ignored and no identity header is injected."
		return out, nil
	case mode == routes.AuthOptional:
		out.Everyone = true
		out.Summary = fmt.Sprintf("Everyone. Holders of a valid token from %s arrive with identity headers; requests without a token arrive anonymous; an invalid token is refused with 401.", cfg.Issuer)
		return out, nil
	case len(r.Roles) == 0:
		out.Everyone = true
		out.Summary = fmt.Sprintf("Every user and service account that can get a valid token from %s; no role is required.", cfg.Issuer)
		return out, nil
	}
	if !ok {
		return Reach{}, fmt.Errorf("issuer %q is not a Keycloak realm URL: cannot look up role holders", cfg.Issuer)
	}
	if dir == nil {
		return Reach{}, fmt.Errorf("no Keycloak connection: cannot look up role holders")
	}
	var clients []string
	for _, role := range r.Roles {
		if c, _, isClient := routes.ClientRole(role); isClient {
			clients = append(clients, c)
		}
	}
	defined, err := dir.DefinedRoles(ctx, realm, clients)
	if err != nil {
		return Reach{}, fmt.Errorf("list the roles of realm %q: %w", realm, err)
	}
	out.Findings = LintRoles(r, defined)
	existing := existingRoles(r.Roles, defined)
	if len(existing) == 0 {
		out.Summary = "Nobody: none of the route's roles exists in the realm."
		out.Members = &MemberPage{}
		return out, nil
	}
	page, err := dir.UsersWithAnyRole(ctx, realm, existing, first, max)
	if err != nil {
		return Reach{}, fmt.Errorf("list holders of %s in realm %q: %w", strings.Join(existing, ", "), realm, err)
	}
	out.Members = &page
	switch {
	case page.Total == 0 && first == 0:
		out.Summary = fmt.Sprintf("Nobody: no user or service account of realm %s holds %s.", realm, anyOf(r.Roles))
		out.Findings = append(out.Findings, Finding{SeverityWarning, "roles", out.Summary, "assign one of the roles to a user or a group", nil})
	case page.Estimated:
		out.Summary = fmt.Sprintf("At least %s holding %s (directly, through a group or a composite role).", holders(page.Total), anyOf(r.Roles))
	default:
		out.Summary = fmt.Sprintf("%s holding %s (directly, through a group or a composite role).", holders(page.Total), anyOf(r.Roles))
	}
	return out, nil
}

func existingRoles(roles []string, defined RealmRoles) []string {
	var out []string
	for _, role := range roles {
		if len(LintRoles(routes.Route{Roles: []string{role}}, defined)) == 0 {
			out = append(out, role)
		}
	}
	return out
}

func holders(n int) string {
	if n == 1 {
		return "1 user or service account"
	}
	return fmt.Sprintf("%d users or service accounts", n)
}

func anyOf(roles []string) string {
	if len(roles) == 1 {
		return "role " + roles[0]
	}
	return "any of the roles " + strings.Join(roles, ", ")
}
