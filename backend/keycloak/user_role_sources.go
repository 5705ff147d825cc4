package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"sort"
)

// Kinds of RoleSource.
const (
	SourceDirect    = "direct"    // assigned to the user
	SourceGroup     = "group"     // assigned to a group the user is in, or to one of its parent groups
	SourceComposite = "composite" // contained in a composite role the user holds
)

// RoleSource is one reason a user holds a role.
type RoleSource struct {
	Kind string `json:"kind"` // SourceDirect, SourceGroup or SourceComposite
	// Group is the path of the group holding the mapping ("/staff/berlin"),
	// for a group source. A parent group's role reaches the members of its
	// subgroups: the path then names the parent.
	Group string `json:"group"`
	// Role is the composite role that contains this one directly ("admin",
	// or "web:editor" for a client role), for a composite source. That role
	// has sources of its own in the same list.
	Role string `json:"role"`
}

// EffectiveRole is a role the user holds, with every reason why.
type EffectiveRole struct {
	Role    RoleRef      `json:"role"`
	Sources []RoleSource `json:"sources"`
}

// UserEffectiveRoles returns every role the user holds, realm and client
// roles alike, each with where it comes from: assigned directly, through a
// group (the user's groups and their parent groups), or through a composite
// role, possibly several of these at once. Keycloak's composite endpoints
// list effective roles without saying why, so the sources are computed: the
// user's and each group's direct mappings, then the composites expanded,
// each composite's children read once.
func (c *Client) UserEffectiveRoles(ctx context.Context, realm, userID string) ([]EffectiveRole, error) {
	op := fmt.Sprintf("read effective roles of user %s", userID)
	s := &roleSources{c: c, op: op, realm: realm, byID: map[string]*EffectiveRole{}, names: c.clientNames(realm)}

	realmRoles, clientRoles, err := c.readDirectMappings(ctx, op, realm, userTarget(userID))
	if err != nil {
		return nil, err
	}
	s.addAll(append(realmRoles, clientRoles...), RoleSource{Kind: SourceDirect})

	groups, err := c.UserGroups(ctx, realm, userID)
	if err != nil {
		return nil, err
	}
	held, err := s.withAncestors(ctx, groups)
	if err != nil {
		return nil, err
	}
	for _, g := range held {
		realmRoles, clientRoles, err := c.readDirectMappings(ctx, op, realm, groupTarget(g.ID))
		if err != nil {
			return nil, err
		}
		s.addAll(append(realmRoles, clientRoles...), RoleSource{Kind: SourceGroup, Group: g.Path})
	}

	if err := s.expandComposites(ctx); err != nil {
		return nil, err
	}
	return s.result(), nil
}

// roleSources collects the effective roles of one user as they are found.
type roleSources struct {
	c     *Client
	op    string
	realm string
	names *clientNames
	byID  map[string]*EffectiveRole
	order []string // ids, in the order found: the composites to expand
}

// add records that the user holds r for the reason src; a reason already
// recorded is not repeated.
func (s *roleSources) add(r RoleRef, src RoleSource) {
	e, ok := s.byID[r.ID]
	if !ok {
		e = &EffectiveRole{Role: r}
		s.byID[r.ID] = e
		s.order = append(s.order, r.ID)
	}
	for _, have := range e.Sources {
		if have == src {
			return
		}
	}
	e.Sources = append(e.Sources, src)
}

func (s *roleSources) addAll(roles []RoleRef, src RoleSource) {
	for _, r := range roles {
		s.add(r, src)
	}
}

// groupParentRep is the part of a group that leads to its parent.
type groupParentRep struct {
	ID       string `json:"id"`
	Path     string `json:"path"`
	ParentID string `json:"parentId"`
}

// withAncestors returns the user's groups and every parent group above
// them, each once. Parents are followed by id (Keycloak 23+ returns
// parentId), not by cutting the path, since a group name may hold "/".
func (s *roleSources) withAncestors(ctx context.Context, groups []GroupRef) ([]GroupRef, error) {
	seen := map[string]bool{}
	var out []GroupRef
	for _, g := range groups {
		id := g.ID
		for id != "" && !seen[id] {
			seen[id] = true
			var rep groupParentRep
			// raw: gocloak.Group drops parentId.
			if err := s.c.do(ctx, s.op, request{method: http.MethodGet, path: adminPath("realms", s.realm, "groups", id), out: &rep}); err != nil {
				return nil, err
			}
			out = append(out, GroupRef{ID: rep.ID, Path: rep.Path})
			id = rep.ParentID
		}
	}
	return out, nil
}

// expandComposites adds, for every composite role held, the roles it
// contains, with the composite as their source, down to any depth. Each
// composite's children are read once, however many ways it is held; a
// cycle ends where a role was already expanded.
func (s *roleSources) expandComposites(ctx context.Context) error {
	expanded := map[string]bool{}
	for i := 0; i < len(s.order); i++ {
		parent := s.byID[s.order[i]].Role
		if !parent.Composite || expanded[parent.ID] {
			continue
		}
		expanded[parent.ID] = true
		if len(expanded) > maxEffectiveRoles {
			return &Error{Op: s.op, Message: fmt.Sprintf("more than %d nested roles", maxEffectiveRoles), Err: ErrInvalidInput}
		}
		reps, err := s.c.compositesOf(ctx, s.op, s.realm, parent.ID)
		if err != nil {
			return err
		}
		children := mapItems(reps, roleDetailRep.ref)
		if err := s.names.fill(ctx, s.op, children); err != nil {
			return err
		}
		src := RoleSource{Kind: SourceComposite, Role: roleRefLabel(parent)}
		s.addAll(children, src)
	}
	return nil
}

// result lists the roles as sortRoleRefs orders them (realm roles first,
// then client roles by client), each role's sources direct first, then
// groups by path, then composites by role.
func (s *roleSources) result() []EffectiveRole {
	refs := make([]RoleRef, 0, len(s.byID))
	for _, e := range s.byID {
		refs = append(refs, e.Role)
	}
	sortRoleRefs(refs)
	out := make([]EffectiveRole, 0, len(refs))
	for _, r := range refs {
		e := s.byID[r.ID]
		sort.Slice(e.Sources, func(i, j int) bool {
			a, b := e.Sources[i], e.Sources[j]
			if a.Kind != b.Kind {
				return sourceRank[a.Kind] < sourceRank[b.Kind]
			}
			return a.Group+a.Role < b.Group+b.Role
		})
		out = append(out, *e)
	}
	return out
}

var sourceRank = map[string]int{SourceDirect: 0, SourceGroup: 1, SourceComposite: 2}

// roleRefLabel names a role as routes do: "user", or "web:editor" for a
// client role.
func roleRefLabel(r RoleRef) string {
	return roleNode{Name: r.Name, ClientUUID: r.ClientUUID, ClientID: r.ClientID}.label()
}
