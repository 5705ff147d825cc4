package keycloak

import "context"

// GroupRoles are a group's role mappings: the roles assigned to it, and the
// effective ones, which add roles from parent groups and composites. Members
// of the group and of its subgroups hold all of the effective roles.
type GroupRoles roleMappings

// GroupRoleMappings returns the group's direct and effective roles.
func (c *Client) GroupRoleMappings(ctx context.Context, realm, groupID string) (GroupRoles, error) {
	roles, err := c.readRoleMappings(ctx, realm, groupTarget(groupID))
	return GroupRoles(roles), err
}

// AvailableGroupRealmRoles lists the realm roles not yet assigned to the group.
func (c *Client) AvailableGroupRealmRoles(ctx context.Context, realm, groupID string) ([]RoleRef, error) {
	return c.availableRealmRoles(ctx, realm, groupTarget(groupID))
}

// AvailableGroupClientRoles lists client roles, of any client, not yet
// assigned to the group; search filters by role or client name.
func (c *Client) AvailableGroupClientRoles(ctx context.Context, realm, groupID, search string) ([]RoleRef, error) {
	return c.availableClientRoles(ctx, realm, groupTarget(groupID), search)
}

// AssignGroupRealmRoles gives the group realm roles by name.
func (c *Client) AssignGroupRealmRoles(ctx context.Context, realm, groupID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, groupTarget(groupID), roleChange{roles: namedRoles(names)})
}

// RemoveGroupRealmRoles takes realm roles away from the group.
func (c *Client) RemoveGroupRealmRoles(ctx context.Context, realm, groupID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, groupTarget(groupID), roleChange{remove: true, roles: namedRoles(names)})
}

// AssignGroupClientRoles gives the group roles of one client (by its
// internal id).
func (c *Client) AssignGroupClientRoles(ctx context.Context, realm, groupID, clientUUID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, groupTarget(groupID), roleChange{clientUUID: clientUUID, roles: namedRoles(names)})
}

// RemoveGroupClientRoles takes roles of one client away from the group.
func (c *Client) RemoveGroupClientRoles(ctx context.Context, realm, groupID, clientUUID string, names []string) error {
	return c.changeRoleMappings(ctx, realm, groupTarget(groupID), roleChange{remove: true, clientUUID: clientUUID, roles: namedRoles(names)})
}
