package keycloak

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// UserRef is a user as lists of members and role holders show it.
type UserRef struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	// Enabled is false for a disabled user: lists show them marked rather
	// than hiding them.
	Enabled bool `json:"enabled"`
	// ServiceAccount is set for the user Keycloak keeps for a client's
	// service account; ServiceAccountClientID is that client's clientId.
	ServiceAccount         bool   `json:"serviceAccount"`
	ServiceAccountClientID string `json:"serviceAccountClientId,omitempty"`
	// Via says how the user came to be in the list, when that is not
	// obvious (UsersWithAnyRole): "role admin", "group /staff (role user)".
	Via string `json:"via,omitempty"`
}

// serviceAccountPrefix starts the username Keycloak gives a service-account
// user: "service-account-" + the clientId in lower case. Keycloak does not
// reserve the prefix, so a match is confirmed against the clients.
const serviceAccountPrefix = "service-account-"

// serviceAccounts remembers, for one listing, which clientIds (lower case)
// belong to a client with a service account.
type serviceAccounts struct {
	c     *Client
	realm string
	known map[string]string // lower-case clientId → clientId, "" when not a service-account client
}

func (c *Client) serviceAccounts(realm string) *serviceAccounts {
	return &serviceAccounts{c: c, realm: realm, known: map[string]string{}}
}

// mark sets ServiceAccount on the users that are service accounts. It asks
// Keycloak once per distinct candidate name, never for ordinary users.
func (s *serviceAccounts) mark(ctx context.Context, op string, users []UserRef) error {
	for i := range users {
		rest, ok := strings.CutPrefix(users[i].Username, serviceAccountPrefix)
		if !ok || rest == "" {
			continue
		}
		clientID, seen := s.known[rest]
		if !seen {
			// The name is lower case while the clientId may not be, so
			// Keycloak is asked for a case-insensitive part match, read to
			// its end: many clients may contain the name.
			reps, err := readAllPages[struct {
				ClientID               string `json:"clientId"`
				ServiceAccountsEnabled bool   `json:"serviceAccountsEnabled"`
			}](ctx, s.c, op, adminPath("realms", s.realm, "clients"), url.Values{"clientId": {rest}, "search": {"true"}})
			if err != nil {
				return err
			}
			for _, r := range reps {
				if r.ServiceAccountsEnabled && strings.EqualFold(r.ClientID, rest) {
					clientID = r.ClientID
					break
				}
			}
			s.known[rest] = clientID
		}
		if clientID != "" {
			users[i].ServiceAccount = true
			users[i].ServiceAccountClientID = clientID
		}
	}
	return nil
}

// rolePath is the admin path of a realm role, or of a client role when
// clientUUID is set, followed by more segments.
func rolePath(realm, clientUUID, name string, more ...string) string {
	segs := []string{"realms", realm, "roles", name}
	if clientUUID != "" {
		segs = []string{"realms", realm, "clients", clientUUID, "roles", name}
	}
	return adminPath(append(segs, more...)...)
}

// roleLabel names a role in messages: `realm role "user"`, `client role "editor"`.
func roleLabel(clientUUID, name string) string {
	if clientUUID != "" {
		return fmt.Sprintf("client role %q", name)
	}
	return fmt.Sprintf("realm role %q", name)
}

// ListRoleUsers returns one page of the users who hold the role directly.
// Users who get it through a group or a composite role are not in it (see
// UsersWithAnyRole). Disabled users are included with Enabled false.
func (c *Client) ListRoleUsers(ctx context.Context, realm, clientUUID, name string, first, max int) (Page[UserRef], error) {
	op := fmt.Sprintf("list users with %s", roleLabel(clientUUID, name))
	first, max = pageBounds(first, max)
	// raw: gocloak's role-users calls have no briefRepresentation.
	page, err := briefPage(ctx, c, op, rolePath(realm, clientUUID, name, "users"), first, max, userRep.ref)
	if err != nil {
		return Page[UserRef]{}, err
	}
	if err := c.serviceAccounts(realm).mark(ctx, op, page.Items); err != nil {
		return Page[UserRef]{}, err
	}
	return page, nil
}

// ListRoleGroups returns one page of the groups the role is assigned to
// directly. Their subgroups inherit it but are not listed.
func (c *Client) ListRoleGroups(ctx context.Context, realm, clientUUID, name string, first, max int) (Page[GroupRef], error) {
	op := fmt.Sprintf("list groups with %s", roleLabel(clientUUID, name))
	first, max = pageBounds(first, max)
	// raw: gocloak.GetGroupsByRole cannot page.
	return briefPage(ctx, c, op, rolePath(realm, clientUUID, name, "groups"), first, max, func(r groupNodeRep) GroupRef {
		return GroupRef{ID: r.ID, Name: r.Name, Path: r.Path}
	})
}
