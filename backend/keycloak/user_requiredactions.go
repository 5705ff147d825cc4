package keycloak

import (
	"context"
	"fmt"
	"net/http"
)

// RequiredAction is an action a user can be asked to complete at the next
// login (UPDATE_PASSWORD, VERIFY_EMAIL, CONFIGURE_TOTP, …).
type RequiredAction struct {
	Alias   string `json:"alias"`
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
}

// ListRequiredActions returns the realm's required actions, in Keycloak's
// order.
func (c *Client) ListRequiredActions(ctx context.Context, realm string) ([]RequiredAction, error) {
	var out []RequiredAction
	err := c.do(ctx, fmt.Sprintf("list required actions of realm %q", realm), request{
		method: http.MethodGet, path: adminPath("realms", realm, "authentication", "required-actions"), out: &out,
	})
	if out == nil {
		out = []RequiredAction{}
	}
	return out, err
}
