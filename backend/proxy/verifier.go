package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tokenclaims"
)

// tokenError is why a presented token was refused (answer 401 invalid_token).
// kind is what callers and tests branch on; reason is told to the client;
// detail, when set, is what the request log and traces get instead:
// operational facts (the IdP's address, a dial error) that are the
// operator's business, not the client's.
type tokenError struct {
	kind           tokenErrorKind
	reason, detail string
}

func (e *tokenError) Error() string { return e.reason }

// tokenErrorKind sorts refused tokens, so that no caller reads a sentence to
// learn why.
type tokenErrorKind int

const (
	kindMalformedHeader tokenErrorKind = iota // the Authorization header itself
	kindMalformed                             // not a compact JWS, or claims that are not a JSON object
	kindAlgorithm                             // alg outside asymmetricAlgs ("none", HS*)
	kindUnknownKey
	kindBadSignature
	kindNoKeys
	kindIdPUnreachable
	kindIssuer
	kindNoExpiry
	kindExpired
	kindNotYetValid
	kindBadDate // exp, nbf or iat present but not a number within years 1970–9999
	kindAudience
	kindAuthorizedParty
	kindNoSubject // sub missing, empty or not a string
	kindBadRoles  // a roles claim that is not an array of strings
)

// logReason is what the request log records for a refused token.
func logReason(err error) string {
	var te *tokenError
	if errors.As(err, &te) && te.detail != "" {
		return te.detail
	}
	return err.Error()
}

// reasonIdPUnreachable is all a client learns while discovery fails.
const reasonIdPUnreachable = "the identity provider is not reachable yet, so the token cannot be verified"

func invalid(kind tokenErrorKind, format string, args ...any) error {
	return &tokenError{kind: kind, reason: fmt.Sprintf(format, args...)}
}

// identity is what a verified token contributes to a request. It is shared
// by every request carrying the same token, so it is never modified after
// verification.
type identity struct {
	token   string // the raw token, to tell it from another with the same cache key
	subject string
	// username is preferred_username, read once per verified token so the
	// request log can name the caller without reading claims per request.
	username string
	expiry   time.Time
	// Realm roles and client roles are kept apart: a realm role may itself
	// be named "web:editor", and must not pass for the client role editor
	// of web.
	realmRoles  []string   // realm_access.roles
	clientRoles []string   // resource_access.<client>.roles, as "client:role", sorted
	values      [][]string // per claim path index: the header value, nil if absent
}

// hasAnyRole reports whether the token holds one of a route's roles, by the
// route file's rule (routes.Requirement).
func (id *identity) hasAnyRole(want routes.Requirement) bool {
	return want.MetBy(id.realmRoles, id.clientRoles)
}

// heldRoles lists every role of the token for traces: realm roles, then
// client roles, in a new slice (the identity is shared between requests).
func (id *identity) heldRoles() []string {
	return slices.Concat(id.realmRoles, id.clientRoles)
}

// verifier checks bearer tokens locally against the issuer's keys. Verified
// tokens are cached until they expire, so a client that reuses its token
// pays for one signature check, not one per request.
//
// It does the checks go-oidc's IDTokenVerifier would do (compact JWS, alg,
// signature, iss) itself: go-oidc flattens a key set's errors into text,
// reads exp, iat and nbf with its own lenient rules (a float overflowing
// int64 lands in the past), and decodes the claims a second time. A token
// the cache does not hold costs one parse (parseCompact), one signature
// check, and one decode of the claims the rules and identity headers read
// (readClaims).
type verifier struct {
	issuer     string
	audiences  []string
	azps       []string
	leeway     time.Duration
	now        func() time.Time
	claimPaths []routes.ClaimPath
	claimNames map[string]string // top-level claims to decode (claimNames)

	keys  *keySet
	disco *discovery
	// cache is keyed by a 64-bit hash of the token; the entry holds the
	// token, compared in full before it is trusted, so a hash collision is a
	// miss, never another token's identity.
	cache *lru.Cache[uint64, *identity]
}

// tokenSeed keys the cache hash. It is random per process, so nobody can
// choose tokens that collide.
var tokenSeed = maphash.MakeSeed()

func (v *verifier) verify(ctx context.Context, raw string) (*identity, error) {
	key := maphash.String(tokenSeed, raw)
	if id, ok := v.cache.Get(key); ok && id.token == raw {
		if v.now().Before(id.expiry.Add(v.leeway)) {
			return id, nil
		}
		v.cache.Remove(key)
		return nil, invalid(kindExpired, "token expired")
	}
	jws, err := parseCompact(raw)
	if err != nil {
		return nil, err
	}
	if err := v.disco.ensure(ctx); err != nil {
		return nil, err
	}
	payload, err := v.keys.verify(ctx, jws)
	if err != nil {
		return nil, err
	}
	claims, err := readClaims(payload, v.claimNames)
	if err != nil {
		return nil, err
	}
	id, err := v.check(claims)
	if err != nil {
		return nil, err
	}
	id.token = raw
	v.cache.Add(key, id)
	return id, nil
}

// check applies the claim rules: iss exact, exp required, exp/nbf/iat
// readable dates, exp and nbf with a small leeway, accepted audiences and
// authorized parties, a subject, and role claims the proxy can read
// unambiguously.
func (v *verifier) check(claims map[string]any) (*identity, error) {
	if iss, _ := claims["iss"].(string); iss != v.issuer {
		return nil, invalid(kindIssuer, "token issuer is not %s", v.issuer)
	}
	exp, present, ok := tokenclaims.Date(claims, "exp")
	if !present {
		return nil, invalid(kindNoExpiry, "token has no exp")
	}
	if !ok {
		return nil, badDate("exp")
	}
	nbf, present, ok := tokenclaims.Date(claims, "nbf")
	if present && !ok {
		return nil, badDate("nbf")
	}
	if _, present, ok := tokenclaims.Date(claims, "iat"); present && !ok {
		return nil, badDate("iat")
	}
	now := v.now()
	if !now.Before(exp.Add(v.leeway)) {
		return nil, invalid(kindExpired, "token expired")
	}
	if present && now.Add(v.leeway).Before(nbf) {
		return nil, invalid(kindNotYetValid, "token not valid yet")
	}
	if len(v.audiences) > 0 && !anyIn(tokenclaims.Audience(claims), v.audiences) {
		return nil, invalid(kindAudience, "token audience not accepted")
	}
	if len(v.azps) > 0 {
		azp, _ := claims["azp"].(string)
		if !slices.Contains(v.azps, azp) {
			return nil, invalid(kindAuthorizedParty, "token authorized party not accepted")
		}
	}
	sub, _ := claims["sub"].(string)
	if sub == "" {
		// Without a subject the upstream would get an identity with no
		// X-User-Id: a request it cannot tell from an anonymous one.
		return nil, invalid(kindNoSubject, "token has no subject (sub)")
	}
	realm, client, err := tokenclaims.Roles(claims)
	if err != nil {
		return nil, invalid(kindBadRoles, "token %v", err)
	}
	username, _ := claims["preferred_username"].(string)
	id := &identity{subject: sub, username: username, expiry: exp, realmRoles: realm, clientRoles: client,
		values: make([][]string, len(v.claimPaths))}
	formatted := make([]string, len(v.claimPaths)) // one array behind every header value
	for i, p := range v.claimPaths {
		if val, ok := p.Lookup(claims); ok {
			if s, ok := routes.FormatClaim(val); ok {
				formatted[i] = headerSafe(s)
				id.values[i] = formatted[i : i+1 : i+1]
			}
		}
	}
	return id, nil
}

func badDate(name string) error {
	return invalid(kindBadDate, "token %s is not a date between the years 1970 and 9999", name)
}

func anyIn(have, want []string) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}

// headerSafe replaces control characters, which would make the upstream
// request invalid, with spaces.
func headerSafe(s string) string {
	if !strings.ContainsFunc(s, isCtl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isCtl(r) {
			return ' '
		}
		return r
	}, s)
}

func isCtl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// discovery runs OIDC discovery lazily. The proxy starts even when the IdP is
// down; until discovery succeeds every token is answered 401 with a reason
// saying so, and discovery is retried at most once per retry interval, on
// demand. Requests that arrive while an attempt runs wait for it and take
// its result, so each is answered within one attempt's timeout.
type discovery struct {
	issuer  string
	client  *http.Client
	now     func() time.Time
	retry   time.Duration
	timeout time.Duration // one attempt, key load included (0: defaultIdPAttemptTimeout)
	keys    *keySet
	log     *slog.Logger

	ready       atomic.Bool
	flight      flight
	mu          sync.Mutex // guards lastAttempt
	lastAttempt time.Time
	lastErr     atomic.Pointer[string] // read by Status without waiting for an attempt
	// signIn holds the endpoints browser sign-in uses, read from the same
	// document; set before ready.
	signIn atomic.Pointer[idpEndpoints]
}

func (d *discovery) setErr(msg string) { d.lastErr.Store(&msg) }

// fail records a failed attempt for Status and the server log (at most one
// line per retry interval, since attempts are paced by it).
func (d *discovery) fail(err error) {
	d.setErr(err.Error())
	d.log.Warn("OIDC discovery failed; tokens are refused until it succeeds", "issuer", d.issuer, "err", err)
}

func (d *discovery) errText() string {
	if p := d.lastErr.Load(); p != nil {
		return *p
	}
	return ""
}

var errNoIssuer = errors.New("no issuer configured")

// ensure returns nil once discovery has succeeded, running (or joining) an
// attempt when one is due.
func (d *discovery) ensure(ctx context.Context) error {
	if d.ready.Load() {
		return nil
	}
	if d.issuer == "" {
		return invalid(kindIdPUnreachable, "cannot verify tokens: %v", errNoIssuer)
	}
	if d.due() || d.flight.busy() {
		err := d.flight.do(ctx, func() error {
			if !d.ready.Load() && d.due() {
				d.attempt()
			}
			return nil
		})
		if err != nil {
			return &tokenError{kind: kindIdPUnreachable, reason: reasonIdPUnreachable, detail: "gave up waiting for OIDC discovery: " + err.Error()}
		}
		if d.ready.Load() {
			return nil
		}
	}
	return &tokenError{kind: kindIdPUnreachable, reason: reasonIdPUnreachable, detail: "identity provider not reachable yet: " + d.errText()}
}

func (d *discovery) due() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lastAttempt.IsZero() || d.now().Sub(d.lastAttempt) >= d.retry
}

// attempt runs discovery once and loads the keys, both within one attempt
// timeout. Callers run it inside d.flight.
func (d *discovery) attempt() {
	d.mu.Lock()
	d.lastAttempt = d.now()
	d.mu.Unlock()
	timeout := d.timeout
	if timeout <= 0 {
		timeout = defaultIdPAttemptTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	jwksURL, err := d.fetch(ctx)
	if err != nil {
		d.fail(err)
		return
	}
	d.keys.setURL(jwksURL)
	d.keys.load(ctx) // a failure is kept in the key set's status and retried on demand
	d.setErr("")
	d.ready.Store(true)
}

// fetch reads the discovery document and returns its jwks_uri. It fetches
// the document itself rather than through oidc.NewProvider, which reads it
// with no size limit; the document is decoded into go-oidc's ProviderConfig
// and its issuer checked as NewProvider would.
func (d *discovery) fetch(ctx context.Context) (string, error) {
	wellKnown := strings.TrimSuffix(d.issuer, "/") + "/.well-known/openid-configuration"
	body, err := getIdPDocument(ctx, d.client, wellKnown, "discovery document")
	if err != nil {
		return "", err
	}
	var cfg oidc.ProviderConfig
	if err := json.Unmarshal(body, &cfg); err != nil {
		return "", fmt.Errorf("decode discovery document %s: %w", wellKnown, err)
	}
	if cfg.IssuerURL != d.issuer {
		return "", &oidc.IssuerMismatchError{Provided: d.issuer, Discovered: cfg.IssuerURL}
	}
	if cfg.JWKSURL == "" {
		return "", fmt.Errorf("discovery document %s has no jwks_uri", wellKnown)
	}
	var logout struct {
		EndSession string `json:"end_session_endpoint"`
	}
	_ = json.Unmarshal(body, &logout) // decoded once above: cannot fail here
	d.signIn.Store(&idpEndpoints{auth: cfg.AuthURL, token: cfg.TokenURL, endSession: logout.EndSession})
	return cfg.JWKSURL, nil
}

// signInEndpoints returns the IdP's sign-in endpoints once discovery has
// succeeded (running or joining an attempt when one is due).
func (d *discovery) signInEndpoints(ctx context.Context) (idpEndpoints, error) {
	if err := d.ensure(ctx); err != nil {
		return idpEndpoints{}, err
	}
	ep := d.signIn.Load()
	if ep == nil || ep.auth == "" || ep.token == "" {
		return idpEndpoints{}, errors.New("the discovery document names no authorization or token endpoint")
	}
	return *ep, nil
}

// start runs the first discovery in the background so Status shows keys
// before the first request.
func (d *discovery) start() {
	if d.issuer == "" || d.ready.Load() {
		return
	}
	go func() { _ = d.ensure(context.Background()) }()
}

func (d *discovery) status() (ready bool, lastErr string) {
	return d.ready.Load(), d.errText()
}
