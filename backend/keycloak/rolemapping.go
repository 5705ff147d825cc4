package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
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

// UserRoles are a user's role mappings: the roles assigned directly, and the
// effective ones, which add roles inherited from groups and composites.
type UserRoles struct {
	Realm           []RoleRef `json:"realm"`
	Client          []RoleRef `json:"client"`
	EffectiveRealm  []RoleRef `json:"effectiveRealm"`
	EffectiveClient []RoleRef `json:"effectiveClient"`
}

type roleRep struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Composite   bool   `json:"composite"`
	ClientRole  bool   `json:"clientRole"`
	ContainerID string `json:"containerId"`
}

func (r roleRep) ref() RoleRef {
	return RoleRef{ID: r.ID, Name: r.Name, Description: r.Description, Composite: r.Composite}
}

// uiRoleRep is what the admin console's ui-ext endpoints return for client
// roles across all clients.
type uiRoleRep struct {
	ID          string `json:"id"`
	Role        string `json:"role"`
	Client      string `json:"client"`   // clientId
	ClientUUID  string `json:"clientId"` // the client's internal id
	Description string `json:"description"`
}

func (r uiRoleRep) ref() RoleRef {
	return RoleRef{ID: r.ID, Name: r.Role, Description: r.Description, ClientID: r.Client, ClientUUID: r.ClientUUID}
}

// uiExtMax bounds the ui-ext listings; no realm has that many client roles
// assigned to one user.
const uiExtMax = "1000"

// UserRoleMappings returns the user's direct and effective roles.
func (c *Client) UserRoleMappings(ctx context.Context, realm, userID string) (UserRoles, error) {
	op := fmt.Sprintf("read role mappings of user %s", userID)
	var mappings struct {
		RealmMappings  []roleRep `json:"realmMappings"`
		ClientMappings map[string]struct {
			ID       string    `json:"id"`
			Client   string    `json:"client"`
			Mappings []roleRep `json:"mappings"`
		} `json:"clientMappings"`
	}
	base := adminPath("realms", realm, "users", userID, "role-mappings")
	if err := c.do(ctx, op, request{method: http.MethodGet, path: base, out: &mappings}); err != nil {
		return UserRoles{}, err
	}
	var effRealm []roleRep
	if err := c.do(ctx, op, request{method: http.MethodGet, path: base + "/realm/composite", out: &effRealm}); err != nil {
		return UserRoles{}, err
	}
	var effClient []uiRoleRep
	err := c.do(ctx, op, request{
		method: http.MethodGet, path: adminPath("realms", realm, "ui-ext", "effective-roles", "users", userID),
		query: url.Values{"first": {"0"}, "max": {uiExtMax}}, out: &effClient,
	})
	if err != nil {
		return UserRoles{}, err
	}

	roles := UserRoles{Realm: []RoleRef{}, Client: []RoleRef{}, EffectiveRealm: []RoleRef{}, EffectiveClient: []RoleRef{}}
	for _, r := range mappings.RealmMappings {
		roles.Realm = append(roles.Realm, r.ref())
	}
	for clientID, m := range mappings.ClientMappings {
		for _, r := range m.Mappings {
			ref := r.ref()
			ref.ClientID, ref.ClientUUID = clientID, m.ID
			roles.Client = append(roles.Client, ref)
		}
	}
	for _, r := range effRealm {
		roles.EffectiveRealm = append(roles.EffectiveRealm, r.ref())
	}
	for _, r := range effClient {
		roles.EffectiveClient = append(roles.EffectiveClient, r.ref())
	}
	// Direct client roles are effective too; ui-ext lists only inherited ones
	// in some versions.
	roles.EffectiveClient = mergeRoles(roles.EffectiveClient, roles.Client)
	for _, list := range [][]RoleRef{roles.Realm, roles.Client, roles.EffectiveRealm, roles.EffectiveClient} {
		sortRoles(list)
	}
	return roles, nil
}

// AvailableRealmRoles lists the realm roles not yet assigned to the user.
func (c *Client) AvailableRealmRoles(ctx context.Context, realm, userID string) ([]RoleRef, error) {
	var reps []roleRep
	err := c.do(ctx, fmt.Sprintf("list realm roles available to user %s", userID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "users", userID, "role-mappings", "realm", "available"), out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]RoleRef, 0, len(reps))
	for _, r := range reps {
		out = append(out, r.ref())
	}
	sortRoles(out)
	return out, nil
}

// AvailableClientRoles lists client roles, of any client, not yet assigned
// to the user; search filters by role or client name.
func (c *Client) AvailableClientRoles(ctx context.Context, realm, userID, search string) ([]RoleRef, error) {
	var reps []uiRoleRep
	q := url.Values{"first": {"0"}, "max": {"100"}}
	if search != "" {
		q.Set("search", search)
	}
	err := c.do(ctx, fmt.Sprintf("list client roles available to user %s", userID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "ui-ext", "available-roles", "users", userID), query: q, out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]RoleRef, 0, len(reps))
	for _, r := range reps {
		out = append(out, r.ref())
	}
	sortRoles(out)
	return out, nil
}

// AssignRealmRoles gives the user realm roles by name.
func (c *Client) AssignRealmRoles(ctx context.Context, realm, userID string, names []string) error {
	return c.changeRealmRoles(ctx, http.MethodPost, fmt.Sprintf("assign realm roles %v to user %s", names, userID), realm, userID, names)
}

// RemoveRealmRoles takes realm roles away from the user (only direct
// assignments; roles from groups stay).
func (c *Client) RemoveRealmRoles(ctx context.Context, realm, userID string, names []string) error {
	return c.changeRealmRoles(ctx, http.MethodDelete, fmt.Sprintf("remove realm roles %v from user %s", names, userID), realm, userID, names)
}

func (c *Client) changeRealmRoles(ctx context.Context, method, op, realm, userID string, names []string) error {
	if err := c.writable(op); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	roles, err := c.realmRolesByName(ctx, op, realm, names)
	if err != nil {
		return err
	}
	return c.do(ctx, op, request{method: method, path: adminPath("realms", realm, "users", userID, "role-mappings", "realm"), body: roles})
}

// realmRolesByName looks up each role; an unknown name fails with
// ErrNotFound naming the role.
func (c *Client) realmRolesByName(ctx context.Context, op, realm string, names []string) ([]roleRep, error) {
	roles := make([]roleRep, 0, len(names))
	for _, n := range names {
		var r roleRep
		if err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "roles", n), out: &r}); err != nil {
			var kcErr *Error
			if asError(err, &kcErr) && kcErr.Err == ErrNotFound {
				kcErr.Message = fmt.Sprintf("realm role %q does not exist", n)
			}
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, nil
}

// AssignClientRoles gives the user roles of one client (by its internal id).
func (c *Client) AssignClientRoles(ctx context.Context, realm, userID, clientUUID string, names []string) error {
	return c.changeClientRoles(ctx, http.MethodPost, fmt.Sprintf("assign client roles %v to user %s", names, userID), realm, userID, clientUUID, names)
}

// RemoveClientRoles takes roles of one client away from the user.
func (c *Client) RemoveClientRoles(ctx context.Context, realm, userID, clientUUID string, names []string) error {
	return c.changeClientRoles(ctx, http.MethodDelete, fmt.Sprintf("remove client roles %v from user %s", names, userID), realm, userID, clientUUID, names)
}

func (c *Client) changeClientRoles(ctx context.Context, method, op, realm, userID, clientUUID string, names []string) error {
	if err := c.writable(op); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	roles := make([]roleRep, 0, len(names))
	for _, n := range names {
		var r roleRep
		if err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "clients", clientUUID, "roles", n), out: &r}); err != nil {
			return err
		}
		roles = append(roles, r)
	}
	return c.do(ctx, op, request{method: method, path: adminPath("realms", realm, "users", userID, "role-mappings", "clients", clientUUID), body: roles})
}

func sortRoles(rs []RoleRef) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].ClientID != rs[j].ClientID {
			return rs[i].ClientID < rs[j].ClientID
		}
		return rs[i].Name < rs[j].Name
	})
}

func mergeRoles(into, more []RoleRef) []RoleRef {
	seen := map[string]bool{}
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

// AllRealmRoles lists every realm role, sorted by name; an import resolves
// role names against it once instead of once per user.
func (c *Client) AllRealmRoles(ctx context.Context, realm string) ([]RoleRef, error) {
	var reps []roleRep
	err := c.do(ctx, fmt.Sprintf("list realm roles of realm %q", realm), request{
		method: http.MethodGet, path: adminPath("realms", realm, "roles"),
		query: url.Values{"briefRepresentation": {"true"}, "max": {"10000"}}, out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]RoleRef, 0, len(reps))
	for _, r := range reps {
		out = append(out, r.ref())
	}
	sortRoles(out)
	return out, nil
}

// AssignRealmRoleRefs gives the user realm roles already looked up (ID and
// Name set), saving a lookup per role.
func (c *Client) AssignRealmRoleRefs(ctx context.Context, realm, userID string, roles []RoleRef) error {
	op := fmt.Sprintf("assign realm roles to user %s", userID)
	if err := c.writable(op); err != nil {
		return err
	}
	if len(roles) == 0 {
		return nil
	}
	body := make([]roleRep, len(roles))
	for i, r := range roles {
		body[i] = roleRep{ID: r.ID, Name: r.Name}
	}
	return c.do(ctx, op, request{method: http.MethodPost, path: adminPath("realms", realm, "users", userID, "role-mappings", "realm"), body: body})
}
