// Package memkeychain is a working keychain kept in memory, for tests of
// code that keeps secrets in the OS keychain (a profile.SecretStore named
// profile.StoreKeychain). A test that needs the keychain to hang, fail or
// die on some call embeds it and overrides that call.
package memkeychain

import (
	"context"
	"sync"

	"github.com/tandemhq/tandem/backend/profile"
)

// Keychain is an in-memory keychain, safe for concurrent use; use New.
type Keychain struct {
	mu sync.Mutex
	m  map[string]string
}

// New returns an empty keychain.
func New() *Keychain { return &Keychain{m: map[string]string{}} }

// Name is the keychain store's name, as profiles record it.
func (k *Keychain) Name() string { return profile.StoreKeychain }

// Set stores secret under ref.
func (k *Keychain) Set(_ context.Context, ref, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[ref] = secret
	return nil
}

// Get returns the secret under ref, or profile.ErrSecretNotFound.
func (k *Keychain) Get(_ context.Context, ref string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[ref]
	if !ok {
		return "", profile.ErrSecretNotFound
	}
	return v, nil
}

// Delete removes the secret under ref; a missing one is not an error.
func (k *Keychain) Delete(_ context.Context, ref string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, ref)
	return nil
}

// Len is how many secrets the keychain holds.
func (k *Keychain) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}
