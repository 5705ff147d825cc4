package keycloak

import "context"

// roleChangeCall is the shape of every call that changes role mappings, a
// client's roles or (clientUUID unused) the realm's.
type roleChangeCall func(c *Client, ctx context.Context, realm, id, clientUUID string, names []string) error

// realmRoleChange gives a realm-role change the shape of a client-role one.
func realmRoleChange(call func(*Client, context.Context, string, string, []string) error) roleChangeCall {
	return func(c *Client, ctx context.Context, realm, id, _ string, names []string) error {
		return call(c, ctx, realm, id, names)
	}
}

// Users and groups change their role mappings through calls of the same
// shape; one table registers the read-only case of each.
func init() {
	changes := map[string]roleChangeCall{
		"AssignRealmRoles":       realmRoleChange((*Client).AssignRealmRoles),
		"RemoveRealmRoles":       realmRoleChange((*Client).RemoveRealmRoles),
		"AssignGroupRealmRoles":  realmRoleChange((*Client).AssignGroupRealmRoles),
		"RemoveGroupRealmRoles":  realmRoleChange((*Client).RemoveGroupRealmRoles),
		"AssignClientRoles":      (*Client).AssignClientRoles,
		"RemoveClientRoles":      (*Client).RemoveClientRoles,
		"AssignGroupClientRoles": (*Client).AssignGroupClientRoles,
		"RemoveGroupClientRoles": (*Client).RemoveGroupClientRoles,
	}
	for name, change := range changes {
		readOnlyCase(name, func(ctx context.Context, c *Client) error {
			return change(c, ctx, "r", "id", "client", []string{"view"})
		})
	}
}
