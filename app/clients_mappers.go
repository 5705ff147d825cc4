package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// MapperTypes lists the protocol mapper types the mapper form creates and
// edits, with their fields.
func (s *ClientService) MapperTypes() []keycloak.MapperType {
	return keycloak.MapperTypes()
}

// OwnMappers lists the client's own (dedicated) protocol mappers.
func (s *ClientService) OwnMappers(realm, id string) ([]keycloak.ProtocolMapper, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) ([]keycloak.ProtocolMapper, error) {
		return c.ClientMappers(ctx, realm, id)
	})
}

// ScopeMappers lists the protocol mappers of one client scope.
func (s *ClientService) ScopeMappers(realm, scopeID string) ([]keycloak.ProtocolMapper, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) ([]keycloak.ProtocolMapper, error) {
		return c.ClientScopeMappers(ctx, realm, scopeID)
	})
}

// RealmScopes lists the realm's client scopes, for assigning one.
func (s *ClientService) RealmScopes(realm string) ([]keycloak.ClientScope, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) ([]keycloak.ClientScope, error) {
		return c.RealmClientScopes(ctx, realm)
	})
}

// AssignScope gives the client a client scope, default or optional.
func (s *ClientService) AssignScope(realm, id, scopeID string, optional bool) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error {
		return c.AssignClientScope(ctx, realm, id, scopeID, optional)
	})
}

// UnassignScope takes a client scope off the client.
func (s *ClientService) UnassignScope(realm, id, scopeID string) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error {
		return c.UnassignClientScope(ctx, realm, id, scopeID)
	})
}

// CreateMapper adds a protocol mapper to the client.
func (s *ClientService) CreateMapper(realm, id string, in keycloak.MapperInput) (keycloak.ProtocolMapper, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (keycloak.ProtocolMapper, error) {
		return c.CreateClientMapper(ctx, realm, id, in)
	})
}

// UpdateMapper edits one of the client's own mappers, keeping the config
// keys the form does not show.
func (s *ClientService) UpdateMapper(realm, id, mapperID string, in keycloak.MapperInput) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error {
		return c.UpdateClientMapper(ctx, realm, id, mapperID, in)
	})
}

// DeleteMapper removes one of the client's own mappers.
func (s *ClientService) DeleteMapper(realm, id, mapperID string) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error {
		return c.DeleteClientMapper(ctx, realm, id, mapperID)
	})
}
