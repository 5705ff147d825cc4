package keycloak

import (
	"context"
	"fmt"

	"github.com/Nerzal/gocloak/v13"
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
	reps, err := c.requiredActions(ctx, fmt.Sprintf("list required actions of realm %q", realm), realm)
	out := make([]RequiredAction, 0, len(reps))
	for _, r := range reps {
		out = append(out, RequiredAction{Alias: gocloak.PString(r.Alias), Name: gocloak.PString(r.Name), Enabled: gocloak.PBool(r.Enabled)})
	}
	return out, err
}

// requiredActions reads the realm's required actions, in Keycloak's order.
func (c *Client) requiredActions(ctx context.Context, op, realm string) ([]*gocloak.RequiredActionProviderRepresentation, error) {
	return typed(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.RequiredActionProviderRepresentation, error) {
		return c.gc.GetRequiredActions(ctx, token, esc(realm))
	})
}
