package keycloak

import (
	"errors"
	"strings"
)

// Client talks to one Keycloak's admin API on behalf of one profile.
type Client struct {
	cfg Config
}

// New checks the configuration and returns a client. It does not log in:
// the first call does.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.BaseURL) == "" {
		return nil, errors.New("keycloak base URL is empty")
	}
	return &Client{cfg: cfg}, nil
}
