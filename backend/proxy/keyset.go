package proxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

func asymmetricAlgNames() []string {
	names := make([]string, len(asymmetricAlgs))
	for i, a := range asymmetricAlgs {
		names[i] = string(a)
	}
	return names
}

// Reasons a signature check fails; the handler turns them into the
// error_description of the 401.
var (
	errMalformed    = errors.New("malformed token")
	errUnknownKey   = errors.New("token signed with an unknown key")
	errBadSignature = errors.New("token signature is invalid")
	errNoKeys       = errors.New("no signing keys loaded from the identity provider yet")
)

// keySet is an oidc.KeySet over the issuer's JWKS. Unlike go-oidc's
// RemoteKeySet it refetches only when a token names a key id it has not seen,
// at most once per cooldown, and keeps the keys it has when a fetch fails, so
// neither forged tokens nor an IdP outage can turn into a fetch storm or an
// outage of the proxy.
type keySet struct {
	client   *http.Client
	now      func() time.Time
	cooldown time.Duration // between refetches once keys are loaded
	retry    time.Duration // between fetches while no key was ever loaded

	mu   sync.RWMutex
	url  string
	keys []jose.JSONWebKey
	// lastAttempt is the last fetch of any kind, the load after discovery
	// included: it paces retries while no key is loaded. lastRefetch is the
	// last fetch triggered by a token naming an unknown kid: it alone starts
	// the cooldown, so a key rotated in right after start is fetched at once.
	lastAttempt time.Time
	lastRefetch time.Time
	lastRefresh time.Time
	lastErr     string

	fetchMu sync.Mutex // one fetch at a time; waiters then see its result
	fetches atomic.Int64
}

// errSlot lets VerifySignature hand its typed error past go-oidc, which
// flattens it into a string.
type errSlotKey struct{}

func (ks *keySet) setURL(u string) {
	ks.mu.Lock()
	ks.url = u
	ks.mu.Unlock()
}

// VerifySignature implements oidc.KeySet.
func (ks *keySet) VerifySignature(ctx context.Context, raw string) ([]byte, error) {
	payload, err := ks.verify(ctx, raw)
	if err != nil {
		if slot, ok := ctx.Value(errSlotKey{}).(*error); ok {
			*slot = err
		}
	}
	return payload, err
}

func (ks *keySet) verify(ctx context.Context, raw string) ([]byte, error) {
	jws, err := jose.ParseSigned(raw, asymmetricAlgs)
	if err != nil || len(jws.Signatures) != 1 {
		return nil, errMalformed
	}
	hdr := jws.Signatures[0].Header
	keys := ks.candidates(hdr.KeyID)
	if len(keys) == 0 {
		if err := ks.refresh(ctx, hdr.KeyID); err != nil {
			return nil, err
		}
		if keys = ks.candidates(hdr.KeyID); len(keys) == 0 {
			if ks.count() == 0 {
				return nil, errNoKeys
			}
			return nil, errUnknownKey
		}
	}
	for i := range keys {
		k := &keys[i]
		if k.Use == "enc" || (k.Algorithm != "" && k.Algorithm != hdr.Algorithm) {
			continue
		}
		if payload, err := jws.Verify(k); err == nil {
			return payload, nil
		}
	}
	return nil, errBadSignature
}

// candidates returns the keys a token with this kid may be checked against:
// the key with that id, or every key when the token names none.
func (ks *keySet) candidates(kid string) []jose.JSONWebKey {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	if kid == "" {
		return ks.keys
	}
	for i := range ks.keys {
		if ks.keys[i].KeyID == kid {
			return ks.keys[i : i+1]
		}
	}
	return nil
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
// since any attempt. Concurrent callers wait for one fetch.
func (ks *keySet) refresh(ctx context.Context, kid string) error {
	ks.fetchMu.Lock()
	defer ks.fetchMu.Unlock()
	if kid != "" && len(ks.candidates(kid)) > 0 {
		return nil // fetched while we waited
	}
	ks.mu.RLock()
	wait, last := ks.cooldown, ks.lastRefetch
	if len(ks.keys) == 0 {
		wait, last = ks.retry, ks.lastAttempt
	}
	ks.mu.RUnlock()
	if !last.IsZero() && ks.now().Sub(last) < wait {
		return nil // within the cooldown: the caller reports the kid as unknown
	}
	return ks.fetch(ctx, true)
}

// load fetches the JWKS after discovery. It is not a refetch: it starts no
// cooldown.
func (ks *keySet) load(ctx context.Context) error {
	ks.fetchMu.Lock()
	defer ks.fetchMu.Unlock()
	return ks.fetch(ctx, false)
}

// fetch downloads the JWKS now; refetch marks one triggered by an unknown
// kid. On failure the old keys stay in use. Callers hold fetchMu.
func (ks *keySet) fetch(ctx context.Context, refetch bool) error {
	ks.mu.Lock()
	url := ks.url
	ks.lastAttempt = ks.now()
	if refetch {
		ks.lastRefetch = ks.lastAttempt
	}
	ks.mu.Unlock()
	if url == "" {
		return errNoKeys
	}
	ks.fetches.Add(1)
	keys, err := ks.download(context.WithoutCancel(ctx), url)
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if err != nil {
		ks.lastErr = err.Error()
		return nil // keep serving with the keys we have
	}
	ks.keys, ks.lastRefresh, ks.lastErr = keys, ks.now(), ""
	return nil
}

func (ks *keySet) download(ctx context.Context, url string) ([]jose.JSONWebKey, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := ks.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch JWKS: %s answered %s", url, resp.Status)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("fetch JWKS: decode %s: %w", url, err)
	}
	// Keep public asymmetric keys only: a symmetric ("oct") key in a JWKS
	// would otherwise let HS* tokens through.
	keys := make([]jose.JSONWebKey, 0, len(set.Keys))
	for _, k := range set.Keys {
		if k.Valid() && k.IsPublic() && k.Use != "enc" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("fetch JWKS: %s has no public signing keys", url)
	}
	return keys, nil
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
