package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// GroupRoles are a group's role mappings: the roles assigned to it, and the
// effective ones, which add roles from parent groups and composites. Members
// of the group and of its subgroups hold all of the effective roles.
type GroupRoles struct {
	Realm           []RoleRef `json:"realm"`
	Client          []RoleRef `json:"client"`
	EffectiveRealm  []RoleRef `json:"effectiveRealm"`
	EffectiveClient []RoleRef `json:"effectiveClient"`
}

// effectiveClientRoleRep is what the admin console's ui-ext endpoints return
// for client roles across all clients.
type effectiveClientRoleRep struct {
	ID          string `json:"id"`
	Role        string `json:"role"`
	Client      string `json:"client"`   // clientId
	ClientUUID  string `json:"clientId"` // the client's internal id
	Description string `json:"description"`
}

func (r effectiveClientRoleRep) ref() RoleRef {
	return RoleRef{ID: r.ID, Name: r.Role, Description: r.Description, ClientID: r.Client, ClientUUID: r.ClientUUID}
}

// uiExtListMax bounds the ui-ext role listings, which Keycloak pages.
const uiExtListMax = "1000"

// GroupRoleMappings returns the group's direct and effective roles.
func (c *Client) GroupRoleMappings(ctx context.Context, realm, groupID string) (GroupRoles, error) {
	op := fmt.Sprintf("read role mappings of group %s", groupID)
	var mappings struct {
		RealmMappings  []roleDetailRep `json:"realmMappings"`
		ClientMappings map[string]struct {
			ID       string          `json:"id"`
			Client   string          `json:"client"`
			Mappings []roleDetailRep `json:"mappings"`
		} `json:"clientMappings"`
	}
	base := adminPath("realms", realm, "groups", groupID, "role-mappings")
	if err := c.do(ctx, op, request{method: http.MethodGet, path: base, out: &mappings}); err != nil {
		return GroupRoles{}, err
	}
	var effRealm []roleDetailRep
	if err := c.do(ctx, op, request{method: http.MethodGet, path: base + "/realm/composite", out: &effRealm}); err != nil {
		return GroupRoles{}, err
	}
	var effClient []effectiveClientRoleRep
	err := c.do(ctx, op, request{
		method: http.MethodGet, path: adminPath("realms", realm, "ui-ext", "effective-roles", "groups", groupID),
		query: url.Values{"first": {"0"}, "max": {uiExtListMax}}, out: &effClient,
	})
	if err != nil {
		return GroupRoles{}, err
	}

	roles := GroupRoles{
		Realm:           mapItems(mappings.RealmMappings, roleDetailRep.ref),
		Client:          []RoleRef{},
		EffectiveRealm:  mapItems(effRealm, roleDetailRep.ref),
		EffectiveClient: mapItems(effClient, effectiveClientRoleRep.ref),
	}
	for clientID, m := range mappings.ClientMappings {
		for _, r := range m.Mappings {
			ref := r.ref()
			ref.ClientID, ref.ClientUUID = clientID, m.ID
			roles.Client = append(roles.Client, ref)
		}
	}
	// Direct client roles are effective too, whether or not ui-ext lists them.
	roles.EffectiveClient = appendMissingRoles(roles.EffectiveClient, roles.Client)
	for _, list := range [][]RoleRef{roles.Realm, roles.Client, roles.EffectiveRealm, roles.EffectiveClient} {
		sortRoleRefs(list)
	}
	return roles, nil
}

// AvailableGroupRealmRoles lists the realm roles not yet assigned to the group.
func (c *Client) AvailableGroupRealmRoles(ctx context.Context, realm, groupID string) ([]RoleRef, error) {
	var reps []roleDetailRep
	err := c.do(ctx, fmt.Sprintf("list realm roles available to group %s", groupID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "groups", groupID, "role-mappings", "realm", "available"), out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := mapItems(reps, roleDetailRep.ref)
	sortRoleRefs(out)
	return out, nil
}

// AvailableGroupClientRoles lists client roles, of any client, not yet
// assigned to the group; search filters by role or client name.
func (c *Client) AvailableGroupClientRoles(ctx context.Context, realm, groupID, search string) ([]RoleRef, error) {
	var reps []effectiveClientRoleRep
	q := url.Values{"first": {"0"}, "max": {"100"}}
	if search != "" {
		q.Set("search", search)
	}
	err := c.do(ctx, fmt.Sprintf("list client roles available to group %s", groupID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "ui-ext", "available-roles", "groups", groupID), query: q, out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := mapItems(reps, effectiveClientRoleRep.ref)
	sortRoleRefs(out)
	return out, nil
}

// AssignGroupRealmRoles gives the group realm roles by name.
func (c *Client) AssignGroupRealmRoles(ctx context.Context, realm, groupID string, names []string) error {
	op := fmt.Sprintf("assign realm roles %v to group %s", names, groupID)
	return c.changeGroupRoles(ctx, http.MethodPost, op, realm, groupID, "", names)
}

// RemoveGroupRealmRoles takes realm roles away from the group.
func (c *Client) RemoveGroupRealmRoles(ctx context.Context, realm, groupID string, names []string) error {
	op := fmt.Sprintf("remove realm roles %v from group %s", names, groupID)
	return c.changeGroupRoles(ctx, http.MethodDelete, op, realm, groupID, "", names)
}

// AssignGroupClientRoles gives the group roles of one client (by its
// internal id).
func (c *Client) AssignGroupClientRoles(ctx context.Context, realm, groupID, clientUUID string, names []string) error {
	op := fmt.Sprintf("assign client roles %v to group %s", names, groupID)
	return c.changeGroupRoles(ctx, http.MethodPost, op, realm, groupID, clientUUID, names)
}

// RemoveGroupClientRoles takes roles of one client away from the group.
func (c *Client) RemoveGroupClientRoles(ctx context.Context, realm, groupID, clientUUID string, names []string) error {
	op := fmt.Sprintf("remove client roles %v from group %s", names, groupID)
	return c.changeGroupRoles(ctx, http.MethodDelete, op, realm, groupID, clientUUID, names)
}

// changeGroupRoles posts or deletes role mappings. Keycloak checks both the
// id and the name of each role, so every name is looked up first; an
// unknown one fails with ErrNotFound naming it.
func (c *Client) changeGroupRoles(ctx context.Context, method, op, realm, groupID, clientUUID string, names []string) error {
	if err := c.writable(op); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	body := make([]map[string]string, 0, len(names))
	for _, n := range names {
		id, err := c.roleID(ctx, op, realm, RoleRef{Name: n, ClientUUID: clientUUID})
		if err != nil {
			return err
		}
		body = append(body, map[string]string{"id": id, "name": n})
	}
	path := adminPath("realms", realm, "groups", groupID, "role-mappings", "realm")
	if clientUUID != "" {
		path = adminPath("realms", realm, "groups", groupID, "role-mappings", "clients", clientUUID)
	}
	return c.do(ctx, op, request{method: method, path: path, body: body})
}

// appendMissingRoles appends the roles of more whose id is not in into yet.
func appendMissingRoles(into, more []RoleRef) []RoleRef {
	seen := make(map[string]bool, len(into))
	for _, r := range into {
		seen[r.ID] = true
	}
	for _, r := range more {
		if !seen[r.ID] {
			into = append(into, r)
			seen[r.ID] = true
		}
	}
	return into
}
