package app

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// List returns one page of roles whose name contains search.
func (s *RoleService) List(realm, clientUUID, search string, first, max int) (RolePage, error) {
	p, err := value5(&s.keycloakBase, (*keycloak.Client).ListRoles, realm, clientUUID, search, first, max)
	return RolePage(p), err
}

// Get returns one role.
func (s *RoleService) Get(realm, clientUUID, name string) (keycloak.RoleRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).GetRole, realm, clientUUID, name)
}

// Create creates a role.
func (s *RoleService) Create(realm, clientUUID string, in keycloak.RoleInput) (keycloak.RoleRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).CreateRole, realm, clientUUID, in)
}

// Update renames a role and sets its description.
func (s *RoleService) Update(realm, clientUUID, name string, in keycloak.RoleInput) error {
	return do4(&s.keycloakBase, (*keycloak.Client).UpdateRole, realm, clientUUID, name, in)
}

// Delete deletes a role from every user and group holding it. confirmation
// must repeat the role's name.
func (s *RoleService) Delete(realm, clientUUID, name, confirmation string) error {
	if confirmation != name {
		return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Type the role name %q to confirm the deletion.", name)}
	}
	return do3(&s.keycloakBase, (*keycloak.Client).DeleteRole, realm, clientUUID, name)
}

// Composites returns the roles the role contains directly.
func (s *RoleService) Composites(realm, clientUUID, name string) ([]keycloak.RoleRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).ListRoleComposites, realm, clientUUID, name)
}

// EffectiveComposites returns every role the role gives, nested ones included.
func (s *RoleService) EffectiveComposites(realm, clientUUID, name string) ([]keycloak.RoleRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).EffectiveRoleComposites, realm, clientUUID, name)
}

// AddComposites makes the role contain the given roles.
func (s *RoleService) AddComposites(realm, clientUUID, name string, roles []keycloak.RoleRef) error {
	return do4(&s.keycloakBase, (*keycloak.Client).AddRoleComposites, realm, clientUUID, name, roles)
}

// RemoveComposites takes roles out of the role.
func (s *RoleService) RemoveComposites(realm, clientUUID, name string, roles []keycloak.RoleRef) error {
	return do4(&s.keycloakBase, (*keycloak.Client).RemoveRoleComposites, realm, clientUUID, name, roles)
}

// Users returns one page of the users holding the role directly.
func (s *RoleService) Users(realm, clientUUID, name string, first, max int) (UserRefPage, error) {
	p, err := value5(&s.keycloakBase, (*keycloak.Client).ListRoleUsers, realm, clientUUID, name, first, max)
	return UserRefPage(p), err
}

// Groups returns one page of the groups holding the role directly.
func (s *RoleService) Groups(realm, clientUUID, name string, first, max int) (GroupRefPage, error) {
	p, err := value5(&s.keycloakBase, (*keycloak.Client).ListRoleGroups, realm, clientUUID, name, first, max)
	return GroupRefPage(p), err
}

// UsersWithAnyRole returns one page of the users holding any of the roles
// ("user", "web:editor") directly, through groups or through composites.
func (s *RoleService) UsersWithAnyRole(realm string, roles []string, first, max int) (UserRefPage, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (UserRefPage, error) {
		names, err := reachRoles(roles)
		if err != nil {
			return UserRefPage{}, err
		}
		p, err := c.UsersWithAnyRole(ctx, realm, names, first, max)
		return UserRefPage(p), err
	})
}
