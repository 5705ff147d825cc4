package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
)

// tokenError is why a presented token was refused (answer 401 invalid_token).
// reason is told to the client; detail, when set, is what the request log
// and traces get instead: operational facts (the IdP's address, a dial
// error) that are the operator's business, not the client's.
type tokenError struct{ reason, detail string }

func (e *tokenError) Error() string { return e.reason }

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

func invalid(format string, args ...any) error {
	return &tokenError{reason: fmt.Sprintf(format, args...)}
}

// identity is what a verified token contributes to a request. It is shared
// by every request carrying the same token, so it is never modified after
// verification.
type identity struct {
	subject string
	expiry  time.Time
	// Realm roles and client roles are kept apart: a realm role may itself
	// be named "web:editor", and must not pass for the client role editor
	// of web.
	realmRoles  []string   // realm_access.roles
	clientRoles []string   // resource_access.<client>.roles, as "client:role", sorted
	values      [][]string // per claim path index: the header value, nil if absent
}

// hasAnyRole reports whether the token holds one of a route's roles: realm
// roles are looked up among realm roles only, client roles among client
// roles only.
func (id *identity) hasAnyRole(want roleRequirement) bool {
	for _, w := range want.realm {
		if slices.Contains(id.realmRoles, w) {
			return true
		}
	}
	for _, w := range want.client {
		if slices.Contains(id.clientRoles, w) {
			return true
		}
	}
	return false
}

// heldRoles lists every role of the token for traces: realm roles, then
// client roles, in a new slice (the identity is shared between requests).
func (id *identity) heldRoles() []string {
	return slices.Concat(id.realmRoles, id.clientRoles)
}

// roleRequirement is a route's roles split the way the route file writes
// them: "client:role" is a client role, anything else a realm role.
type roleRequirement struct {
	realm  []string
	client []string // "client:role"
}

func newRoleRequirement(roles []string) roleRequirement {
	var req roleRequirement
	for _, r := range roles {
		if _, _, ok := routes.ClientRole(r); ok {
			req.client = append(req.client, r)
		} else {
			req.realm = append(req.realm, r)
		}
	}
	return req
}

// verifier checks bearer tokens locally against the issuer's keys. Verified
// tokens are cached by their raw string until they expire, so a client that
// reuses its token pays for one signature check, not one per request.
type verifier struct {
	issuer     string
	audiences  []string
	azps       []string
	leeway     time.Duration
	now        func() time.Time
	claimPaths []routes.ClaimPath

	keys  *keySet
	disco *discovery
	cache *lru.Cache[string, *identity]
}

func (v *verifier) verify(ctx context.Context, raw string) (*identity, error) {
	if id, ok := v.cache.Get(raw); ok {
		if v.now().Before(id.expiry.Add(v.leeway)) {
			return id, nil
		}
		v.cache.Remove(raw)
		return nil, invalid("token expired")
	}
	oidcVerifier, err := v.disco.verifier(ctx)
	if err != nil {
		return nil, err
	}
	var slot error
	vctx := context.WithValue(ctx, errSlotKey{}, &slot)
	tok, err := oidcVerifier.Verify(vctx, raw)
	if err != nil {
		return nil, v.explain(slot, err)
	}
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(claimsJSON(tok)))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil {
		return nil, invalid("malformed token claims")
	}
	id, err := v.check(claims)
	if err != nil {
		return nil, err
	}
	v.cache.Add(raw, id)
	return id, nil
}

func claimsJSON(tok *oidc.IDToken) []byte {
	var raw json.RawMessage
	if err := tok.Claims(&raw); err != nil {
		return nil
	}
	return raw
}

// explain turns a go-oidc failure into a short reason for the client.
func (v *verifier) explain(slot, err error) error {
	if slot != nil {
		return &tokenError{reason: slot.Error()}
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unexpected signature algorithm"):
		return invalid("token signing algorithm not accepted (asymmetric algorithms only)")
	case strings.Contains(msg, "malformed jwt"):
		return invalid("malformed token")
	case strings.Contains(msg, "different provider"):
		return invalid("token issuer is not %s", v.issuer)
	}
	return invalid("token rejected: %s", strings.TrimPrefix(msg, "oidc: "))
}

// check applies the claim rules go-oidc leaves to us: exp required, exp and
// nbf with a small leeway, accepted audiences and authorized parties.
func (v *verifier) check(claims map[string]any) (*identity, error) {
	now := v.now()
	exp, ok := numericDate(claims["exp"])
	if !ok {
		return nil, invalid("token has no exp")
	}
	if !now.Before(exp.Add(v.leeway)) {
		return nil, invalid("token expired")
	}
	if raw, present := claims["nbf"]; present {
		nbf, ok := numericDate(raw)
		if !ok {
			return nil, invalid("token nbf is not a date")
		}
		if now.Add(v.leeway).Before(nbf) {
			return nil, invalid("token not valid yet")
		}
	}
	if len(v.audiences) > 0 && !anyIn(stringList(claims["aud"]), v.audiences) {
		return nil, invalid("token audience not accepted")
	}
	if len(v.azps) > 0 {
		azp, _ := claims["azp"].(string)
		if !slices.Contains(v.azps, azp) {
			return nil, invalid("token authorized party not accepted")
		}
	}
	id := &identity{expiry: exp, values: make([][]string, len(v.claimPaths))}
	id.subject, _ = claims["sub"].(string)
	id.realmRoles, id.clientRoles = rolesOf(claims)
	for i, p := range v.claimPaths {
		if val, ok := p.Lookup(claims); ok {
			if s, ok := routes.FormatClaim(val); ok {
				id.values[i] = []string{headerSafe(s)}
			}
		}
	}
	return id, nil
}

// rolesOf reads Keycloak's role claims: realm roles from
// realm_access.roles, and client roles from resource_access.<client>.roles
// written "client:role". The two lists are never mixed.
func rolesOf(claims map[string]any) (realm, client []string) {
	if ra, ok := claims["realm_access"].(map[string]any); ok {
		realm = stringList(ra["roles"])
	}
	if res, ok := claims["resource_access"].(map[string]any); ok {
		for name, v := range res {
			if obj, ok := v.(map[string]any); ok {
				for _, r := range stringList(obj["roles"]) {
					client = append(client, name+":"+r)
				}
			}
		}
		slices.Sort(client) // map order is random; traces show a stable list
	}
	return realm, client
}

func numericDate(v any) (time.Time, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)), true
}

func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
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
// demand (a request that needs it waits for the attempt in flight).
type discovery struct {
	issuer string
	client *http.Client
	now    func() time.Time
	retry  time.Duration
	keys   *keySet
	log    *slog.Logger

	ready       atomic.Pointer[oidc.IDTokenVerifier]
	mu          sync.Mutex // held for a whole attempt: requests wait for the one in flight
	lastAttempt time.Time
	lastErr     atomic.Pointer[string] // read by Status without waiting for an attempt
}

func (d *discovery) setErr(msg string) { d.lastErr.Store(&msg) }

// fail records a failed attempt for Status and the server log (at most one
// line per retry interval, since attempts are paced by it).
func (d *discovery) fail(msg string) {
	d.setErr(msg)
	d.log.Warn("OIDC discovery failed; tokens are refused until it succeeds", "issuer", d.issuer, "err", msg)
}

func (d *discovery) errText() string {
	if p := d.lastErr.Load(); p != nil {
		return *p
	}
	return ""
}

var errNoIssuer = errors.New("no issuer configured")

func (d *discovery) verifier(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	if v := d.ready.Load(); v != nil {
		return v, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v := d.ready.Load(); v != nil {
		return v, nil
	}
	if d.issuer == "" {
		return nil, invalid("cannot verify tokens: %v", errNoIssuer)
	}
	if d.lastAttempt.IsZero() || d.now().Sub(d.lastAttempt) >= d.retry {
		d.attempt(ctx)
		if v := d.ready.Load(); v != nil {
			return v, nil
		}
	}
	return nil, &tokenError{reason: reasonIdPUnreachable, detail: "identity provider not reachable yet: " + d.errText()}
}

// attempt runs discovery once and loads the keys. Callers hold d.mu.
func (d *discovery) attempt(ctx context.Context) {
	d.lastAttempt = d.now()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, d.client), d.issuer)
	if err != nil {
		d.fail(strings.TrimPrefix(err.Error(), "oidc: "))
		return
	}
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := provider.Claims(&meta); err != nil || meta.JWKSURI == "" {
		d.fail("discovery document has no jwks_uri")
		return
	}
	d.keys.setURL(meta.JWKSURI)
	_ = d.keys.load(ctx) // a failure is kept in the key set's status and retried on demand
	d.setErr("")
	d.ready.Store(oidc.NewVerifier(d.issuer, d.keys, &oidc.Config{
		SkipClientIDCheck:    true, // audiences and azp are checked by verifier.check
		SkipExpiryCheck:      true, // exp and nbf are checked with our leeway and clock
		SupportedSigningAlgs: asymmetricAlgNames(),
		Now:                  d.now,
	}))
}

// start runs the first discovery in the background so Status shows keys
// before the first request.
func (d *discovery) start() {
	if d.issuer == "" || d.ready.Load() != nil {
		return
	}
	go func() { _, _ = d.verifier(context.Background()) }()
}

func (d *discovery) status() (ready bool, lastErr string) {
	return d.ready.Load() != nil, d.errText()
}
