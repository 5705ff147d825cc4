// Package routes holds the proxy's route model: the route file format,
// validation that reports every problem at once, and request matching.
package routes

// Auth is a route's authentication mode.
type Auth string

const (
	AuthRequired Auth = "required"
	AuthOptional Auth = "optional"
	AuthPublic   Auth = "public"
)

// Config is one route file: the proxy's listen address, the token issuer it
// trusts, the identity headers it injects and the routes it serves.
type Config struct {
	Version           int               `yaml:"version" json:"version"`
	Listen            string            `yaml:"listen,omitempty" json:"listen"`
	Issuer            string            `yaml:"issuer,omitempty" json:"issuer"`
	Audiences         []string          `yaml:"audiences,omitempty" json:"audiences"`
	AuthorizedParties []string          `yaml:"authorized_parties,omitempty" json:"authorizedParties"`
	IdentityHeaders   map[string]string `yaml:"identity_headers,omitempty" json:"identityHeaders"`
	Routes            []Route           `yaml:"routes" json:"routes"`
}

// Route maps a request (host, path prefix, methods) to an upstream.
type Route struct {
	Name        string            `yaml:"name" json:"name"`
	Path        string            `yaml:"path" json:"path"`
	Methods     []string          `yaml:"methods,omitempty" json:"methods"`
	Host        string            `yaml:"host,omitempty" json:"host"`
	Upstream    string            `yaml:"upstream" json:"upstream"`
	Auth        Auth              `yaml:"auth" json:"auth"`
	Roles       []string          `yaml:"roles,omitempty" json:"roles"`
	Headers     map[string]string `yaml:"headers,omitempty" json:"headers"`
	StripPrefix bool              `yaml:"strip_prefix,omitempty" json:"stripPrefix"`
	// Disabled keeps a route in the file without serving it.
	Disabled bool `yaml:"disabled,omitempty" json:"disabled"`
}

// Version is the only route-file format version this build reads.
const Version = 1

// DefaultIdentityHeaders is the header → claim-path set injected when a file
// does not name its own.
func DefaultIdentityHeaders() map[string]string {
	return map[string]string{
		"X-User-Id":    "sub",
		"X-User-Name":  "preferred_username",
		"X-User-Email": "email",
		"X-User-Roles": "realm_access.roles",
	}
}

// EffectiveIdentityHeaders returns the file's identity headers, or the default
// set when the file leaves them out.
func (c Config) EffectiveIdentityHeaders() map[string]string {
	if len(c.IdentityHeaders) == 0 {
		return DefaultIdentityHeaders()
	}
	return c.IdentityHeaders
}

// NeedsIssuer reports whether any enabled route verifies tokens, so the file
// cannot run without an issuer.
func (c Config) NeedsIssuer() bool {
	for _, r := range c.Routes {
		if !r.Disabled && (r.Auth == AuthRequired || r.Auth == AuthOptional) {
			return true
		}
	}
	return false
}
