package keycloak

import "context"

// Users and groups change their role mappings through calls of the same
// shape; one table registers the read-only case of each.
func init() {
	realmRoles := map[string]func(*Client, context.Context, string, string, []string) error{
		"AssignRealmRoles":      (*Client).AssignRealmRoles,
		"RemoveRealmRoles":      (*Client).RemoveRealmRoles,
		"AssignGroupRealmRoles": (*Client).AssignGroupRealmRoles,
		"RemoveGroupRealmRoles": (*Client).RemoveGroupRealmRoles,
	}
	for name, change := range realmRoles {
		readOnlyCase(name, func(ctx context.Context, c *Client) error {
			return change(c, ctx, "r", "id", []string{"user"})
		})
	}
	clientRoles := map[string]func(*Client, context.Context, string, string, string, []string) error{
		"AssignClientRoles":      (*Client).AssignClientRoles,
		"RemoveClientRoles":      (*Client).RemoveClientRoles,
		"AssignGroupClientRoles": (*Client).AssignGroupClientRoles,
		"RemoveGroupClientRoles": (*Client).RemoveGroupClientRoles,
	}
	for name, change := range clientRoles {
		readOnlyCase(name, func(ctx context.Context, c *Client) error {
			return change(c, ctx, "r", "id", "client", []string{"view"})
		})
	}
}
