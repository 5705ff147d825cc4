package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// UserService is what the Users screens call. Thin: every rule lives in
// backend/keycloak.
type UserService struct {
	keycloakBase
	emitter Emitter

	bulk operations // running bulk actions by op id
}

// NewUserService binds user administration of the active profile; bulk
// actions report progress through emitter.
func NewUserService(session *Session, life *Lifecycle, emitter Emitter) *UserService {
	return &UserService{keycloakBase: newKeycloakBase(session, life), emitter: emitter}
}

// UserPage is one page of a user search. It carries no total: Keycloak
// counts by scanning every match again, so the screen asks Count once per
// filter rather than once per page. Contains says the prefix search found
// nobody and the page is that of the contains search Search ("*x*"),
// which the next pages and the count ask for.
type UserPage struct {
	Items    []keycloak.User `json:"items"`
	Contains bool            `json:"contains"`
	Search   string          `json:"search"`
}

// NewUser is what the create-user form sends.
type NewUser struct {
	User              keycloak.UserInput `json:"user"`
	Password          string             `json:"password"`
	TemporaryPassword bool               `json:"temporaryPassword"`
	// Groups are group paths ("/staff") the user joins on creation; a
	// missing group fails the whole creation.
	Groups []string `json:"groups"`
}

// Search returns one page of the users matching q; Keycloak filters and
// pages. It sends the one request Keycloak's own console sends for a page,
// and a second one, the contains search, when a first page found nobody
// by prefix.
func (s *UserService) Search(realm string, q keycloak.UserQuery) (UserPage, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (UserPage, error) {
		res, err := c.ListUsersOrContaining(ctx, realm, q)
		return UserPage{Items: res.Items, Contains: res.Contains, Search: res.Search}, err
	})
}

// Count returns how many users match q's filters (its paging is ignored).
func (s *UserService) Count(realm string, q keycloak.UserQuery) (int, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).CountUsers, realm, q)
}

// Get returns one user.
func (s *UserService) Get(realm, id string) (keycloak.User, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GetUser, realm, id)
}

// Create creates a user, with an initial password when one is given, and
// returns its id.
func (s *UserService) Create(realm string, in NewUser) (string, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (string, error) {
		return c.CreateUserWith(ctx, realm, in.User, keycloak.NewUserExtras{Password: in.Password, TemporaryPassword: in.TemporaryPassword, Groups: in.Groups})
	})
}

// Update writes profile fields, flags, attributes and required actions.
func (s *UserService) Update(realm, id string, in keycloak.UserInput) error {
	return do3(&s.keycloakBase, (*keycloak.Client).UpdateUser, realm, id, in)
}

// Delete deletes a user.
func (s *UserService) Delete(realm, id string) error {
	return do2(&s.keycloakBase, (*keycloak.Client).DeleteUser, realm, id)
}

// RequiredActions lists the realm's required actions for the picker.
func (s *UserService) RequiredActions(realm string) ([]keycloak.RequiredAction, error) {
	return value1(&s.keycloakBase, (*keycloak.Client).ListRequiredActions, realm)
}

// ResetPassword sets a new password; a temporary one must be changed at the
// next login.
func (s *UserService) ResetPassword(realm, id, password string, temporary bool) error {
	return do4(&s.keycloakBase, (*keycloak.Client).ResetPassword, realm, id, password, temporary)
}

// Credentials lists the user's credentials (never their secrets).
func (s *UserService) Credentials(realm, id string) ([]keycloak.Credential, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListCredentials, realm, id)
}

// DeleteCredential removes one credential.
func (s *UserService) DeleteCredential(realm, id, credentialID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).DeleteCredential, realm, id, credentialID)
}

// Roles returns the user's direct and effective role mappings.
func (s *UserService) Roles(realm, id string) (keycloak.UserRoles, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).UserRoleMappings, realm, id)
}

// EffectiveRoles returns every role the user holds, each with where it
// comes from: directly, which group, which composite role.
func (s *UserService) EffectiveRoles(realm, id string) ([]keycloak.EffectiveRole, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).UserEffectiveRoles, realm, id)
}

// AvailableRealmRoles lists realm roles the user does not have directly.
func (s *UserService) AvailableRealmRoles(realm, id string) ([]keycloak.RoleRef, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).AvailableRealmRoles, realm, id)
}

// AvailableClientRoles lists client roles the user does not have, filtered
// by search.
func (s *UserService) AvailableClientRoles(realm, id, search string) ([]keycloak.RoleRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).AvailableClientRoles, realm, id, search)
}

// AssignRealmRoles gives the user realm roles by name.
func (s *UserService) AssignRealmRoles(realm, id string, names []string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).AssignRealmRoles, realm, id, names)
}

// RemoveRealmRoles takes directly assigned realm roles away.
func (s *UserService) RemoveRealmRoles(realm, id string, names []string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).RemoveRealmRoles, realm, id, names)
}

// AssignClientRoles gives the user roles of one client (by internal id).
func (s *UserService) AssignClientRoles(realm, id, clientUUID string, names []string) error {
	return do4(&s.keycloakBase, (*keycloak.Client).AssignClientRoles, realm, id, clientUUID, names)
}

// RemoveClientRoles takes roles of one client away.
func (s *UserService) RemoveClientRoles(realm, id, clientUUID string, names []string) error {
	return do4(&s.keycloakBase, (*keycloak.Client).RemoveClientRoles, realm, id, clientUUID, names)
}

// Groups lists the user's direct groups.
func (s *UserService) Groups(realm, id string) ([]keycloak.GroupRef, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).UserGroups, realm, id)
}

// FindGroups searches the realm's groups by name for the join picker.
func (s *UserService) FindGroups(realm, search string) ([]keycloak.GroupRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).FindGroups, realm, search, 50)
}

// JoinGroup adds the user to a group.
func (s *UserService) JoinGroup(realm, id, groupID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).JoinGroup, realm, id, groupID)
}

// LeaveGroup removes the user from a group.
func (s *UserService) LeaveGroup(realm, id, groupID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).LeaveGroup, realm, id, groupID)
}

// Sessions lists the user's sessions with the realm's access token
// lifespan: tokens already issued stay valid that long after a sign-out.
func (s *UserService) Sessions(realm, id string) (keycloak.UserSessions, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListUserSessions, realm, id)
}

// SignOutSession ends one session.
func (s *UserService) SignOutSession(realm, sessionID string) error {
	return do2(&s.keycloakBase, (*keycloak.Client).SignOutSession, realm, sessionID)
}

// SignOutAll ends every session of the user.
func (s *UserService) SignOutAll(realm, id string) error {
	return do2(&s.keycloakBase, (*keycloak.Client).SignOutUser, realm, id)
}
