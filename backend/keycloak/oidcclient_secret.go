package keycloak

import (
	"context"
	"fmt"

	"github.com/Nerzal/gocloak/v13"
)

// GetClientSecret returns the secret of a confidential client. Public and
// bearer-only clients have none: asking fails with ErrInvalidInput. The
// secret is returned, never logged or put into an error.
func (c *Client) GetClientSecret(ctx context.Context, realm, id string) (string, error) {
	op := fmt.Sprintf("read the secret of client %s", id)
	return c.clientSecret(ctx, false, op, realm, id)
}

// RegenerateClientSecret replaces the secret of a confidential client and
// returns the new one. Anything still using the old secret stops working.
func (c *Client) RegenerateClientSecret(ctx context.Context, realm, id string) (string, error) {
	op := fmt.Sprintf("regenerate the secret of client %s", id)
	if err := c.writable(op); err != nil {
		return "", err
	}
	return c.clientSecret(ctx, true, op, realm, id)
}

func (c *Client) clientSecret(ctx context.Context, regenerate bool, op, realm, id string) (string, error) {
	cl, err := c.GetClient(ctx, realm, id)
	if err != nil {
		return "", err
	}
	// Keycloak answers for public clients too, with a secret nothing checks:
	// regenerating one would only mislead.
	if cl.Public || cl.BearerOnly || cl.Protocol != protocolOIDC {
		return "", &Error{Op: op, Message: fmt.Sprintf("client %q is not a confidential OpenID Connect client and has no secret", cl.ClientID), Err: ErrInvalidInput}
	}
	cred, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.CredentialRepresentation, error) {
		if regenerate {
			return c.gc.RegenerateClientSecret(ctx, token, esc(realm), esc(id))
		}
		return c.gc.GetClientSecret(ctx, token, esc(realm), esc(id))
	})
	if err != nil {
		return "", err
	}
	return gocloak.PString(cred.Value), nil
}

// GetServiceAccountUser returns the user that stands for the client when it
// logs in with client credentials. Its roles are managed like any user's
// (UserRoleMappings, AssignRealmRoles, …). A client without a service
// account fails with ErrInvalidInput.
func (c *Client) GetServiceAccountUser(ctx context.Context, realm, id string) (UserRef, error) {
	op := fmt.Sprintf("get the service-account user of client %s", id)
	cl, err := c.GetClient(ctx, realm, id)
	if err != nil {
		return UserRef{}, err
	}
	if !cl.ServiceAccount {
		return UserRef{}, &Error{Op: op, Message: fmt.Sprintf("client %q has no service account", cl.ClientID), Err: ErrInvalidInput}
	}
	rep, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.User, error) {
		return c.gc.GetClientServiceAccount(ctx, token, esc(realm), esc(id))
	})
	if err != nil {
		return UserRef{}, err
	}
	u := userRep(*rep).ref()
	u.ServiceAccount, u.ServiceAccountClientID = true, cl.ClientID
	return u, nil
}
