package keycloak

import (
	"context"
	"net/http"
)

// ServerVersion returns the Keycloak version, e.g. "26.5.6". It doubles as a
// connection test: it needs a working login and network path.
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	var info struct {
		SystemInfo struct {
			Version string `json:"version"`
		} `json:"systemInfo"`
	}
	err := c.do(ctx, "read Keycloak server info", request{method: http.MethodGet, path: "/serverinfo", out: &info})
	if err != nil {
		return "", err
	}
	return info.SystemInfo.Version, nil
}
