package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// UsersWithAnyRole answers "who can reach a route that requires any of these
// roles": the users holding at least one of them directly, through a group
// (the group's own roles and those of its parent groups) or through a
// composite role that contains it, at any depth. Roles are named as in
// routes: "user" for a realm role, "web:editor" for a client role. An
// unknown role fails with ErrNotFound naming it.
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
func (c *Client) UsersWithAnyRole(ctx context.Context, realm string, roles []string, first, max int) (Page[UserRef], error) {
	op := fmt.Sprintf("find users with any of the roles %s in realm %q", strings.Join(roles, ", "), realm)
	first, max = pageBounds(first, max)
	if len(roles) == 0 {
		return Page[UserRef]{}, &Error{Op: op, Message: "no role given", Err: ErrInvalidInput}
	}
	for _, r := range roles {
		if _, _, err := parseRoleName(r); err != nil {
			return Page[UserRef]{}, &Error{Op: op, Message: err.Error(), Err: ErrInvalidInput}
		}
	}
	key := reachKey(realm, roles)
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
func (g *roleGraph) resolve(names []string) ([]roleNode, error) {
	byLabel := make(map[string]roleNode, len(g.roles))
	for _, n := range g.roles {
		byLabel[n.label()] = n
	}
	var out []roleNode
	for _, s := range names {
		clientID, name, err := parseRoleName(s)
		if err != nil {
			return nil, err // checked by the caller already
		}
		label := name
		if clientID != "" {
			label = clientID + ":" + name
		}
		n, ok := byLabel[label]
		if !ok {
			if clientID != "" {
				return nil, fmt.Errorf("client role %q of client %q does not exist", name, clientID)
			}
			return nil, fmt.Errorf("realm role %q does not exist", name)
		}
		out = append(out, n)
	}
	return out, nil
}
