// Package proxy is Tandem's embedded auth reverse proxy: it verifies bearer
// tokens locally against the issuer's keys, applies each route's auth mode
// and roles, strips spoofed identity headers and injects verified ones, and
// forwards to the route's upstream. The desktop app and `tandemctl proxy`
// run this same code. docs/proxy.md describes the contract.
package proxy

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

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
	// Metrics, when set, counts requests, key fetches, session refreshes
	// and reloads for the admin listener's /metrics (nil: none kept).
	Metrics *Metrics
	// LoginSecrets gives browser sign-in its client secret and cookie keys
	// for a route file with a login block, at start and on each reload
	// (default: ResolveLoginSecrets with the process environment).
	LoginSecrets func(routes.Config) (LoginSecrets, error)
	// OnSessionRefresh, when set, is told of each session refresh and
	// whether it succeeded (metrics).
	OnSessionRefresh func(ok bool)
}

// Status describes a running proxy for the UI and logs.
type Status struct {
	Listening   bool      `json:"listening"`
	Addr        string    `json:"addr"`
	Issuer      string    `json:"issuer"`
	Discovered  bool      `json:"discovered"`
	Keys        []string  `json:"keys"`
	LastRefresh time.Time `json:"lastRefresh" ts_type:"string"`
	LastError   string    `json:"lastError"`
	JWKSFetches int64     `json:"jwksFetches"`
	// Limits are the connection and rate limits in force.
	Limits LimitsStatus `json:"limits"`
	// LastReload is the outcome of the last Reload; nil when there was none.
	LastReload *ReloadResult `json:"lastReload"`
}

// Server is one proxy. Its configuration lives in an immutable snapshot
// behind an atomic pointer: Reload swaps in a new one while requests in
// flight finish on the one they started with.
type Server struct {
	opts      Options // defaults filled in
	sink      Sink
	log       *slog.Logger
	now       func() time.Time
	cur       atomic.Pointer[snapshot]
	upstream  http.RoundTripper
	ids       *requestIDs
	traceKey  string
	traces    *traceStore
	errorLog  *log.Logger // ReverseProxy's error log, into Logger at warning level
	exchanges sync.Pool   // *exchange, each with its own ReverseProxy

	reloadMu   sync.Mutex // one reload at a time
	lastReload atomic.Pointer[ReloadResult]

	rates *rateLimiter // every route's rate-limit buckets, kept across reloads

	mu      sync.Mutex
	main    listener      // the routes (Start)
	started routes.Limits // main's limits, fixed when it started
	admin   listener      // health and metrics (StartAdmin)
}

// current is the configuration in force.
func (s *Server) current() *snapshot { return s.cur.Load() }

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
	if opts.OnSessionRefresh == nil && opts.Metrics != nil {
		opts.OnSessionRefresh = opts.Metrics.SessionRefresh
	}
	if opts.Transport == nil {
		opts.Transport = newTransport(cfg.EffectiveLimits().UpstreamHeaderTimeout)
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
		opts:     opts,
		sink:     opts.Sink,
		log:      opts.Logger,
		now:      opts.Clock,
		upstream: opts.Transport,
		ids:      ids,
		traceKey: key,
		traces:   newTraceStore(256),
		rates:    newRateLimiter(0, opts.Clock),
		errorLog: slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn),
		main:     listener{what: "proxy"},
		admin:    listener{what: "admin listener"},
	}
	s.exchanges.New = s.newExchange
	sn, err := s.compile(cfg, nil)
	if err != nil {
		return nil, err
	}
	s.cur.Store(sn)
	return s, nil
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
// third of the throughput at 64 concurrent clients. upstreamHeader bounds
// the wait for an upstream's response headers (a streamed or long-polled
// body may take longer: only the headers must come in time).
func newTransport(upstreamHeader time.Duration) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 1024
	t.MaxIdleConnsPerHost = 256
	t.IdleConnTimeout = 90 * time.Second
	t.ResponseHeaderTimeout = upstreamHeader
	return t
}

// Handler returns the proxy as an http.Handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s }

// Start listens on addr ("host:port"; port 0 picks a free one) and serves
// in the background. It also starts OIDC discovery.
func (s *Server) Start(addr string) error {
	sn := s.current()
	limits := sn.cfg.EffectiveLimits()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: limits.ReadHeaderTimeout,
		IdleTimeout:       limits.IdleTimeout,
		MaxHeaderBytes:    limits.MaxHeaderBytes,
		ErrorLog:          s.errorLog,
	}
	// The TLS files are the listener's: read at start (a pair that does not
	// load stops the start), then again whenever they change on disk.
	if files := sn.cfg.TLS; files.Enabled() {
		certs, err := newCertReloader(files, s.log, s.now)
		if err != nil {
			return fmt.Errorf("start proxy on %s: %w", addr, err)
		}
		srv.TLSConfig = &tls.Config{GetCertificate: certs.GetCertificate, MinVersion: tls.VersionTLS12}
	}
	useTLS := srv.TLSConfig != nil // read before serving, which may set one (see serve)
	return s.serve(&s.main, addr, srv, func(bound net.Addr) {
		s.started = limits
		// The configuration in force now, not sn: a Reload that landed
		// while the listener was being prepared saw no listener, so it left
		// starting its issuer's discovery to this point. One that lands
		// later sees the listener (Addr waits for s.mu) and starts it itself.
		cur := s.current()
		cur.verifier.disco.start()
		s.log.Info("proxy listening", "addr", bound.String(), "tls", useTLS, "issuer", cur.cfg.Issuer, "routes", len(cur.cfg.Routes))
	})
}

// Shutdown stops accepting connections and waits for in-flight requests
// until ctx ends; then it closes whatever is left.
func (s *Server) Shutdown(ctx context.Context) error {
	ran, err := s.stop(ctx, &s.main)
	if ran {
		if t, ok := s.upstream.(interface{ CloseIdleConnections() }); ok {
			t.CloseIdleConnections()
		}
	}
	// Health checks are answered until the proxy itself has drained, so a
	// load balancer keeps seeing the instance as it goes.
	if _, aerr := s.stop(ctx, &s.admin); aerr != nil && err == nil {
		return aerr
	}
	return err
}

// Addr is the address the proxy listens on, or "" when it is not running.
func (s *Server) Addr() string { return s.addr(&s.main) }

// Status reports whether the proxy listens and what it knows of the issuer.
func (s *Server) Status() Status {
	addr := s.Addr()
	sn := s.current()
	kids, refreshed, keyErr := sn.verifier.keys.snapshot()
	discovered, discoErr := sn.verifier.disco.status()
	st := Status{
		Listening:   addr != "",
		Addr:        addr,
		Issuer:      sn.cfg.Issuer,
		Discovered:  discovered,
		Keys:        kids,
		LastRefresh: refreshed,
		LastError:   keyErr,
		JWKSFetches: sn.verifier.keys.fetches.Load(),
		LastReload:  s.lastReload.Load(),
		Limits:      s.limitsStatus(sn),
	}
	if discoErr != "" {
		st.LastError = "discovery: " + discoErr
	}
	return st
}

// Config returns the route file in force: the one the server was built
// from, or the last one a reload accepted.
func (s *Server) Config() routes.Config { return s.current().cfg }

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
