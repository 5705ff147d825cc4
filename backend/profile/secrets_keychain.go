package profile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// keychainService is the service name Tandem's items carry in the OS keychain.
const keychainService = "tandem"

// KeychainStore keeps secrets in the OS keychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows). Every call is bounded:
// a keychain that does not answer must not freeze the app.
type KeychainStore struct {
	timeout time.Duration
}

// NewKeychainStore returns the OS keychain store; timeout bounds each call.
func NewKeychainStore(timeout time.Duration) *KeychainStore {
	return &KeychainStore{timeout: timeout}
}

func (k *KeychainStore) Name() string { return StoreKeychain }

func (k *KeychainStore) Set(ctx context.Context, ref, secret string) error {
	_, err := k.call(ctx, "save secret in the OS keychain", func() (string, error) {
		return "", keyring.Set(keychainService, ref, secret)
	})
	return err
}

func (k *KeychainStore) Get(ctx context.Context, ref string) (string, error) {
	return k.call(ctx, "read secret from the OS keychain", func() (string, error) {
		return keyring.Get(keychainService, ref)
	})
}

func (k *KeychainStore) Delete(ctx context.Context, ref string) error {
	_, err := k.call(ctx, "delete secret from the OS keychain", func() (string, error) {
		err := keyring.Delete(keychainService, ref)
		if errors.Is(err, keyring.ErrNotFound) {
			return "", nil
		}
		return "", err
	})
	return err
}

// call runs fn in a goroutine so a hung D-Bus call cannot block the caller
// past the timeout. The goroutine is abandoned in that case.
func (k *KeychainStore) call(ctx context.Context, what string, fn func() (string, error)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, k.timeout)
	defer cancel()
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := fn()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", fmt.Errorf("%s: %w", what, ErrSecretNotFound)
		}
		if r.err != nil {
			return "", fmt.Errorf("%s: %w", what, r.err)
		}
		return r.v, nil
	case <-ctx.Done():
		return "", fmt.Errorf("%s: no answer within %s", what, k.timeout)
	}
}
