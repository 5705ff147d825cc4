package proxy

import (
	"fmt"
	"net/textproto"
	"net/url"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/tandemhq/tandem/backend/routes"
)

// snapshot is one compiled route file: everything a request reads of the
// configuration. It is immutable once built. The server holds the current
// one behind an atomic pointer; a request loads it once when it starts and
// finishes on it, so a reload never changes the rules under a request in
// flight, and a request never sees half of an old file and half of a new.
type snapshot struct {
	cfg      routes.Config
	table    *routes.Table
	routes   []*route        // by index in cfg.Routes; nil for disabled routes
	strip    map[string]bool // identity header names of every route, folded
	verifier *verifier
	// trusted are the peers whose X-Forwarded-* headers are believed;
	// rates holds the rate-limit buckets (the server's, shared by every
	// snapshot); unmatched counts requests no route matched.
	trusted   *trustedProxies
	rates     *rateLimiter
	unmatched *routeMetrics
	login     *login // browser sign-in; nil when the file has no login block
}

// route is a compiled route: what the handler needs at request time.
type route struct {
	name     string
	mode     routes.Auth
	modeName string
	roles    []string           // as written in the route file, for messages
	need     routes.Requirement // the same roles, realm and client apart
	inject   []injector
	target   *url.URL
	strip    string // path prefix removed before forwarding, "" for none
	reason   string // why it matches, for traces
	limits   routeLimits
	// login sends browser navigations without credentials to sign in;
	// passToken forwards a session's access token as a bearer token.
	login, passToken bool
}

// injector sets one identity header from one claim path.
type injector struct {
	header string // canonical header name
	claim  int    // index into verifier.claimPaths / identity.values
}

// compile builds a snapshot of cfg, which must have passed validation. prev
// is the snapshot it replaces (nil at start): when the issuer is the same,
// the new verifier shares prev's discovery and key set, so a reload neither
// refetches keys nor refuses tokens while it would. A new issuer gets a new
// discovery and key set. The verified-token cache is always new: cached
// identities hold header values computed for the old claim paths and were
// checked against the old audiences.
func (s *Server) compile(cfg routes.Config, prev *snapshot) (*snapshot, error) {
	sn := &snapshot{
		cfg:    cfg,
		table:  routes.Compile(cfg),
		routes: make([]*route, len(cfg.Routes)),
		strip:  map[string]bool{},
	}
	claims := &claimIndex{}
	for _, name := range routes.InjectableHeaders(cfg) {
		sn.strip[routes.NormalizeHeaderName(name)] = true
	}
	for i, rc := range cfg.Routes {
		if rc.Disabled {
			continue
		}
		r, err := compileRoute(cfg, rc, claims)
		if err != nil {
			return nil, err
		}
		sn.routes[i] = r
	}
	cache, err := lru.New[uint64, *identity](s.opts.TokenCacheSize)
	if err != nil {
		return nil, fmt.Errorf("create token cache: %w", err)
	}
	v := &verifier{
		issuer:     cfg.Issuer,
		audiences:  cfg.Audiences,
		azps:       cfg.AuthorizedParties,
		leeway:     s.opts.Leeway,
		now:        s.opts.Clock,
		claimPaths: claims.paths,
		claimNames: claimNames(claims.paths),
		cache:      cache,
	}
	if prev != nil && prev.verifier.issuer == cfg.Issuer {
		v.keys, v.disco = prev.verifier.keys, prev.verifier.disco
	} else {
		o := s.opts
		v.keys = &keySet{client: o.HTTPClient, log: o.Logger, now: o.Clock, cooldown: o.JWKSCooldown, retry: o.DiscoveryRetry,
			onFetch: o.Metrics.JWKSFetch}
		v.disco = &discovery{
			issuer: cfg.Issuer, client: o.HTTPClient, now: o.Clock,
			retry: o.DiscoveryRetry, keys: v.keys, log: o.Logger,
		}
	}
	sn.verifier = v
	s.compileLimits(sn)
	if cfg.Login.Enabled() {
		if sn.login, err = s.compileLogin(cfg, v); err != nil {
			return nil, err
		}
	}
	return sn, nil
}

// claimIndex numbers the distinct claim paths used by any route, so a
// verified token's header values are computed once and shared by all routes.
type claimIndex struct {
	byPath map[string]int
	paths  []routes.ClaimPath
}

func (c *claimIndex) index(path string) (int, error) {
	if i, ok := c.byPath[path]; ok {
		return i, nil
	}
	p, err := routes.ParseClaimPath(path)
	if err != nil {
		return 0, fmt.Errorf("claim path %q: %w", path, err)
	}
	if c.byPath == nil {
		c.byPath = map[string]int{}
	}
	c.byPath[path] = len(c.paths)
	c.paths = append(c.paths, p)
	return len(c.paths) - 1, nil
}

func compileRoute(cfg routes.Config, rc routes.Route, claims *claimIndex) (*route, error) {
	target, err := url.Parse(rc.Upstream)
	if err != nil {
		return nil, fmt.Errorf("route %q: upstream: %w", rc.Name, err)
	}
	r := &route{
		name:     rc.Name,
		mode:     rc.Auth,
		modeName: string(rc.Auth),
		roles:    rc.Roles,
		need:     routes.NewRequirement(rc.Roles),
		target:   target,
		reason:   routes.DescribeMatch(rc),
		login:    rc.Login, passToken: rc.PassToken,
	}
	if rc.StripPrefix {
		r.strip = rc.Path
	}
	headers := routes.EffectiveRouteHeaders(cfg, rc)
	for _, name := range sortedKeys(headers) {
		idx, err := claims.index(headers[name])
		if err != nil {
			return nil, fmt.Errorf("route %q: %w", rc.Name, err)
		}
		r.inject = append(r.inject, injector{header: textproto.CanonicalMIMEHeaderKey(name), claim: idx})
	}
	return r, nil
}
