package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
// once per call (every composite role: its size is the configuration's, not
// the user base's), then holders are streamed page by page in a fixed order
// — for each role its direct users, then its groups' members, subgroups
// included — and deduplicated by id until first+max+1 distinct users are
// found. Memory is bounded by first+max plus the groups visited; later pages
// cost more because the walk restarts from the beginning. Keycloak cannot
// count the result, so the page is open-ended (see Page.Estimated).
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
	graph, err := c.loadRoleGraph(ctx, op, realm)
	if err != nil {
		return Page[UserRef]{}, err
	}
	targets, err := graph.resolve(roles)
	if err != nil {
		return Page[UserRef]{}, &Error{Op: op, Status: http.StatusNotFound, Message: err.Error(), Err: ErrNotFound}
	}

	w := &reachWalk{
		c: c, op: op, realm: realm,
		skip: first, want: max + 1,
		seen: map[string]bool{}, groups: map[string]bool{},
	}
	for _, r := range graph.holdersOf(targets) {
		if err := w.role(ctx, r); err != nil {
			if errors.Is(err, errWalkDone) {
				break
			}
			return Page[UserRef]{}, err
		}
	}
	page := openPage(w.page, first, max)
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

// reachWalkBatch is the page size of each member or holder request.
const reachWalkBatch = 100

// errWalkDone stops the walk once the page is full.
var errWalkDone = errors.New("enough users found")

// reachWalk collects distinct users in walk order: the first skip are only
// counted, the next want are kept.
type reachWalk struct {
	c     *Client
	op    string
	realm string

	skip, want int
	found      int
	page       []UserRef
	seen       map[string]bool // user ids met so far: at most skip+want
	groups     map[string]bool // group ids walked already
}

// add records one user; it returns errWalkDone when the page is full.
func (w *reachWalk) add(r memberRep, via string) error {
	if w.seen[r.ID] {
		return nil
	}
	w.seen[r.ID] = true
	w.found++
	if w.found > w.skip {
		u := r.ref()
		u.Via = via
		w.page = append(w.page, u)
	}
	if w.found >= w.skip+w.want {
		return errWalkDone
	}
	return nil
}

// role walks the direct holders of one role, then its groups.
func (w *reachWalk) role(ctx context.Context, r reachedRole) error {
	n := r.node
	roleVia := "role " + n.label()
	if r.via != "" {
		roleVia = fmt.Sprintf("role %s (includes %s)", n.label(), r.via)
	}
	err := w.pages(ctx, rolePath(w.realm, n.ClientUUID, n.Name, "users"), func(reps []memberRep) error {
		for _, u := range reps {
			if err := w.add(u, roleVia); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.pagesOfGroups(ctx, rolePath(w.realm, n.ClientUUID, n.Name, "groups"), func(g groupNodeRep) error {
		return w.group(ctx, g, fmt.Sprintf("group %s (%s)", g.Path, roleVia))
	})
}

// group walks a group's members, then its subgroups, which inherit the
// group's roles. A group reached twice (two roles, or a parent and a child
// both holding roles) is walked once.
func (w *reachWalk) group(ctx context.Context, g groupNodeRep, via string) error {
	if w.groups[g.ID] {
		return nil
	}
	w.groups[g.ID] = true
	err := w.pages(ctx, adminPath("realms", w.realm, "groups", g.ID, "members"), func(reps []memberRep) error {
		for _, u := range reps {
			if err := w.add(u, via); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.pagesOfGroups(ctx, adminPath("realms", w.realm, "groups", g.ID, "children"), func(child groupNodeRep) error {
		return w.group(ctx, child, fmt.Sprintf("group %s (inherits from %s)", child.Path, strings.TrimPrefix(via, "group ")))
	})
}

// pages reads a user list reachWalkBatch at a time until it ends or fn stops.
func (w *reachWalk) pages(ctx context.Context, path string, fn func([]memberRep) error) error {
	for first := 0; ; first += reachWalkBatch {
		var reps []memberRep
		q := url.Values{"first": {fmt.Sprint(first)}, "max": {fmt.Sprint(reachWalkBatch)}, "briefRepresentation": {"true"}}
		if err := w.c.do(ctx, w.op, request{method: http.MethodGet, path: path, query: q, out: &reps}); err != nil {
			return err
		}
		if err := fn(reps); err != nil {
			return err
		}
		if len(reps) < reachWalkBatch {
			return nil
		}
	}
}

// pagesOfGroups reads a group list reachWalkBatch at a time; each group is
// handled before the next page is read.
func (w *reachWalk) pagesOfGroups(ctx context.Context, path string, fn func(groupNodeRep) error) error {
	for first := 0; ; first += reachWalkBatch {
		var reps []groupNodeRep
		q := url.Values{"first": {fmt.Sprint(first)}, "max": {fmt.Sprint(reachWalkBatch)}, "briefRepresentation": {"true"}}
		if err := w.c.do(ctx, w.op, request{method: http.MethodGet, path: path, query: q, out: &reps}); err != nil {
			return err
		}
		for _, g := range reps {
			if err := fn(g); err != nil {
				return err
			}
		}
		if len(reps) < reachWalkBatch {
			return nil
		}
	}
}
