// Package routes holds the proxy's route model: the route file format,
// validation that reports every problem at once, and request matching.
package routes

// DefaultListen is where the proxy listens when neither the route file nor
// the operator says otherwise.
const DefaultListen = "127.0.0.1:8080"

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
	// AdminListen is where health and metrics are served ("" for nowhere).
	AdminListen string `yaml:"admin_listen,omitempty" json:"adminListen"`
	// TrustedProxies are the peers (CIDRs or single addresses) whose
	// X-Forwarded-* headers are believed.
	TrustedProxies []string `yaml:"trusted_proxies,omitempty" json:"trustedProxies"`
	Timeouts       Timeouts `yaml:"timeouts,omitempty" json:"timeouts"`
	// MaxHeaderBytes caps a request's header block (0: DefaultMaxHeaderBytes).
	MaxHeaderBytes int     `yaml:"max_header_bytes,omitempty" json:"maxHeaderBytes"`
	Routes         []Route `yaml:"routes" json:"routes"`
	// Login enables browser sign-in on the proxy (see login.go); its zero
	// value, the block left out, enables none.
	Login Login `yaml:"login,omitempty" json:"login"`
	// TLS makes the proxy serve HTTPS (see tls.go); its zero value, the
	// block left out, serves plain HTTP.
	TLS TLSFiles `yaml:"tls,omitempty" json:"tls"`
}

// Timeouts are the proxy's connection limits, each a Go duration ("10s",
// "2m"); empty takes the default (see limits.go).
type Timeouts struct {
	ReadHeader     string `yaml:"read_header,omitempty" json:"readHeader"`
	Idle           string `yaml:"idle,omitempty" json:"idle"`
	UpstreamHeader string `yaml:"upstream_header,omitempty" json:"upstreamHeader"`
}

// RateLimit is a route's per-instance request budget, each written
// "N/unit" with unit s, min or h ("100/min"); empty means no limit.
type RateLimit struct {
	// PerIdentity applies to requests with a verified token, per subject.
	PerIdentity string `yaml:"per_identity,omitempty" json:"perIdentity"`
	// Anonymous applies to requests without an identity, per client address.
	Anonymous string `yaml:"anonymous,omitempty" json:"anonymous"`
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
	Rate        RateLimit         `yaml:"rate,omitempty" json:"rate"`
	// Login sends a browser navigation without credentials on a required
	// route to sign in, instead of answering 401.
	Login bool `yaml:"login,omitempty" json:"login"`
	// PassToken forwards a session's access token as Authorization: Bearer.
	PassToken bool `yaml:"pass_token,omitempty" json:"passToken"`
	// Disabled keeps a route in the file without serving it.
	Disabled bool `yaml:"disabled,omitempty" json:"disabled"`
}

// Version is the only route-file format version this build reads.
const Version = 1

// The default identity headers' names.
const (
	HeaderUserID    = "X-User-Id"
	HeaderUserName  = "X-User-Name"
	HeaderUserEmail = "X-User-Email"
	HeaderUserRoles = "X-User-Roles"
)

// DefaultIdentityHeaders is the header → claim-path set injected when a file
// does not name its own.
func DefaultIdentityHeaders() map[string]string {
	return map[string]string{
		HeaderUserID:    "sub",
		HeaderUserName:  "preferred_username",
		HeaderUserEmail: "email",
		HeaderUserRoles: "realm_access.roles",
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

// EffectiveRouteHeaders is the header → claim-path mapping injected on route
// r: the file's identity headers (or the default set) plus the route's own
// headers, a route header replacing a file header of the same name compared
// as NormalizeHeaderName folds names. Every name is given in its sent
// spelling (SentHeaderName), so x_user_id overrides X-User-Id and is sent as
// X-User-Id. Names are taken in sorted order, so even a file with two names
// that fold alike (which Validate rejects) merges the same way every time.
func EffectiveRouteHeaders(cfg Config, r Route) map[string]string {
	out := map[string]string{}
	for _, src := range []map[string]string{cfg.EffectiveIdentityHeaders(), r.Headers} {
		for _, name := range sortedKeys(src) {
			out[SentHeaderName(name)] = src[name]
		}
	}
	return out
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

// EnabledRoutes is how many routes the file serves: all but the disabled.
func (c Config) EnabledRoutes() int {
	n := 0
	for _, r := range c.Routes {
		if !r.Disabled {
			n++
		}
	}
	return n
}

// Login is the route file's browser sign-in block: the proxy signs browsers
// in with the OIDC authorization-code flow at its issuer and keeps the
// session in an encrypted cookie. Secrets are never written here: the
// client secret and the cookie keys come from the files named or from the
// environment (TANDEM_LOGIN_CLIENT_SECRET, TANDEM_COOKIE_KEYS).
type Login struct {
	ClientID         string   `yaml:"client_id,omitempty" json:"clientId"`
	ClientSecretFile string   `yaml:"client_secret_file,omitempty" json:"clientSecretFile"`
	CookieKeysFile   string   `yaml:"cookie_keys_file,omitempty" json:"cookieKeysFile"`
	CookieName       string   `yaml:"cookie_name,omitempty" json:"cookieName"`
	Scopes           []string `yaml:"scopes,omitempty" json:"scopes"`
	// RedirectURL fixes the callback URL; empty: built from each request's
	// scheme and host.
	RedirectURL string `yaml:"redirect_url,omitempty" json:"redirectUrl"`
}
