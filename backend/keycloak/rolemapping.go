package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// RoleRef names a realm role, or a client role when ClientID is set.
type RoleRef struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Composite   bool   `json:"composite"`
	// ClientID is the client's clientId ("web"), ClientUUID its internal id;
	// both empty for a realm role.
	ClientID   string `json:"clientId"`
	ClientUUID string `json:"clientUuid"`
}

// roleMappings are the roles assigned directly to a user or a group, and the
// effective ones. UserRoles and GroupRoles are this shape under the names the
// UI knows them by.
type roleMappings struct {
	Realm           []RoleRef `json:"realm"`
	Client          []RoleRef `json:"client"`
	EffectiveRealm  []RoleRef `json:"effectiveRealm"`
	EffectiveClient []RoleRef `json:"effectiveClient"`
}

// mappingTarget is what role mappings belong to: a user or a group. Keycloak
// serves the same role-mapping endpoints under /users/{id} and /groups/{id}.
type mappingTarget struct {
	kind string // "user" or "group"
	id   string
}

func userTarget(id string) mappingTarget  { return mappingTarget{kind: "user", id: id} }
func groupTarget(id string) mappingTarget { return mappingTarget{kind: "group", id: id} }

// String names the target in operation messages: "user 0f3c…".
func (t mappingTarget) String() string { return t.kind + " " + t.id }

// mappingsPath is the target's role-mappings path followed by more segments.
func (t mappingTarget) mappingsPath(realm string, more ...string) string {
	return adminPath(append([]string{"realms", realm, t.kind + "s", t.id, "role-mappings"}, more...)...)
}

// uiExtPath is one of the admin console's ui-ext listings for the target.
func (t mappingTarget) uiExtPath(realm, listing string) string {
	return adminPath("realms", realm, "ui-ext", listing, t.kind+"s", t.id)
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

// uiExtListMax bounds the ui-ext role listings, which Keycloak pages; no
// realm has that many client roles assigned to one user or group.
const uiExtListMax = "1000"

// readRoleMappings returns the target's direct and effective roles.
func (c *Client) readRoleMappings(ctx context.Context, realm string, t mappingTarget) (roleMappings, error) {
	op := fmt.Sprintf("read role mappings of %s", t)
	direct, directClient, err := c.readDirectMappings(ctx, op, realm, t)
	if err != nil {
		return roleMappings{}, err
	}
	// raw: one path for users and groups (mappingTarget); gocloak has a call per kind.
	effRealm, err := getJSON[[]roleDetailRep](ctx, c, op, t.mappingsPath(realm, "realm", "composite"), nil)
	if err != nil {
		return roleMappings{}, err
	}
	var effClient []effectiveClientRoleRep
	// raw: gocloak 13.9 has no call for the ui-ext effective client roles.
	err = c.do(ctx, op, request{
		method: http.MethodGet, path: t.uiExtPath(realm, "effective-roles"),
		query: url.Values{"first": {"0"}, "max": {uiExtListMax}}, out: &effClient,
	})
	if err != nil {
		return roleMappings{}, err
	}

	roles := roleMappings{
		Realm:           direct,
		Client:          directClient,
		EffectiveRealm:  mapItems(effRealm, roleDetailRep.ref),
		EffectiveClient: mapItems(effClient, effectiveClientRoleRep.ref),
	}
	// Direct client roles are effective too; ui-ext lists only inherited ones
	// in some versions.
	roles.EffectiveClient = appendMissingRoles(roles.EffectiveClient, roles.Client)
	for _, list := range [][]RoleRef{roles.Realm, roles.Client, roles.EffectiveRealm, roles.EffectiveClient} {
		sortRoleRefs(list)
	}
	return roles, nil
}

// readDirectMappings returns the realm and client roles assigned to the
// target itself (not through groups or composites), client roles with their
// clientId and internal id set.
func (c *Client) readDirectMappings(ctx context.Context, op, realm string, t mappingTarget) (realmRoles, clientRoles []RoleRef, err error) {
	var mappings struct {
		RealmMappings  []roleDetailRep `json:"realmMappings"`
		ClientMappings map[string]struct {
			ID       string          `json:"id"`
			Client   string          `json:"client"`
			Mappings []roleDetailRep `json:"mappings"`
		} `json:"clientMappings"`
	}
	// raw: gocloak.MappingsRepresentation drops nothing, but one path serves users and groups (mappingTarget).
	if err := c.do(ctx, op, request{method: http.MethodGet, path: t.mappingsPath(realm), out: &mappings}); err != nil {
		return nil, nil, err
	}
	realmRoles, clientRoles = mapItems(mappings.RealmMappings, roleDetailRep.ref), []RoleRef{}
	for clientID, m := range mappings.ClientMappings {
		for _, r := range m.Mappings {
			ref := r.ref()
			ref.ClientID, ref.ClientUUID = clientID, m.ID
			clientRoles = append(clientRoles, ref)
		}
	}
	return realmRoles, clientRoles, nil
}

// availableRealmRoles lists the realm roles not yet assigned to the target.
func (c *Client) availableRealmRoles(ctx context.Context, realm string, t mappingTarget) ([]RoleRef, error) {
	var reps []roleDetailRep
	// raw: one path for users and groups (mappingTarget); gocloak has a call per kind.
	err := c.do(ctx, fmt.Sprintf("list realm roles available to %s", t), request{
		method: http.MethodGet, path: t.mappingsPath(realm, "realm", "available"), out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := mapItems(reps, roleDetailRep.ref)
	sortRoleRefs(out)
	return out, nil
}

// availableClientRoles lists client roles, of any client, not yet assigned
// to the target; search filters by role or client name.
func (c *Client) availableClientRoles(ctx context.Context, realm string, t mappingTarget, search string) ([]RoleRef, error) {
	var reps []effectiveClientRoleRep
	q := url.Values{"first": {"0"}, "max": {"100"}}
	if search != "" {
		q.Set("search", search)
	}
	// raw: gocloak 13.9 has no call for the ui-ext available client roles.
	err := c.do(ctx, fmt.Sprintf("list client roles available to %s", t), request{
		method: http.MethodGet, path: t.uiExtPath(realm, "available-roles"), query: q, out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := mapItems(reps, effectiveClientRoleRep.ref)
	sortRoleRefs(out)
	return out, nil
}

// roleChange assigns roles of one container, the realm or one client, to a
// target, or takes them away.
type roleChange struct {
	remove     bool      // take the roles away instead of assigning them
	clientUUID string    // the client's internal id; empty for realm roles
	roles      []RoleRef // by id, or by name where the id is empty
}

// namedRoles is the roles of a roleChange given by name.
func namedRoles(names []string) []RoleRef {
	return mapItems(names, func(n string) RoleRef { return RoleRef{Name: n} })
}

// op says what the change does: "assign realm roles [user] to user 0f3c…".
func (ch roleChange) op(t mappingTarget) string {
	verb, prep, kind := "assign", "to", "realm"
	if ch.remove {
		verb, prep = "remove", "from"
	}
	if ch.clientUUID != "" {
		kind = "client"
	}
	names := mapItems(ch.roles, func(r RoleRef) string { return r.Name })
	return fmt.Sprintf("%s %s roles %v %s %s", verb, kind, names, prep, t)
}

// changeRoleMappings posts or deletes role mappings of the target. Keycloak
// checks both the id and the name of each role, so a role without an id is
// looked up by name first; an unknown one fails with ErrNotFound naming it.
func (c *Client) changeRoleMappings(ctx context.Context, realm string, t mappingTarget, ch roleChange) error {
	op := ch.op(t)
	if err := c.writable(op); err != nil {
		return err
	}
	if len(ch.roles) == 0 {
		return nil
	}
	body := make([]map[string]string, 0, len(ch.roles))
	for _, r := range ch.roles {
		r.ClientUUID = ch.clientUUID
		id, err := c.roleID(ctx, op, realm, r)
		if err != nil {
			return err
		}
		body = append(body, map[string]string{"id": id, "name": r.Name})
	}
	path := t.mappingsPath(realm, "realm")
	method := http.MethodPost
	if ch.clientUUID != "" {
		path = t.mappingsPath(realm, "clients", ch.clientUUID)
	}
	if ch.remove {
		method = http.MethodDelete
	}
	// raw: one path for users and groups, realm and client roles; gocloak has a call per combination.
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
