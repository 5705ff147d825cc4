package keycloak

import (
	"context"
	"fmt"

	"github.com/Nerzal/gocloak/v13"
)

// Credential is one stored credential of a user (password, OTP, passkey…).
// The secret itself never leaves Keycloak.
type Credential struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	UserLabel string `json:"userLabel"`
	CreatedAt int64  `json:"createdAt"` // milliseconds since the epoch
}

// ListCredentials returns the user's credentials.
func (c *Client) ListCredentials(ctx context.Context, realm, userID string) ([]Credential, error) {
	return typedList(ctx, c, fmt.Sprintf("list credentials of user %s", userID),
		func(ctx context.Context, token string) ([]*gocloak.CredentialRepresentation, error) {
			return c.gc.GetCredentials(ctx, token, esc(realm), esc(userID))
		},
		func(r gocloak.CredentialRepresentation) Credential {
			return Credential{
				ID: gocloak.PString(r.ID), Type: gocloak.PString(r.Type), UserLabel: gocloak.PString(r.UserLabel), CreatedAt: gocloak.PInt64(r.CreatedDate),
			}
		})
}

// DeleteCredential removes one credential, e.g. a lost OTP device.
func (c *Client) DeleteCredential(ctx context.Context, realm, userID, credentialID string) error {
	op := fmt.Sprintf("delete credential %s of user %s", credentialID, userID)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteCredentials(ctx, token, esc(realm), esc(userID), esc(credentialID))
	})
}

// ResetPassword sets a new password. A temporary one must be changed at the
// next login. Keycloak's password policy applies; its complaint comes back
// as ErrInvalidInput with the reason.
func (c *Client) ResetPassword(ctx context.Context, realm, userID, password string, temporary bool) error {
	op := fmt.Sprintf("reset password of user %s", userID)
	if err := c.writableInput(op, problemIf(password == "", "the password is empty")); err != nil {
		return err
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.SetPassword(ctx, token, esc(userID), esc(realm), password, temporary)
	})
}
