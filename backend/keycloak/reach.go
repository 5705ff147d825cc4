package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// RoleName names one role: a realm role when ClientID is empty, otherwise the
// role of the client whose clientId is ClientID. Callers holding a route's
// role notation ("web:editor") turn it into a RoleName with the routes
// package's rule; this package reads no route syntax.
type RoleName struct {
	ClientID string `json:"clientId"`
	Name     string `json:"name"`
}

// label names the role in messages and "via" lines: "user", or "web:editor"
// for a client role.
func (r RoleName) label() string {
	if r.ClientID != "" {
		return r.ClientID + ":" + r.Name
	}
	return r.Name
}

// UsersWithAnyRole answers "who can reach a route that requires any of these
// roles": the users holding at least one of them directly, through a group
// (the group's own roles and those of its parent groups) or through a
// composite role that contains it, at any depth. An unknown role fails
// with ErrNotFound naming it; a role without a name with ErrInvalidInput.
//
// Disabled users are included with Enabled false: they hold the role but
// cannot log in, and hiding them would hide why a route looks reachable.
// Service-account users are included and marked: a client-credentials token
// of that client carries the role and passes the route.
//
// The realm's users are never loaded as a whole. The role structure is read
// once per walk (every composite role: its size is the configuration's, not
// the user base's), then holders are streamed page by page in a fixed order
// — for each role its direct users, then its groups' members, subgroups
// included — and deduplicated by id. Keycloak cannot count the result, so
// the page is open-ended (see Page.Estimated).
//
// The walk is kept between pages (see reachCursors): asking for the page
// that starts where the previous one ended continues from the offset each
// holder list had reached, so every page costs about the same however deep
// it is. A first page, or any other offset, starts a fresh walk; memory is
// bounded by first+max user ids plus the groups visited.
func (c *Client) UsersWithAnyRole(ctx context.Context, realm string, roles []RoleName, first, max int) (Page[UserRef], error) {
	labels := mapItems(roles, RoleName.label)
	op := fmt.Sprintf("find users with any of the roles %s in realm %q", strings.Join(labels, ", "), realm)
	first, max = pageBounds(first, max)
	if len(roles) == 0 {
		return Page[UserRef]{}, &Error{Op: op, Message: "no role given", Err: ErrInvalidInput}
	}
	for _, r := range roles {
		if strings.TrimSpace(r.Name) == "" {
			return Page[UserRef]{}, &Error{Op: op, Message: fmt.Sprintf("%q names no role", r.label()), Err: ErrInvalidInput}
		}
	}
	key := reachKey(realm, labels)
	w := c.reach.take(key, first)
	if w == nil {
		graph, err := c.loadRoleGraph(ctx, op, realm)
		if err != nil {
			return Page[UserRef]{}, err
		}
		targets, err := graph.resolve(roles)
		if err != nil {
			return Page[UserRef]{}, &Error{Op: op, Status: http.StatusNotFound, Message: err.Error(), Err: ErrNotFound}
		}
		w = newReachWalk(realm, graph.holdersOf(targets))
		if err := w.skip(ctx, c, op, first); err != nil {
			return Page[UserRef]{}, err
		}
	}
	// One user more than the page tells whether another page follows; the
	// walk keeps it for that page.
	items := make([]UserRef, 0, max+1)
	for len(items) < max+1 {
		u, ok, err := w.next(ctx, c, op)
		if err != nil {
			return Page[UserRef]{}, err
		}
		if !ok {
			break
		}
		items = append(items, u)
	}
	if len(items) > max {
		w.unread(items[max])
		c.reach.keep(key, w)
	}
	page := openPage(items, first, max)
	if err := c.serviceAccounts(realm).mark(ctx, op, page.Items); err != nil {
		return Page[UserRef]{}, err
	}
	return page, nil
}

// resolve finds the asked-for roles in the graph.
func (g *roleGraph) resolve(names []RoleName) ([]roleNode, error) {
	byName := make(map[RoleName]roleNode, len(g.roles))
	for _, n := range g.roles {
		byName[n.roleName()] = n
	}
	var out []roleNode
	for _, r := range names {
		n, ok := byName[r]
		if !ok {
			if r.ClientID != "" {
				return nil, fmt.Errorf("client role %q of client %q does not exist", r.Name, r.ClientID)
			}
			return nil, fmt.Errorf("realm role %q does not exist", r.Name)
		}
		out = append(out, n)
	}
	return out, nil
}
