package app

import (
	"fmt"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// List returns the realm's identity providers by alias, secrets as set or not.
func (s *IdentityProviderService) List(realm string) ([]keycloak.IdentityProvider, error) {
	return value1(&s.keycloakBase, (*keycloak.Client).ListIdentityProviders, realm)
}

// Get returns one identity provider.
func (s *IdentityProviderService) Get(realm, alias string) (keycloak.IdentityProvider, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GetIdentityProvider, realm, alias)
}

// Create adds an OIDC or SAML identity provider.
func (s *IdentityProviderService) Create(realm string, in keycloak.IdentityProviderInput) error {
	return do2(&s.keycloakBase, (*keycloak.Client).CreateIdentityProvider, realm, in)
}

// Update writes the provider's shown fields; an empty client secret keeps the stored one.
func (s *IdentityProviderService) Update(realm, alias string, in keycloak.IdentityProviderInput) error {
	return do3(&s.keycloakBase, (*keycloak.Client).UpdateIdentityProvider, realm, alias, in)
}

// Delete removes an identity provider. confirmation must repeat its alias:
// the dialog asks the user to type it, and the check here keeps a stray
// call from unlinking every user of the provider.
func (s *IdentityProviderService) Delete(realm, alias, confirmation string) error {
	if confirmation != alias {
		return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Type the alias %q to confirm the deletion.", alias)}
	}
	return do2(&s.keycloakBase, (*keycloak.Client).DeleteIdentityProvider, realm, alias)
}

// Discover reads an OpenID provider's discovery document, for the form.
func (s *IdentityProviderService) Discover(realm, discoveryURL string) (keycloak.OIDCDiscovery, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).DiscoverOIDC, realm, discoveryURL)
}

// Mappers returns the provider's mappers.
func (s *IdentityProviderService) Mappers(realm, alias string) ([]keycloak.IdPMapper, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListIdPMappers, realm, alias)
}

// MapperTypes returns the kinds of mapper the provider offers.
func (s *IdentityProviderService) MapperTypes(realm, alias string) ([]keycloak.IdPMapperType, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).IdPMapperTypes, realm, alias)
}

// CreateMapper adds a mapper and returns its id.
func (s *IdentityProviderService) CreateMapper(realm, alias string, m keycloak.IdPMapper) (string, error) {
	return value3(&s.keycloakBase, (*keycloak.Client).CreateIdPMapper, realm, alias, m)
}

// UpdateMapper writes a mapper's name and settings.
func (s *IdentityProviderService) UpdateMapper(realm, alias string, m keycloak.IdPMapper) error {
	return do3(&s.keycloakBase, (*keycloak.Client).UpdateIdPMapper, realm, alias, m)
}

// DeleteMapper removes a mapper.
func (s *IdentityProviderService) DeleteMapper(realm, alias, id string) error {
	return do3(&s.keycloakBase, (*keycloak.Client).DeleteIdPMapper, realm, alias, id)
}
