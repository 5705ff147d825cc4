package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// asymmetricAlgs are the only signing algorithms the proxy accepts. Leaving
// out "none" and every HS* algorithm closes the classic confusions (an
// unsigned token, or an HMAC keyed with the public key's bytes).
var asymmetricAlgs = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512,
	jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512,
	jose.EdDSA,
}

// Reasons a signature check fails; the handler turns them into the
// error_description of the 401.
var (
	errUnknownKey   = &tokenError{kind: kindUnknownKey, reason: "token signed with an unknown key"}
	errBadSignature = &tokenError{kind: kindBadSignature, reason: "token signature is invalid"}
	errNoKeys       = &tokenError{kind: kindNoKeys, reason: "no signing keys loaded from the identity provider yet"}
)

// keySet holds the issuer's JWKS. Unlike go-oidc's RemoteKeySet it refetches
// only when a token names a key id it has not seen, at most once per
// cooldown, and keeps the keys it has when a fetch fails, so neither forged
// tokens nor an IdP outage can turn into a fetch storm or an outage of the
// proxy.
type keySet struct {
	client   *http.Client
	log      *slog.Logger
	now      func() time.Time
	cooldown time.Duration // between refetches once keys are loaded
	retry    time.Duration // between fetches while no key was ever loaded
	timeout  time.Duration // one refetch (0: defaultIdPAttemptTimeout)

	mu    sync.RWMutex
	url   string
	keys  []jwk
	byKid map[string][]jwk // a kid may name several keys: all are tried
	// lastAttempt is the last fetch of any kind, the load after discovery
	// included: it paces retries while no key is loaded. lastRefetch is the
	// last fetch triggered by a token naming an unknown kid: it alone starts
	// the cooldown, so a key rotated in right after start is fetched at once.
	lastAttempt time.Time
	lastRefetch time.Time
	lastRefresh time.Time
	lastErr     string

	flight  flight // one fetch at a time; requests arriving meanwhile take its result
	fetches atomic.Int64
	onFetch func(ok bool) // told of each fetch's result (metrics); may be nil
}

func (ks *keySet) setURL(u string) {
	ks.mu.Lock()
	ks.url = u
	ks.mu.Unlock()
}

// verify checks the signature of a parsed compact JWS against the keys,
// refetching them (paced) when the token names a kid the set lacks, and
// returns the verified payload. A signature that does not verify with a
// known key never causes a fetch.
func (ks *keySet) verify(ctx context.Context, jws *compactJWS) ([]byte, error) {
	keys := ks.candidates(jws.kid)
	if len(keys) == 0 {
		if err := ks.refresh(ctx, jws.kid); err != nil {
			return nil, err
		}
		if keys = ks.candidates(jws.kid); len(keys) == 0 {
			if ks.count() == 0 {
				return nil, errNoKeys
			}
			return nil, errUnknownKey
		}
	}
	for i := range keys {
		k := &keys[i]
		if k.Algorithm != "" && k.Algorithm != string(jws.alg) {
			continue
		}
		if jws.signedBy(k.check) {
			return jws.payload, nil
		}
	}
	return nil, errBadSignature
}

// candidates returns the keys a token with this kid may be checked against:
// every key with that id, or every key when the token names none. The slices
// are never modified once published, so callers read them without the lock.
func (ks *keySet) candidates(kid string) []jwk {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	if kid == "" {
		return ks.keys
	}
	return ks.byKid[kid]
}

func (ks *keySet) count() int {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	return len(ks.keys)
}

// refresh refetches the JWKS for a token naming an unknown kid. With keys
// loaded, the first refetch happens at once and later ones wait for the
// cooldown since the previous refetch; the load after discovery does not
// count. While no key is loaded, fetches are paced by the retry interval
// since any attempt. Callers arriving while a fetch runs take its result
// rather than starting one of their own after it.
func (ks *keySet) refresh(ctx context.Context, kid string) error {
	if !ks.due(kid) && !ks.flight.busy() {
		return nil // within the cooldown: the caller reports the kid as unknown
	}
	err := ks.flight.do(ctx, func() error {
		if !ks.due(kid) {
			return nil // a fetch finished just before this one started
		}
		fctx, cancel := context.WithTimeout(context.Background(), ks.attemptTimeout())
		defer cancel()
		ks.fetch(fctx, true)
		return nil
	})
	if err != nil {
		return &tokenError{kind: kindIdPUnreachable, reason: reasonIdPUnreachable, detail: "gave up waiting for the JWKS: " + err.Error()}
	}
	return nil
}

// due reports whether a token naming kid may trigger a fetch now.
func (ks *keySet) due(kid string) bool {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	if kid != "" && len(ks.byKid[kid]) > 0 {
		return false // fetched since the caller looked
	}
	wait, last := ks.cooldown, ks.lastRefetch
	if len(ks.keys) == 0 {
		wait, last = ks.retry, ks.lastAttempt
	}
	return last.IsZero() || ks.now().Sub(last) >= wait
}

func (ks *keySet) attemptTimeout() time.Duration {
	if ks.timeout > 0 {
		return ks.timeout
	}
	return defaultIdPAttemptTimeout
}

// load fetches the JWKS after discovery, within the discovery attempt's
// ctx. It is not a refetch: it starts no cooldown.
func (ks *keySet) load(ctx context.Context) {
	_ = ks.flight.do(ctx, func() error {
		ks.fetch(ctx, false)
		return nil
	})
}

// fetch downloads the JWKS now; refetch marks one triggered by an unknown
// kid. On failure the old keys stay in use and the failure goes to the
// server log and Status. Callers run it inside ks.flight.
func (ks *keySet) fetch(ctx context.Context, refetch bool) {
	ks.mu.Lock()
	url := ks.url
	ks.lastAttempt = ks.now()
	if refetch {
		ks.lastRefetch = ks.lastAttempt
	}
	ks.mu.Unlock()
	if url == "" {
		return
	}
	ks.fetches.Add(1)
	keys, err := ks.download(ctx, url)
	if ks.onFetch != nil {
		ks.onFetch(err == nil)
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if err != nil {
		ks.lastErr = err.Error()
		ks.log.Warn("JWKS fetch failed; keeping the keys already loaded", "jwks", url, "keys_loaded", len(ks.keys), "err", err)
		return
	}
	ks.keys, ks.byKid, ks.lastRefresh, ks.lastErr = keys, indexByKid(keys), ks.now(), ""
}

// jwk is a JWKS key as the set holds it: check is its Key in the form
// signedBy verifies with (verificationKey), so what a signature check can
// compute from the key alone is computed once per fetch, not per token.
type jwk struct {
	jose.JSONWebKey
	check any
}

func indexByKid(keys []jwk) map[string][]jwk {
	byKid := make(map[string][]jwk, len(keys))
	for _, k := range keys {
		byKid[k.KeyID] = append(byKid[k.KeyID], k)
	}
	return byKid
}

func (ks *keySet) download(ctx context.Context, url string) ([]jwk, error) {
	body, err := getIdPDocument(ctx, ks.client, url, "JWKS")
	if err != nil {
		return nil, err
	}
	keys, skipped, err := parseJWKS(body)
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: decode %s: %w", url, err)
	}
	for _, s := range skipped {
		if s.expected {
			// Keycloak publishes an RSA-OAEP encryption key in every realm:
			// not using it for signatures is normal, not worth a warning.
			ks.log.Debug("JWKS key skipped", "jwks", url, "kid", s.kid, "reason", s.why)
			continue
		}
		ks.log.Warn("JWKS key skipped", "jwks", url, "kid", s.kid, "reason", s.why)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("fetch JWKS: %s has no usable public signing keys (%d skipped)", url, len(skipped))
	}
	ready := make([]jwk, len(keys))
	for i, k := range keys {
		ready[i] = jwk{JSONWebKey: k, check: verificationKey(k.Key)}
	}
	return ready, nil
}

// skippedKey is a JWKS entry the proxy cannot or must not use, and why;
// expected marks one a healthy IdP publishes anyway (an encryption key).
type skippedKey struct {
	kid, why string
	expected bool
}

// parseJWKS reads a JWKS key by key. go-jose decodes a whole set or nothing:
// one key of a type or curve it does not support (an X25519 or Ed448 OKP
// key, an unknown kty) would otherwise cost every key next to it.
func parseJWKS(body []byte) (keys []jose.JSONWebKey, skipped []skippedKey, err error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, nil, err
	}
	for i, raw := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil {
			skipped = append(skipped, skippedKey{kid: rawKid(raw, i), why: err.Error()})
			continue
		}
		if why := unusable(k); why != "" {
			skipped = append(skipped, skippedKey{kid: rawKid(raw, i), why: why, expected: k.Use == "enc" && k.IsPublic()})
			continue
		}
		keys = append(keys, k)
	}
	return keys, skipped, nil
}

// unusable says why a decoded key must not verify tokens, or "".
func unusable(k jose.JSONWebKey) string {
	switch {
	case !k.Valid():
		return "invalid key"
	case !k.IsPublic():
		// A symmetric ("oct") key would let HS* tokens through; a private
		// key has no business in a published JWKS.
		return "not a public key"
	case k.Use == "enc":
		return "an encryption key (use enc)"
	}
	return ""
}

// rawKid names a JWKS entry for the log: its kid, kty and crv as far as
// they can be read, else its position.
func rawKid(raw json.RawMessage, i int) string {
	var h struct {
		Kid any `json:"kid"`
		Kty any `json:"kty"`
		Crv any `json:"crv"`
	}
	_ = json.Unmarshal(raw, &h)
	s := fmt.Sprintf("#%d", i)
	if h.Kid != nil {
		s = fmt.Sprintf("%v", h.Kid)
	}
	if h.Kty != nil {
		s += fmt.Sprintf(" (kty %v", h.Kty)
		if h.Crv != nil {
			s += fmt.Sprintf(", crv %v", h.Crv)
		}
		s += ")"
	}
	return s
}

// snapshot reports the loaded key ids and fetch state for Status.
func (ks *keySet) snapshot() (kids []string, lastRefresh time.Time, lastErr string) {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	for _, k := range ks.keys {
		kids = append(kids, k.KeyID)
	}
	sort.Strings(kids)
	return kids, ks.lastRefresh, ks.lastErr
}
