package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// Roles live in a container: the realm, or one client. Every method here
// takes clientUUID, the client's internal id, and works on realm roles when
// it is empty. Roles come back as RoleRef, with ClientID and ClientUUID set
// for client roles.

// RoleInput is what creating or editing a role writes.
type RoleInput struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// roleDetailRep is the subset of Keycloak's RoleRepresentation the role
// screens read.
type roleDetailRep struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Composite   bool   `json:"composite"`
	ClientRole  bool   `json:"clientRole"`
	ContainerID string `json:"containerId"` // the realm's id, or the client's internal id
}

// ref converts without the client's clientId; see clientNames.fill.
func (r roleDetailRep) ref() RoleRef {
	ref := RoleRef{ID: r.ID, Name: r.Name, Description: r.Description, Composite: r.Composite}
	if r.ClientRole {
		ref.ClientUUID = r.ContainerID
	}
	return ref
}

// clientNames resolves the clientId of client roles, asking Keycloak once
// per client for one listing.
type clientNames struct {
	c     *Client
	realm string
	ids   map[string]string // internal id → clientId
}

func (c *Client) clientNames(realm string) *clientNames {
	return &clientNames{c: c, realm: realm, ids: map[string]string{}}
}

func (n *clientNames) clientID(ctx context.Context, op, uuid string) (string, error) {
	if id, ok := n.ids[uuid]; ok {
		return id, nil
	}
	var rep struct {
		ClientID string `json:"clientId"`
	}
	// raw: gocloak.Client carries the secret; only the clientId is wanted.
	if err := n.c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", n.realm, "clients", uuid), out: &rep}); err != nil {
		return "", err
	}
	n.ids[uuid] = rep.ClientID
	return rep.ClientID, nil
}

// fill sets ClientID on every client role.
func (n *clientNames) fill(ctx context.Context, op string, roles []RoleRef) error {
	for i := range roles {
		if roles[i].ClientUUID == "" {
			continue
		}
		id, err := n.clientID(ctx, op, roles[i].ClientUUID)
		if err != nil {
			return err
		}
		roles[i].ClientID = id
	}
	return nil
}

// rolesPath is the admin path of a role container's role list.
func rolesPath(realm, clientUUID string) string {
	if clientUUID != "" {
		return adminPath("realms", realm, "clients", clientUUID, "roles")
	}
	return adminPath("realms", realm, "roles")
}

// ListRoles returns one page of the realm's roles, or a client's. search
// matches a part of the name. Keycloak cannot count roles: the page is
// open-ended (see Page.Estimated).
func (c *Client) ListRoles(ctx context.Context, realm, clientUUID, search string, first, max int) (Page[RoleRef], error) {
	op := fmt.Sprintf("list realm roles in realm %q", realm)
	if clientUUID != "" {
		op = fmt.Sprintf("list roles of client %s", clientUUID)
	}
	first, max = pageBounds(first, max)
	// One role more than the page holds tells whether another follows.
	params := gocloak.GetRoleParams{First: gocloak.IntP(first), Max: gocloak.IntP(max + 1), BriefRepresentation: gocloak.BoolP(false)}
	if s := strings.TrimSpace(search); s != "" {
		params.Search = gocloak.StringP(s)
	}
	reps, err := typedList(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.Role, error) {
		if clientUUID != "" {
			return c.gc.GetClientRoles(ctx, token, esc(realm), esc(clientUUID), params)
		}
		return c.gc.GetRealmRoles(ctx, token, esc(realm), params)
	}, roleFrom)
	if err != nil {
		return Page[RoleRef]{}, err
	}
	page := openPage(mapItems(reps, roleDetailRep.ref), first, max)
	if err := c.clientNames(realm).fill(ctx, op, page.Items); err != nil {
		return Page[RoleRef]{}, err
	}
	return page, nil
}

// AllRealmRoles lists every realm role, sorted by name; an import resolves
// role names against it once instead of once per user. It pages through the
// whole list: a realm with more roles than one response holds loses none.
func (c *Client) AllRealmRoles(ctx context.Context, realm string) ([]RoleRef, error) {
	reps, err := readAllPages[roleDetailRep](ctx, c, fmt.Sprintf("list realm roles of realm %q", realm),
		adminPath("realms", realm, "roles"), url.Values{"briefRepresentation": {"true"}})
	if err != nil {
		return nil, err
	}
	out := mapItems(reps, roleDetailRep.ref)
	sortRoleRefs(out)
	return out, nil
}

// GetRole returns one role by name.
func (c *Client) GetRole(ctx context.Context, realm, clientUUID, name string) (RoleRef, error) {
	op := "get " + roleLabel(clientUUID, name)
	rep, err := c.roleRep(ctx, op, realm, clientUUID, name)
	if err != nil {
		return RoleRef{}, err
	}
	ref := roleFrom(rep).ref()
	if ref.ClientUUID == "" {
		ref.ClientUUID = clientUUID
	}
	refs := []RoleRef{ref}
	if err := c.clientNames(realm).fill(ctx, op, refs); err != nil {
		return RoleRef{}, err
	}
	return refs[0], nil
}

// roleRep reads a role's full representation, attributes included.
func (c *Client) roleRep(ctx context.Context, op, realm, clientUUID, name string) (gocloak.Role, error) {
	var rep *gocloak.Role
	err := c.call(ctx, op, func(ctx context.Context, token string) error {
		var err error
		if clientUUID != "" {
			rep, err = c.gc.GetClientRole(ctx, token, esc(realm), esc(clientUUID), esc(name))
		} else {
			rep, err = c.gc.GetRealmRole(ctx, token, esc(realm), esc(name))
		}
		return err
	})
	if err != nil {
		return gocloak.Role{}, err
	}
	return *rep, nil
}

// roleFrom keeps the fields the role screens read.
func roleFrom(r gocloak.Role) roleDetailRep {
	return roleDetailRep{
		ID: gocloak.PString(r.ID), Name: gocloak.PString(r.Name), Description: gocloak.PString(r.Description),
		Composite: gocloak.PBool(r.Composite), ClientRole: gocloak.PBool(r.ClientRole), ContainerID: gocloak.PString(r.ContainerID),
	}
}

// CreateRole creates a role and returns it. A role with the same name in the
// same container fails with ErrConflict.
func (c *Client) CreateRole(ctx context.Context, realm, clientUUID string, in RoleInput) (RoleRef, error) {
	in.Name = strings.TrimSpace(in.Name)
	op := "create " + roleLabel(clientUUID, in.Name)
	if err := c.writableInput(op, validRoleName(in.Name)); err != nil {
		return RoleRef{}, err
	}
	role := gocloak.Role{Name: gocloak.StringP(in.Name), Description: gocloak.StringP(in.Description)}
	err := c.call(ctx, op, func(ctx context.Context, token string) error {
		var err error
		if clientUUID != "" {
			_, err = c.gc.CreateClientRole(ctx, token, esc(realm), esc(clientUUID), role)
		} else {
			_, err = c.gc.CreateRealmRole(ctx, token, esc(realm), role)
		}
		return err
	})
	if err != nil {
		return RoleRef{}, err
	}
	return c.GetRole(ctx, realm, clientUUID, in.Name)
}

// UpdateRole renames a role and sets its description. Keycloak keeps the
// role's id, so its assignments and composites follow a rename; a route
// that names the old role does not.
func (c *Client) UpdateRole(ctx context.Context, realm, clientUUID, name string, in RoleInput) error {
	in.Name = strings.TrimSpace(in.Name)
	op := "update " + roleLabel(clientUUID, name)
	if err := c.writableInput(op, validRoleName(in.Name)); err != nil {
		return err
	}
	role, err := c.roleRep(ctx, op, realm, clientUUID, name)
	if err != nil {
		return err
	}
	role.Name, role.Description = gocloak.StringP(in.Name), gocloak.StringP(in.Description)
	// By id: gocloak's by-name update of a client role addresses the role by
	// its new name, which does not exist yet when renaming.
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.UpdateRealmRoleByID(ctx, token, esc(realm), esc(gocloak.PString(role.ID)), role)
	})
}

// DeleteRole deletes a role; Keycloak removes it from every user, group and
// composite that held it.
func (c *Client) DeleteRole(ctx context.Context, realm, clientUUID, name string) error {
	op := "delete " + roleLabel(clientUUID, name)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		if clientUUID != "" {
			return c.gc.DeleteClientRole(ctx, token, esc(realm), esc(clientUUID), esc(name))
		}
		return c.gc.DeleteRealmRole(ctx, token, esc(realm), esc(name))
	})
}

func validRoleName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("the role name is empty")
	case strings.ContainsAny(name, "/\\"):
		// Keycloak addresses roles by name in the URL path.
		return fmt.Errorf("the role name %q contains a slash", name)
	}
	return nil
}
