package keycloak

import (
	"context"

	"github.com/Nerzal/gocloak/v13"
)

// ServerVersion returns the Keycloak version, e.g. "26.5.6". It doubles as a
// connection test: it needs a working login and network path.
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	info, err := typed(ctx, c, "read Keycloak server info", func(ctx context.Context, token string) (*gocloak.ServerInfoRepresentation, error) {
		return c.gc.GetServerInfo(ctx, token)
	})
	if err != nil || info.SystemInfo == nil {
		return "", err
	}
	return gocloak.PString(info.SystemInfo.Version), nil
}
