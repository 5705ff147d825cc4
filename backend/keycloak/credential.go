package keycloak

import (
	"context"
	"fmt"
	"net/http"
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
	var reps []struct {
		ID          string `json:"id"`
		Type        string `json:"type"`
		UserLabel   string `json:"userLabel"`
		CreatedDate int64  `json:"createdDate"`
	}
	err := c.do(ctx, fmt.Sprintf("list credentials of user %s", userID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "users", userID, "credentials"), out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]Credential, 0, len(reps))
	for _, r := range reps {
		out = append(out, Credential{ID: r.ID, Type: r.Type, UserLabel: r.UserLabel, CreatedAt: r.CreatedDate})
	}
	return out, nil
}

// DeleteCredential removes one credential, e.g. a lost OTP device.
func (c *Client) DeleteCredential(ctx context.Context, realm, userID, credentialID string) error {
	op := fmt.Sprintf("delete credential %s of user %s", credentialID, userID)
	if err := c.writable(op); err != nil {
		return err
	}
	return c.do(ctx, op, request{method: http.MethodDelete, path: adminPath("realms", realm, "users", userID, "credentials", credentialID)})
}

// ResetPassword sets a new password. A temporary one must be changed at the
// next login. Keycloak's password policy applies; its complaint comes back
// as ErrInvalidInput with the reason.
func (c *Client) ResetPassword(ctx context.Context, realm, userID, password string, temporary bool) error {
	op := fmt.Sprintf("reset password of user %s", userID)
	if err := c.writable(op); err != nil {
		return err
	}
	if password == "" {
		return &Error{Op: op, Message: "the password is empty", Err: ErrInvalidInput}
	}
	return c.do(ctx, op, request{
		method: http.MethodPut, path: adminPath("realms", realm, "users", userID, "reset-password"),
		body: map[string]any{"type": "password", "value": password, "temporary": temporary},
	})
}
