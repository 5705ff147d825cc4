package proxy

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"

	"github.com/tandemhq/tandem/backend/outbound"
	"github.com/tandemhq/tandem/backend/routes"
)

// DefaultSessionCacheSize bounds the cache of opened session cookies.
const DefaultSessionCacheSize = 10_000

// idpEndpoints are the IdP's endpoints sign-in uses, from discovery.
type idpEndpoints struct {
	auth, token, endSession string
}

// login is browser sign-in for one route file: the OIDC authorization-code
// flow at the file's issuer, and the session cookie it leads to. It keeps
// no state a second instance would lack: the session lives in the cookie,
// sealed with keys every instance shares.
type login struct {
	clientID     string
	clientSecret string
	scopes       []string
	redirectURL  string // fixed callback URL, or "" to build it per request
	flowName     string // the sign-in flow's cookie
	sealer       *cookieSealer
	sessions     *sessions
	client       *http.Client // to the IdP; never follows a redirect to another origin
	now          func() time.Time
	log          *slog.Logger

	// verify checks an access token as a bearer token is checked.
	verify func(ctx context.Context, raw string) (*identity, error)
	// idTokens checks ID tokens at the callback: same keys, iss, aud = the
	// client id; the nonce is compared by the callback.
	idTokens *oidc.IDTokenVerifier
	// endpoints returns the IdP's endpoints once discovery has succeeded.
	endpoints func(ctx context.Context) (idpEndpoints, error)

	flight    singleflight.Group // one refresh in flight per session id
	onRefresh func(ok bool)      // counts refreshes (metrics); may be nil
}

// loginDeps are what login borrows from the proxy: the token checks and the
// IdP's discovery, so that sign-in trusts exactly what bearer tokens trust.
type loginDeps struct {
	client    *http.Client
	now       func() time.Time
	leeway    time.Duration
	log       *slog.Logger
	verify    func(ctx context.Context, raw string) (*identity, error)
	verifySig func(ctx context.Context, raw string) ([]byte, error) // signature against the issuer's keys
	endpoints func(ctx context.Context) (idpEndpoints, error)
	cacheSize int
	onRefresh func(ok bool)
}

// newLogin builds sign-in for cfg, whose login block must be enabled.
func newLogin(cfg routes.Config, sec LoginSecrets, d loginDeps) (*login, error) {
	lg := cfg.Login
	sealer, err := newCookieSealer(sec.CookieKeys)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	if d.cacheSize <= 0 {
		d.cacheSize = DefaultSessionCacheSize
	}
	name := lg.EffectiveCookieName()
	ss, err := newSessions(name, sealer, d.cacheSize)
	if err != nil {
		return nil, fmt.Errorf("login: session cache: %w", err)
	}
	leeway := d.leeway
	now := d.now
	algs := make([]string, len(asymmetricAlgs))
	for i, a := range asymmetricAlgs {
		algs[i] = string(a)
	}
	idv := oidc.NewVerifier(cfg.Issuer, keySetFunc(d.verifySig), &oidc.Config{
		ClientID:             lg.ClientID,
		SupportedSigningAlgs: algs,
		// go-oidc allows no leeway on exp: the proxy's own is given by
		// asking it about a slightly earlier moment.
		Now: func() time.Time { return now().Add(-leeway) },
	})
	return &login{
		clientID: lg.ClientID, clientSecret: sec.ClientSecret, scopes: lg.EffectiveScopes(),
		redirectURL: lg.RedirectURL, flowName: name + "_flow",
		sealer: sealer, sessions: ss, client: outbound.Client(d.client), now: now, log: d.log,
		verify: d.verify, idTokens: idv, endpoints: d.endpoints, onRefresh: d.onRefresh,
	}, nil
}

// keySetFunc adapts the proxy's signature check to go-oidc's KeySet, so an
// ID token is checked against the very keys (and refetch rules) that
// bearer tokens are.
type keySetFunc func(ctx context.Context, raw string) ([]byte, error)

func (f keySetFunc) VerifySignature(ctx context.Context, raw string) ([]byte, error) {
	return f(ctx, raw)
}

// owns reports whether a cookie name is one of sign-in's (the session, its
// chunks, the flow): none of them ever reaches an upstream.
func (l *login) owns(name string) bool {
	if name == l.sessions.name || name == l.flowName {
		return true
	}
	_, ok := chunkIndex(l.sessions.name, name)
	return ok
}

// oauth is the client's OAuth2 configuration at the IdP's endpoints.
func (l *login) oauth(ep idpEndpoints, redirect string) *oauth2.Config {
	style := oauth2.AuthStyleInHeader
	if l.clientSecret == "" {
		style = oauth2.AuthStyleInParams // a public client names itself in the form
	}
	return &oauth2.Config{
		ClientID: l.clientID, ClientSecret: l.clientSecret, RedirectURL: redirect, Scopes: l.scopes,
		Endpoint: oauth2.Endpoint{AuthURL: ep.auth, TokenURL: ep.token, AuthStyle: style},
	}
}

// clientContext makes x/oauth2 use the proxy's IdP client.
func (l *login) clientContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, l.client)
}

// callbackURL is where the IdP sends the browser back: fixed by the file,
// or the scheme and host the browser used (from a trusted proxy's
// X-Forwarded-Proto/Host, see originOf).
func (l *login) callbackURL(r *http.Request) string {
	if l.redirectURL != "" {
		return l.redirectURL
	}
	o := originOf(r)
	return o.scheme + "://" + o.host + routes.CallbackPath
}

// randomToken returns 32 random bytes, URL-safe base64: state, nonce and
// session ids.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// compileLogin builds sign-in for a snapshot whose file has a login block:
// its secrets from Options.LoginSecrets, its checks from the snapshot's
// verifier (the same keys and discovery as bearer tokens).
func (s *Server) compileLogin(cfg routes.Config, v *verifier) (*login, error) {
	resolve := s.opts.LoginSecrets
	if resolve == nil {
		resolve = func(c routes.Config) (LoginSecrets, error) { return ResolveLoginSecrets(c, os.Getenv) }
	}
	sec, err := resolve(cfg)
	if err != nil {
		return nil, err
	}
	return newLogin(cfg, sec, loginDeps{
		client: s.opts.HTTPClient, now: s.opts.Clock, leeway: s.opts.Leeway, log: s.opts.Logger,
		verify: v.verify,
		verifySig: func(ctx context.Context, raw string) ([]byte, error) {
			jws, err := parseCompact(raw)
			if err != nil {
				return nil, err
			}
			if err := v.disco.ensure(ctx); err != nil {
				return nil, err
			}
			return v.keys.verify(ctx, jws)
		},
		endpoints: v.disco.signInEndpoints,
		onRefresh: s.opts.OnSessionRefresh,
	})
}
