package keycloak

import "context"

// UserRoles are a user's role mappings: the roles assigned directly, and the
// effective ones, which add roles inherited from groups and composites.
type UserRoles roleMappings

// UserRoleMappings returns the user's direct and effective roles.
func (c *Client) UserRoleMappings(ctx context.Context, realm, userID string) (UserRoles, error) {
	roles, err := c.readRoleMappings(ctx, realm, userTarget(userID))
	return UserRoles(roles), err
}

// AvailableRealmRoles lists the realm roles not yet assigned to the user.
func (c *Client) AvailableRealmRoles(ctx context.Context, realm, userID string) ([]RoleRef, error) {
	return c.availableRealmRoles(ctx, realm, userTarget(userID))
}

// AvailableClientRoles lists client roles, of any client, not yet assigned
// to the user; search filters by role or client name.
func (c *Client) AvailableClientRoles(ctx context.Context, realm, userID, search string) ([]RoleRef, error) {
	return c.availableClientRoles(ctx, realm, userTarget(userID), search)
}

// AssignRealmRoles gives the user realm roles by name.
func (c *Client) AssignRealmRoles(ctx context.Context, realm, userID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, userTarget(userID), roleChange{roles: namedRoles(names)})
}

// AssignRealmRoleRefs gives the user realm roles already looked up (ID and
// Name set), saving a lookup per role.
func (c *Client) AssignRealmRoleRefs(ctx context.Context, realm, userID string, roles []RoleRef) error {
	return c.changeRoleMappings(ctx, realm, userTarget(userID), roleChange{roles: roles})
}

// RemoveRealmRoles takes realm roles away from the user (only direct
// assignments; roles from groups stay).
func (c *Client) RemoveRealmRoles(ctx context.Context, realm, userID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, userTarget(userID), roleChange{remove: true, roles: namedRoles(names)})
}

// AssignClientRoles gives the user roles of one client (by its internal id).
func (c *Client) AssignClientRoles(ctx context.Context, realm, userID, clientUUID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, userTarget(userID), roleChange{clientUUID: clientUUID, roles: namedRoles(names)})
}

// RemoveClientRoles takes roles of one client away from the user.
func (c *Client) RemoveClientRoles(ctx context.Context, realm, userID, clientUUID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, userTarget(userID), roleChange{remove: true, clientUUID: clientUUID, roles: namedRoles(names)})
}
