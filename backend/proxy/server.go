// Package proxy is Tandem's embedded auth reverse proxy: it verifies bearer
// tokens locally against the issuer's keys, applies each route's auth mode
// and roles, strips spoofed identity headers and injects verified ones, and
// forwards to the route's upstream. The desktop app and `tandemctl proxy`
// run this same code. docs/proxy.md describes the contract.
package proxy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/tandemhq/tandem/backend/routes"
)

// Defaults for Options left at zero.
const (
	DefaultJWKSCooldown   = 10 * time.Second
	MaxJWKSCooldown       = 30 * time.Second
	DefaultLeeway         = 5 * time.Second
	DefaultTokenCacheSize = 10_000
	DefaultDiscoveryRetry = time.Second
)

// Options are the proxy's knobs besides the route file. Every field may be
// left at zero.
type Options struct {
	// Sink receives one Record per request (nil: no request log).
	Sink Sink
	// Clock tells the time for token expiry and the JWKS cooldown (default time.Now).
	Clock func() time.Time
	// JWKSCooldown is the least time between two JWKS fetches triggered by
	// tokens naming an unknown key (default 10 s, at most 30 s).
	JWKSCooldown time.Duration
	// HTTPClient talks to the identity provider (discovery and JWKS).
	HTTPClient *http.Client
	// Logger receives operational messages (default: discard).
	Logger *slog.Logger
	// Leeway tolerated on exp and nbf (default 5 s).
	Leeway time.Duration
	// TokenCacheSize bounds the verified-token cache (default 10,000 tokens).
	TokenCacheSize int
	// DiscoveryRetry is the least time between two discovery attempts while
	// the identity provider is unreachable (default 1 s).
	DiscoveryRetry time.Duration
	// Transport overrides the upstream transport (tests); default is a clone
	// of http.DefaultTransport with 256 idle connections per upstream host.
	Transport http.RoundTripper
}

// Status describes a running proxy for the UI and logs.
type Status struct {
	Listening   bool      `json:"listening"`
	Addr        string    `json:"addr"`
	Issuer      string    `json:"issuer"`
	Discovered  bool      `json:"discovered"`
	Keys        []string  `json:"keys"`
	LastRefresh time.Time `json:"lastRefresh"`
	LastError   string    `json:"lastError"`
	JWKSFetches int64     `json:"jwksFetches"`
}

// Server is one configured proxy. Its configuration is fixed: to change
// routes, build a new Server.
type Server struct {
	cfg       routes.Config
	sink      Sink
	log       *slog.Logger
	now       func() time.Time
	table     *routes.Table
	routes    []*route // by index in cfg.Routes; nil for disabled routes
	strip     map[string]bool
	verifier  *verifier
	upstream  http.RoundTripper
	ids       *requestIDs
	traceKey  string
	traces    *traceStore
	errorLog  *log.Logger // ReverseProxy's error log, into Logger at warning level
	exchanges sync.Pool   // *exchange, each with its own ReverseProxy

	mu  sync.Mutex
	srv *http.Server
	ln  net.Listener
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
}

// injector sets one identity header from one claim path.
type injector struct {
	header string // canonical header name
	claim  int    // index into verifier.claimPaths / identity.values
}

// New validates cfg (every problem at once, as *routes.ValidationError) and
// builds a proxy for it. It does not contact the identity provider: discovery
// happens on Start or on the first request that carries a token.
func New(cfg routes.Config, opts Options) (*Server, error) {
	if err := routes.ValidateStandalone(cfg); err != nil {
		return nil, err
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	switch {
	case opts.JWKSCooldown <= 0:
		opts.JWKSCooldown = DefaultJWKSCooldown
	case opts.JWKSCooldown > MaxJWKSCooldown:
		opts.JWKSCooldown = MaxJWKSCooldown
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Leeway <= 0 {
		opts.Leeway = DefaultLeeway
	}
	if opts.TokenCacheSize <= 0 {
		opts.TokenCacheSize = DefaultTokenCacheSize
	}
	if opts.DiscoveryRetry <= 0 {
		opts.DiscoveryRetry = DefaultDiscoveryRetry
	}
	if opts.Transport == nil {
		opts.Transport = newTransport()
	}
	key, err := randomHex(16)
	if err != nil {
		return nil, err
	}
	ids, err := newRequestIDs()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:      cfg,
		sink:     opts.Sink,
		log:      opts.Logger,
		now:      opts.Clock,
		table:    routes.Compile(cfg),
		routes:   make([]*route, len(cfg.Routes)),
		strip:    map[string]bool{},
		upstream: opts.Transport,
		ids:      ids,
		traceKey: key,
		traces:   newTraceStore(256),
		errorLog: slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn),
	}
	s.exchanges.New = s.newExchange
	claims := &claimIndex{}
	for name := range routes.DefaultIdentityHeaders() {
		s.strip[routes.NormalizeHeaderName(name)] = true
	}
	for name := range cfg.IdentityHeaders {
		s.strip[routes.NormalizeHeaderName(name)] = true
	}
	for i, rc := range cfg.Routes {
		for name := range rc.Headers {
			s.strip[routes.NormalizeHeaderName(name)] = true
		}
		if rc.Disabled {
			continue
		}
		r, err := s.compileRoute(rc, claims)
		if err != nil {
			return nil, err
		}
		s.routes[i] = r
	}
	cache, err := lru.New[uint64, *identity](opts.TokenCacheSize)
	if err != nil {
		return nil, fmt.Errorf("create token cache: %w", err)
	}
	keys := &keySet{client: opts.HTTPClient, log: opts.Logger, now: opts.Clock, cooldown: opts.JWKSCooldown, retry: opts.DiscoveryRetry}
	s.verifier = &verifier{
		issuer:     cfg.Issuer,
		audiences:  cfg.Audiences,
		azps:       cfg.AuthorizedParties,
		leeway:     opts.Leeway,
		now:        opts.Clock,
		claimPaths: claims.paths,
		keys:       keys,
		cache:      cache,
		disco: &discovery{
			issuer: cfg.Issuer, client: opts.HTTPClient, now: opts.Clock,
			retry: opts.DiscoveryRetry, keys: keys, log: opts.Logger,
		},
	}
	return s, nil
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

func (s *Server) compileRoute(rc routes.Route, claims *claimIndex) (*route, error) {
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
	}
	if rc.StripPrefix {
		r.strip = rc.Path
	}
	headers := routes.EffectiveRouteHeaders(s.cfg, rc)
	for _, name := range sortedKeys(headers) {
		idx, err := claims.index(headers[name])
		if err != nil {
			return nil, fmt.Errorf("route %q: %w", rc.Name, err)
		}
		r.inject = append(r.inject, injector{header: textproto.CanonicalMIMEHeaderKey(name), claim: idx})
	}
	return r, nil
}

// bufferPool recycles the 32 KiB buffers ReverseProxy copies bodies with;
// without one it allocates (and zeroes) a fresh buffer per response. A
// buffered channel rather than a sync.Pool: putting a slice into a sync.Pool
// allocates a box for it every time.
type bufferPool struct{ free chan []byte }

func (b *bufferPool) Get() []byte {
	select {
	case buf := <-b.free:
		return buf
	default:
		return make([]byte, 32<<10)
	}
}

func (b *bufferPool) Put(buf []byte) {
	select {
	case b.free <- buf:
	default: // enough spare buffers: let this one go
	}
}

var copyBuffers = &bufferPool{free: make(chan []byte, 256)}

// newTransport is a clone of the default transport tuned for a proxy: Go's
// default keeps only 2 idle connections per host, which alone costs about a
// third of the throughput at 64 concurrent clients.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 1024
	t.MaxIdleConnsPerHost = 256
	t.IdleConnTimeout = 90 * time.Second
	t.ResponseHeaderTimeout = 0 // upstreams may stream or long-poll
	return t
}

// Handler returns the proxy as an http.Handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s }

// Start listens on addr ("host:port"; port 0 picks a free one) and serves
// in the background. It also starts OIDC discovery.
func (s *Server) Start(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return errors.New("start proxy: already running")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("start proxy on %s: %w", addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	srv := s.srv
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("proxy stopped serving", "err", err)
		}
	}()
	s.verifier.disco.start()
	s.log.Info("proxy listening", "addr", ln.Addr().String(), "issuer", s.cfg.Issuer, "routes", len(s.cfg.Routes))
	return nil
}

// Shutdown stops accepting connections and waits for in-flight requests
// until ctx ends; then it closes whatever is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	srv := s.srv
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if err != nil {
		_ = srv.Close()
	}
	if t, ok := s.upstream.(interface{ CloseIdleConnections() }); ok {
		t.CloseIdleConnections()
	}
	if err != nil {
		return fmt.Errorf("shut down proxy: %w", err)
	}
	return nil
}

// Addr is the address the proxy listens on, or "" when it is not running.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Status reports whether the proxy listens and what it knows of the issuer.
func (s *Server) Status() Status {
	addr := s.Addr()
	kids, refreshed, keyErr := s.verifier.keys.snapshot()
	discovered, discoErr := s.verifier.disco.status()
	st := Status{
		Listening:   addr != "",
		Addr:        addr,
		Issuer:      s.cfg.Issuer,
		Discovered:  discovered,
		Keys:        kids,
		LastRefresh: refreshed,
		LastError:   keyErr,
		JWKSFetches: s.verifier.keys.fetches.Load(),
	}
	if discoErr != "" {
		st.LastError = "discovery: " + discoErr
	}
	return st
}

// Config returns the route file the server was built from.
func (s *Server) Config() routes.Config { return s.cfg }

// TraceKey is this server's secret for X-Tandem-Trace: requests carrying it
// are traced (see Trace). It is random per server and never logged.
func (s *Server) TraceKey() string { return s.traceKey }

// Trace returns the trace of a request sent with X-Tandem-Trace, by its
// request id. Only the most recent traces are kept.
func (s *Server) Trace(requestID string) (Trace, bool) { return s.traces.get(requestID) }

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
