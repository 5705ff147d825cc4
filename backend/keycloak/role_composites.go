package keycloak

import (
	"context"
	"fmt"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// maxEffectiveRoles bounds the walk through nested composites; no realm
// nests that many roles, and a cycle cannot make it run away.
const maxEffectiveRoles = 5000

// ListRoleComposites returns the roles a composite role contains directly,
// realm and client roles together.
func (c *Client) ListRoleComposites(ctx context.Context, realm, clientUUID, name string) ([]RoleRef, error) {
	op := "list composites of " + roleLabel(clientUUID, name)
	// raw: gocloak 13.9 lists a client role's composites only by the role's
	// id, which would cost a lookup first; by name it is one request.
	reps, err := getJSON[[]roleDetailRep](ctx, c, op, rolePath(realm, clientUUID, name, "composites"), nil)
	if err != nil {
		return nil, err
	}
	out := mapItems(reps, roleDetailRep.ref)
	if err := c.clientNames(realm).fill(ctx, op, out); err != nil {
		return nil, err
	}
	sortRoleRefs(out)
	return out, nil
}

// EffectiveRoleComposites returns every role a user holding this role gets:
// the direct composites and, recursively, theirs. The role itself is not
// in the list.
func (c *Client) EffectiveRoleComposites(ctx context.Context, realm, clientUUID, name string) ([]RoleRef, error) {
	op := "list effective composites of " + roleLabel(clientUUID, name)
	root, err := c.GetRole(ctx, realm, clientUUID, name)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{root.ID: true}
	var out []RoleRef
	queue := []RoleRef{root}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if !r.Composite {
			continue
		}
		reps, err := c.compositesOf(ctx, op, realm, r.ID)
		if err != nil {
			return nil, err
		}
		for _, rep := range reps {
			if seen[rep.ID] {
				continue
			}
			if len(seen) > maxEffectiveRoles {
				return nil, &Error{Op: op, Message: fmt.Sprintf("more than %d nested roles", maxEffectiveRoles), Err: ErrInvalidInput}
			}
			seen[rep.ID] = true
			ref := rep.ref()
			out = append(out, ref)
			queue = append(queue, ref)
		}
	}
	if out == nil {
		out = []RoleRef{}
	}
	if err := c.clientNames(realm).fill(ctx, op, out); err != nil {
		return nil, err
	}
	sortRoleRefs(out)
	return out, nil
}

// AddRoleComposites makes the role contain the given roles, which makes it
// composite. Each role is named by ID, or by Name (with ClientUUID for a
// client role). A role cannot contain itself.
func (c *Client) AddRoleComposites(ctx context.Context, realm, clientUUID, name string, roles []RoleRef) error {
	op := "add composites to " + roleLabel(clientUUID, name)
	return c.changeComposites(ctx, false, op, realm, clientUUID, name, roles)
}

// RemoveRoleComposites takes roles out of a composite role. When the last
// one goes, Keycloak makes the role plain again.
func (c *Client) RemoveRoleComposites(ctx context.Context, realm, clientUUID, name string, roles []RoleRef) error {
	op := "remove composites from " + roleLabel(clientUUID, name)
	return c.changeComposites(ctx, true, op, realm, clientUUID, name, roles)
}

// changeComposites adds roles to a composite, or removes them. By the
// parent's id: the same calls serve realm and client roles.
func (c *Client) changeComposites(ctx context.Context, remove bool, op, realm, clientUUID, name string, roles []RoleRef) error {
	if err := c.writable(op); err != nil {
		return err
	}
	if len(roles) == 0 {
		return nil
	}
	parent, err := c.GetRole(ctx, realm, clientUUID, name)
	if err != nil {
		return err
	}
	body := make([]gocloak.Role, 0, len(roles))
	for _, r := range roles {
		id, err := c.roleID(ctx, op, realm, r)
		if err != nil {
			return err
		}
		if id == parent.ID {
			return &Error{Op: op, Message: "a role cannot contain itself", Err: ErrInvalidInput}
		}
		body = append(body, gocloak.Role{ID: gocloak.StringP(id)})
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		if remove {
			return c.gc.DeleteClientRoleComposite(ctx, token, esc(realm), esc(parent.ID), body)
		}
		return c.gc.AddClientRoleComposite(ctx, token, esc(realm), esc(parent.ID), body)
	})
}

// roleID returns r.ID, looking the role up by name when it is not set.
func (c *Client) roleID(ctx context.Context, op, realm string, r RoleRef) (string, error) {
	if r.ID != "" {
		return r.ID, nil
	}
	if r.Name == "" {
		return "", &Error{Op: op, Message: "a role has neither id nor name", Err: ErrInvalidInput}
	}
	rep, err := c.roleRep(ctx, op, realm, r.ClientUUID, r.Name)
	if err != nil {
		var kcErr *Error
		if asError(err, &kcErr) && kcErr.Err == ErrNotFound {
			kcErr.Message = roleLabel(r.ClientUUID, r.Name) + " does not exist"
		}
		return "", err
	}
	return gocloak.PString(rep.ID), nil
}

// sortRoleRefs puts realm roles first, then client roles by clientId, each
// by name.
func sortRoleRefs(rs []RoleRef) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].ClientID != rs[j].ClientID {
			return rs[i].ClientID < rs[j].ClientID
		}
		return rs[i].Name < rs[j].Name
	})
}

// compositesOf reads the roles a composite role contains, by the role's id
// (the same call for realm and client roles).
func (c *Client) compositesOf(ctx context.Context, op, realm, roleID string) ([]roleDetailRep, error) {
	return typedList(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.Role, error) {
		return c.gc.GetCompositeRolesByRoleID(ctx, token, esc(realm), esc(roleID))
	}, roleFrom)
}
