package app

import "github.com/tandemhq/tandem/backend/keycloak"

// MapperTypes lists the protocol mapper types the mapper form creates and
// edits, with their fields.
func (s *ClientService) MapperTypes() []keycloak.MapperType {
	return keycloak.MapperTypes()
}

// OwnMappers lists the client's own (dedicated) protocol mappers.
func (s *ClientService) OwnMappers(realm, id string) ([]keycloak.ProtocolMapper, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ClientMappers, realm, id)
}

// ScopeMappers lists the protocol mappers of one client scope.
func (s *ClientService) ScopeMappers(realm, scopeID string) ([]keycloak.ProtocolMapper, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ClientScopeMappers, realm, scopeID)
}

// RealmScopes lists the realm's client scopes, for assigning one.
func (s *ClientService) RealmScopes(realm string) ([]keycloak.ClientScope, error) {
	return value1(&s.keycloakBase, (*keycloak.Client).RealmClientScopes, realm)
}

// AssignScope gives the client a client scope, default or optional.
func (s *ClientService) AssignScope(realm, id, scopeID string, optional bool) error {
	return do4(&s.keycloakBase, (*keycloak.Client).AssignClientScope, realm, id, scopeID, optional)
}

// UnassignScope takes a client scope off the client.
func (s *ClientService) UnassignScope(realm, id, scopeID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).UnassignClientScope, realm, id, scopeID)
}

// CreateMapper adds a protocol mapper to the client.
func (s *ClientService) CreateMapper(realm, id string, in keycloak.MapperInput) (keycloak.ProtocolMapper, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).CreateClientMapper, realm, id, in)
}

// UpdateMapper edits one of the client's own mappers, keeping the config
// keys the form does not show.
func (s *ClientService) UpdateMapper(realm, id, mapperID string, in keycloak.MapperInput) error {
	return do4(&s.keycloakBase, (*keycloak.Client).UpdateClientMapper, realm, id, mapperID, in)
}

// DeleteMapper removes one of the client's own mappers.
func (s *ClientService) DeleteMapper(realm, id, mapperID string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).DeleteClientMapper, realm, id, mapperID)
}
