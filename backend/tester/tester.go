package tester

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// RunningGateway is a proxy the tester started and must stop.
type RunningGateway interface {
	Gateway
	Close(ctx context.Context) error
}

// GatewayFactory starts a proxy for a route file on a free loopback port.
type GatewayFactory func(cfg routes.Config) (RunningGateway, error)

// EchoFactory starts the built-in echo upstream on a free loopback port and
// returns its base URL.
type EchoFactory func() (baseURL string, stop func(context.Context) error, err error)

// ErrRouteNotFound is returned when the route under test is not in the file.
var ErrRouteNotFound = errors.New("no route of that name in the active profile")

// Tester sends requests through embedded proxies it starts on demand: one for
// the route file as it is and one whose upstreams all point at the echo
// server. A changed route file restarts them on the next request.
type Tester struct {
	newGateway GatewayFactory
	newEcho    EchoFactory
	// newGatewayAt starts a proxy with a clock of its own, sharing the
	// cookie key of newGateway's (nil: no session-ended variant).
	newGatewayAt func(cfg routes.Config, clock func() time.Time) (RunningGateway, error)
	now          func() time.Time
	// readOnly says whether the tested profile is read-only (see mayReach).
	readOnly func(context.Context) (bool, error)

	mu       sync.Mutex
	gateways map[Upstream]*cachedGateway
	echoURL  string
	echoStop func(context.Context) error
}

type cachedGateway struct {
	fingerprint string
	gw          RunningGateway
}

// New returns a tester. Nothing starts until the first request.
func New(newGateway GatewayFactory, newEcho EchoFactory, opts ...Option) *Tester {
	t := &Tester{newGateway: newGateway, newEcho: newEcho, now: time.Now, gateways: map[Upstream]*cachedGateway{}}
	for _, opt := range opts {
		opt(t)
	}
	return t
}

// Close stops every proxy and the echo server the tester started.
func (t *Tester) Close(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var errs []error
	for k, c := range t.gateways {
		if err := c.gw.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop the tester's proxy: %w", err))
		}
		delete(t.gateways, k)
	}
	if t.echoStop != nil {
		if err := t.echoStop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop the echo upstream: %w", err))
		}
		t.echoStop, t.echoURL = nil, ""
	}
	return errors.Join(errs...)
}

// gateway returns a running proxy for cfg, sending to the echo server when asked.
func (t *Tester) gateway(cfg routes.Config, up Upstream) (Gateway, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	cfg, up, err := t.gatewayConfigLocked(cfg, up)
	if err != nil {
		return nil, err
	}
	fp, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("fingerprint the route file: %w", err)
	}
	if c := t.gateways[up]; c != nil {
		if c.fingerprint == string(fp) {
			return c.gw, nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = c.gw.Close(ctx)
		cancel()
		delete(t.gateways, up)
	}
	gw, err := t.newGateway(cfg)
	if err != nil {
		return nil, fmt.Errorf("start the tester's proxy: %w", err)
	}
	t.gateways[up] = &cachedGateway{fingerprint: string(fp), gw: gw}
	return gw, nil
}

// gatewayConfig is the route file a proxy for up runs: cfg, or with every
// upstream the echo server (started on first use).
func (t *Tester) gatewayConfig(cfg routes.Config, up Upstream) routes.Config {
	t.mu.Lock()
	defer t.mu.Unlock()
	out, _, err := t.gatewayConfigLocked(cfg, up)
	if err != nil {
		return cfg
	}
	return out
}

func (t *Tester) gatewayConfigLocked(cfg routes.Config, up Upstream) (routes.Config, Upstream, error) {
	if up != UpstreamEcho {
		return cfg, UpstreamRoute, nil
	}
	if t.echoURL == "" {
		if t.newEcho == nil {
			return cfg, up, errors.New("no echo upstream is available in this build")
		}
		u, stop, err := t.newEcho()
		if err != nil {
			return cfg, up, fmt.Errorf("start the echo upstream: %w", err)
		}
		t.echoURL, t.echoStop = u, stop
	}
	return withUpstream(cfg, t.echoURL), up, nil
}

// withUpstream copies cfg with every route's upstream replaced.
func withUpstream(cfg routes.Config, upstream string) routes.Config {
	out := cfg
	out.Routes = make([]routes.Route, len(cfg.Routes))
	for i, r := range cfg.Routes {
		r.Upstream = upstream
		out.Routes[i] = r
	}
	return out
}

// FindRoute returns the route called name.
func FindRoute(cfg routes.Config, name string) (routes.Route, error) {
	for _, r := range cfg.Routes {
		if r.Name == name {
			return r, nil
		}
	}
	return routes.Route{}, fmt.Errorf("route %q: %w", name, ErrRouteNotFound)
}

// authMode is the route's auth mode. A route naming none (which validation
// refuses, but the tester may be handed an unchecked file) counts as
// required, the strictest mode.
func authMode(r routes.Route) routes.Auth {
	if r.Auth == "" {
		return routes.AuthRequired
	}
	return r.Auth
}

// Defaults fills what the operator left empty from the route: the first
// allowed method (else GET), the route's path and host.
func Defaults(req Request, r routes.Route) Request {
	if strings.TrimSpace(req.Method) == "" {
		req.Method = http.MethodGet
		if len(r.Methods) > 0 {
			req.Method = strings.ToUpper(r.Methods[0])
		}
	}
	if strings.TrimSpace(req.Path) == "" {
		req.Path = r.Path
	}
	if req.Host == "" {
		req.Host = r.Host
	}
	if req.Upstream == "" {
		req.Upstream = UpstreamRoute
	}
	req.Route = r.Name
	return req
}

// InjectableHeaders is every header name the proxy could inject on any route
// of the file: the names it strips from every incoming request, by the
// proxy's own rule (routes.InjectableHeaders).
func InjectableHeaders(cfg routes.Config) []string {
	return routes.InjectableHeaders(cfg)
}

// Send resolves the identity, sends the request for the route and judges the
// outcome against what the route's mode promises.
func (t *Tester) Send(ctx context.Context, cfg routes.Config, req Request, id Identity) (Result, error) {
	r, err := FindRoute(cfg, req.Route)
	if err != nil {
		return Result{}, err
	}
	req = Defaults(req, r)
	// Refused before a token is requested: no login for a request never sent.
	if err := t.mayReach(ctx, req); err != nil {
		return Result{}, err
	}
	if id.Kind == KindSession {
		cred, done, err := t.resolveSession(ctx, cfg, req, id)
		defer done() // signs the browser out: no login left behind
		if err != nil {
			return Result{}, err
		}
		return t.sendAs(ctx, cfg, req, id, cred)
	}
	ts := NewTokenSource(cfg.Issuer)
	// The login behind the token is ended once the request is done; a
	// failed logout does not make the test fail.
	defer func() { _ = ts.EndSessions(ctx) }()
	cred, err := ts.Resolve(ctx, id, InjectableHeaders(cfg), t.now())
	if err != nil {
		return Result{}, err
	}
	return t.sendAs(ctx, cfg, req, id, cred)
}

// sendAs is the one path by which a tested request leaves, whatever entry
// point built it.
func (t *Tester) sendAs(ctx context.Context, cfg routes.Config, req Request, id Identity, cred Credential) (Result, error) {
	if err := t.mayReach(ctx, req); err != nil {
		return Result{}, err
	}
	var gw Gateway
	var err error
	if cred.session != nil && cred.session.gateway != nil {
		gw = cred.session.gateway
	} else if gw, err = t.gateway(cfg, req.Upstream); err != nil {
		return Result{}, err
	}
	res, err := send(ctx, gw, req, cred)
	if err != nil {
		return Result{}, err
	}
	t.judge(cfg, req, id, cred, &res)
	return res, nil
}

// judge fills the expectation, surprises and notes of a result.
func (t *Tester) judge(cfg routes.Config, req Request, id Identity, cred Credential, res *Result) {
	res.TokenState = ExpectedTokenState(id, res.Token, cfg.Issuer, t.now())
	if cred.session != nil {
		// The proxy takes a session that opens and whose token verifies
		// (or refreshes) as an identity; any other cookie as none.
		res.TokenState = TokenNone
		if cred.session.valid {
			res.TokenState = TokenValid
		}
	}
	r, _ := FindRoute(cfg, req.Route)
	if res.Trace != nil && res.Trace.Route != "" && res.Trace.Route != r.Name {
		res.Notes = append(res.Notes, fmt.Sprintf("the request matched route %q, not %q: judged against %q", res.Trace.Route, r.Name, res.Trace.Route))
		if other, err := FindRoute(cfg, res.Trace.Route); err == nil {
			r = other
		}
	}
	obs := Observation{Status: res.Response.Status, Challenge: res.Response.Headers.Get("WWW-Authenticate"), Spoofed: cred.Headers}
	if res.Trace != nil {
		obs.Decision = string(res.Trace.Decision)
		if res.Trace.UpstreamURL != "" || res.Trace.UpstreamHeaders != nil {
			obs.UpstreamHeaders = res.Trace.UpstreamHeaders
			if obs.UpstreamHeaders == nil {
				obs.UpstreamHeaders = http.Header{}
			}
		}
	} else {
		res.Notes = append(res.Notes, "the proxy returned no decision trace for this request")
	}
	if OutcomeOf(obs) == OutcomeNoRoute {
		res.Surprises = append(res.Surprises, fmt.Sprintf("no route matched %s %s (HTTP %d): check the path, method and host against route %q", req.Method, req.Path, res.Response.Status, r.Name))
		return
	}
	var claims map[string]any
	var held []string
	if res.Token != nil {
		claims = res.Token.Claims
		held = RolesHeld(claims)
	}
	mapping := HeaderMapping(cfg.IdentityHeaders, r.Headers)
	expectFrom := mapping
	if cred.session != nil && cred.session.valid {
		// A session's token stays sealed: the identity the proxy showed
		// (/_tandem/auth/me) gives the claims of the default paths only.
		claims = sessionClaims(cred.session.identity)
		held = cred.session.identity.Roles
		expectFrom = map[string]string{}
		for h, path := range mapping {
			if sessionPath(path) {
				expectFrom[h] = path
			}
		}
		if len(expectFrom) < len(mapping) {
			res.Notes = append(res.Notes, "identity headers from claims other than sub, preferred_username, email and roles are not checked for a session: its token stays in the cookie")
		}
	}
	exp := Expect(r, res.TokenState, held, claims, expectFrom)
	res.Expectation = &exp
	s, n := Check(exp, obs, mapping, InjectableHeaders(cfg))
	res.Surprises = append(res.Surprises, s...)
	res.Notes = append(res.Notes, n...)
	if id.Kind == KindToken && res.TokenState == TokenValid {
		res.Notes = append(res.Notes, "a pasted token is assumed valid when its issuer matches and it has not expired; the signature is the proxy's to check")
	}
}

// ExpectedTokenState says what the proxy should conclude about the token an
// identity presents. Tokens fresh from Keycloak are valid when they come from
// the file's issuer; variants never are; a pasted one is judged by its
// unverified iss and exp.
func ExpectedTokenState(id Identity, tok *DecodedToken, issuer string, now time.Time) TokenState {
	if tok == nil {
		if id.Kind == KindToken {
			return TokenInvalid // pasted but not even a JWT
		}
		return TokenNone
	}
	if id.Variant != VariantNone {
		return TokenInvalid
	}
	if tok.Issuer != issuer || tok.ExpiresAt.IsZero() || !now.Before(tok.ExpiresAt) {
		return TokenInvalid
	}
	return TokenValid
}
