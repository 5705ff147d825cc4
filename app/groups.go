package app

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// List returns one page of top-level groups; with a search, the top-level
// groups holding a match, each with the matching branch.
func (s *GroupService) List(realm, search string, first, max int) (GroupPage, error) {
	p, err := value4(&s.keycloakBase, (*keycloak.Client).ListGroups, realm, search, first, max)
	return GroupPage(p), err
}

// Children returns one page of a group's direct subgroups.
func (s *GroupService) Children(realm, parentID string, first, max int) (GroupPage, error) {
	p, err := value4(&s.keycloakBase, (*keycloak.Client).ListGroupChildren, realm, parentID, first, max)
	return GroupPage(p), err
}

// Get returns one group.
func (s *GroupService) Get(realm, id string) (keycloak.Group, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GetGroup, realm, id)
}

// Create creates a group, top-level when parentID is empty.
func (s *GroupService) Create(realm, parentID, name string) (keycloak.Group, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).CreateGroup, realm, parentID, name)
}

// Rename gives a group a new name.
func (s *GroupService) Rename(realm, id, name string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).RenameGroup, realm, id, name)
}

// Delete deletes a group and its subgroups. confirmation must repeat the
// group's name, as typed into the confirmation dialog.
func (s *GroupService) Delete(realm, id, confirmation string) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error {
		// A read-only profile refuses in DeleteGroup before anything is read.
		if !c.ReadOnly() {
			g, err := c.GetGroup(ctx, realm, id)
			if err != nil {
				return err
			}
			if confirmation != g.Name {
				return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Type the group name %q to confirm the deletion.", g.Name)}
			}
		}
		return c.DeleteGroup(ctx, realm, id)
	})
}

// Members returns one page of the group's direct members.
func (s *GroupService) Members(realm, groupID string, first, max int) (UserRefPage, error) {
	p, err := value4(&s.keycloakBase, (*keycloak.Client).ListGroupMembers, realm, groupID, first, max)
	return UserRefPage(p), err
}

// AddMember makes a user a member of the group.
func (s *GroupService) AddMember(realm, groupID, userID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).JoinGroup, realm, userID, groupID)
}

// RemoveMember ends a user's membership of the group.
func (s *GroupService) RemoveMember(realm, groupID, userID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).LeaveGroup, realm, userID, groupID)
}

// Roles returns the group's direct and effective role mappings.
func (s *GroupService) Roles(realm, groupID string) (keycloak.GroupRoles, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GroupRoleMappings, realm, groupID)
}

// AvailableRealmRoles lists realm roles not yet assigned to the group.
func (s *GroupService) AvailableRealmRoles(realm, groupID string) ([]keycloak.RoleRef, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).AvailableGroupRealmRoles, realm, groupID)
}

// AvailableClientRoles lists client roles not yet assigned to the group.
func (s *GroupService) AvailableClientRoles(realm, groupID, search string) ([]keycloak.RoleRef, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).AvailableGroupClientRoles, realm, groupID, search)
}

// AssignRealmRoles gives the group realm roles by name.
func (s *GroupService) AssignRealmRoles(realm, groupID string, names []string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).AssignGroupRealmRoles, realm, groupID, names)
}

// RemoveRealmRoles takes realm roles away from the group.
func (s *GroupService) RemoveRealmRoles(realm, groupID string, names []string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).RemoveGroupRealmRoles, realm, groupID, names)
}

// AssignClientRoles gives the group roles of one client.
func (s *GroupService) AssignClientRoles(realm, groupID, clientUUID string, names []string) error {
	return do4(&s.keycloakBase, (*keycloak.Client).AssignGroupClientRoles, realm, groupID, clientUUID, names)
}

// RemoveClientRoles takes roles of one client away from the group.
func (s *GroupService) RemoveClientRoles(realm, groupID, clientUUID string, names []string) error {
	return do4(&s.keycloakBase, (*keycloak.Client).RemoveGroupClientRoles, realm, groupID, clientUUID, names)
}
