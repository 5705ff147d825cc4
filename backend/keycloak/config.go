// Package keycloak is Tandem's narrow service over Keycloak's admin API
// (through gocloak). No gocloak type leaves this package.
package keycloak

import (
	"errors"
	"time"
)

// DefaultTimeout bounds an admin call when Config.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Config says how to reach and log in to one Keycloak.
type Config struct {
	BaseURL    string // e.g. http://127.0.0.1:8180
	AdminRealm string // realm the credentials belong to, usually "master"
	// Either Username+Password (admin-cli login) or ClientID+ClientSecret
	// (service account with realm-management roles).
	Username     string
	Password     string
	ClientID     string
	ClientSecret string
	// ReadOnly makes every mutating call fail with ErrReadOnly.
	ReadOnly bool
	// Timeout bounds each admin call (default 15 s).
	Timeout time.Duration
}

// ErrReadOnly is returned by every mutating call on a read-only client.
var ErrReadOnly = errors.New("the profile is read-only")

// usesClientCredentials reports whether the client logs in as a service
// account rather than as an admin user.
func (c Config) usesClientCredentials() bool {
	return c.Username == "" && c.ClientID != ""
}
