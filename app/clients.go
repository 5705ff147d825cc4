package app

import (
	"context"
	"fmt"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// List returns one page of clients whose clientId contains search.
func (s *ClientService) List(realm, search string, first, max int) (ClientPage, error) {
	p, err := value4(&s.keycloakBase, (*keycloak.Client).ListClients, realm, search, first, max)
	return ClientPage(p), err
}

// Get returns one client.
func (s *ClientService) Get(realm, id string) (keycloak.OIDCClient, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GetClient, realm, id)
}

// Create creates an OpenID Connect client, public or confidential.
func (s *ClientService) Create(realm string, in keycloak.OIDCClientInput) (keycloak.OIDCClient, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).CreateClient, realm, in)
}

// Update writes the client's editable settings.
func (s *ClientService) Update(realm, id string, in keycloak.OIDCClientInput) error {
	return do3(&s.keycloakBase, (*keycloak.Client).UpdateClient, realm, id, in)
}

// Delete deletes a client. confirmation must repeat its clientId.
func (s *ClientService) Delete(realm, id, confirmation string) error {
	return s.with(func(ctx context.Context, c *keycloak.Client) error {
		if err := confirmClient(ctx, c, realm, id, confirmation, "deletion"); err != nil {
			return err
		}
		return c.DeleteClient(ctx, realm, id)
	})
}

// Secret returns a confidential client's secret, for the user to copy.
func (s *ClientService) Secret(realm, id string) (string, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GetClientSecret, realm, id)
}

// RegenerateSecret replaces a confidential client's secret and returns the
// new one. Whatever uses the old secret stops working, so confirmation must
// repeat the clientId.
func (s *ClientService) RegenerateSecret(realm, id, confirmation string) (string, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (string, error) {
		if err := confirmClient(ctx, c, realm, id, confirmation, "new secret"); err != nil {
			return "", err
		}
		return c.RegenerateClientSecret(ctx, realm, id)
	})
}

// ServiceAccountUser returns the client's service-account user.
func (s *ClientService) ServiceAccountUser(realm, id string) (keycloak.UserRef, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).GetServiceAccountUser, realm, id)
}

// Scopes lists the client's default and optional client scopes.
func (s *ClientService) Scopes(realm, id string) ([]keycloak.ClientScopeRef, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListClientScopes, realm, id)
}

// ProtocolMappers lists the mappers that shape the tokens of the client with
// this clientId: its own, then those of its default scopes.
func (s *ClientService) ProtocolMappers(realm, clientID string) ([]keycloak.ProtocolMapper, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ClientProtocolMappers, realm, clientID)
}

// confirmClient checks that confirmation repeats the client's clientId. On
// a read-only profile it reads nothing: the mutating call refuses anyway.
func confirmClient(ctx context.Context, c *keycloak.Client, realm, id, confirmation, what string) error {
	if c.ReadOnly() {
		return nil
	}
	cl, err := c.GetClient(ctx, realm, id)
	if err != nil {
		return err
	}
	if confirmation != cl.ClientID {
		return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Type the client id %q to confirm the %s.", cl.ClientID, what)}
	}
	return nil
}
