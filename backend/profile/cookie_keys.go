package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/store"
)

// A profile's cookie keys seal its proxy's browser sessions. They are kept
// as one profile secret (a JSON list, newest first), so every start of the
// app's proxy or of `tandemctl proxy --profile` accepts the cookies the
// last one set: a restart signs no browser out.

// CookieKey is one key: standard base64 of 32 bytes, as TANDEM_COOKIE_KEYS
// takes it. It never leaves the backend except to the proxy.
type CookieKey struct {
	Key     string    `json:"key"`
	Created time.Time `json:"created" ts_type:"string"`
}

// MaxCookieKeys bounds the keys a profile keeps: a rotation past it drops
// the oldest, whose sessions are long expired by then in any normal use.
const MaxCookieKeys = 5

// CookieKeyInfo describes one key without its value.
type CookieKeyInfo struct {
	Created time.Time `json:"created" ts_type:"string"`
	// Seals is true for the first key, the one new cookies are sealed
	// with; every key opens cookies.
	Seals bool `json:"seals"`
}

// CookieKeysInfo is what the Proxy screen shows of the profile's keys.
type CookieKeysInfo struct {
	Keys []CookieKeyInfo `json:"keys"`
}

// CookieKeys returns the profile's cookie keys, the sealing one first,
// making the first key when it has none yet.
func (s *Service) CookieKeys(ctx context.Context, id int64) ([]CookieKey, error) {
	return s.updateCookieKeys(ctx, id, func(keys []CookieKey) ([]CookieKey, bool, error) {
		if len(keys) > 0 {
			return keys, false, nil
		}
		k, err := newCookieKey()
		return []CookieKey{k}, true, err
	})
}

// CookieKeysInfo describes the profile's cookie keys; none when no proxy
// has needed one yet.
func (s *Service) CookieKeysInfo(ctx context.Context, id int64) (CookieKeysInfo, error) {
	keys, _, err := s.readCookieKeys(ctx, id)
	if err != nil {
		return CookieKeysInfo{}, err
	}
	return describeKeys(keys), nil
}

// RotateCookieKeys puts a new key first, so new cookies are sealed with it,
// and keeps the others after it, so sessions sealed before still open.
func (s *Service) RotateCookieKeys(ctx context.Context, id int64) (CookieKeysInfo, error) {
	keys, err := s.updateCookieKeys(ctx, id, func(keys []CookieKey) ([]CookieKey, bool, error) {
		k, err := newCookieKey()
		if err != nil {
			return nil, false, err
		}
		out := append([]CookieKey{k}, keys...)
		return out[:min(len(out), MaxCookieKeys)], true, nil
	})
	if err != nil {
		return CookieKeysInfo{}, fmt.Errorf("rotate the cookie keys of profile %d: %w", id, err)
	}
	return describeKeys(keys), nil
}

// DropOldCookieKeys keeps only the sealing key: sessions sealed with any
// other no longer open, and their browsers sign in again.
func (s *Service) DropOldCookieKeys(ctx context.Context, id int64) (CookieKeysInfo, error) {
	keys, err := s.updateCookieKeys(ctx, id, func(keys []CookieKey) ([]CookieKey, bool, error) {
		if len(keys) <= 1 {
			return keys, false, nil
		}
		return keys[:1], true, nil
	})
	if err != nil {
		return CookieKeysInfo{}, fmt.Errorf("drop the old cookie keys of profile %d: %w", id, err)
	}
	return describeKeys(keys), nil
}

// updateCookieKeys reads the keys, lets fn change them and, when fn says
// they changed, stores them if nobody else did meanwhile (else it reads
// again and fn decides afresh).
func (s *Service) updateCookieKeys(ctx context.Context, id int64, fn func([]CookieKey) ([]CookieKey, bool, error)) ([]CookieKey, error) {
	for range maxSwapAttempts {
		keys, ref, err := s.readCookieKeys(ctx, id)
		if err != nil {
			return nil, err
		}
		next, changed, err := fn(keys)
		if err != nil || !changed {
			return next, err
		}
		body, err := json.Marshal(next)
		if err != nil {
			return nil, err
		}
		err = s.swapExtraSecret(ctx, id, purposeCookieKeys, ref, string(body))
		if errors.Is(err, store.ErrSecretChanged) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return next, nil
	}
	return nil, fmt.Errorf("save the cookie keys of profile %d: %w", id, store.ErrSecretChanged)
}

func (s *Service) readCookieKeys(ctx context.Context, id int64) ([]CookieKey, string, error) {
	v, ref, err := s.readExtraSecret(ctx, id, purposeCookieKeys)
	if err != nil || ref == "" {
		return nil, ref, err
	}
	var keys []CookieKey
	if err := json.Unmarshal([]byte(v), &keys); err != nil {
		// No detail from the decoder: it could quote key material.
		return nil, "", fmt.Errorf("read the cookie keys of profile %d: the stored value is not a key list", id)
	}
	return keys, ref, nil
}

func newCookieKey() (CookieKey, error) {
	k, err := proxy.NewCookieKey()
	if err != nil {
		return CookieKey{}, err
	}
	return CookieKey{Key: k, Created: time.Now().UTC().Truncate(time.Second)}, nil
}

// cookieKeysText is keys in the form proxy.ParseCookieKeys reads.
func cookieKeysText(keys []CookieKey) string {
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k.Key
	}
	return strings.Join(lines, "\n")
}

func describeKeys(keys []CookieKey) CookieKeysInfo {
	out := CookieKeysInfo{Keys: make([]CookieKeyInfo, len(keys))}
	for i, k := range keys {
		out.Keys[i] = CookieKeyInfo{Created: k.Created, Seals: i == 0}
	}
	return out
}
