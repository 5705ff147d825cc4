package profile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
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
	if err := sessionBusAvailable(); err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
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

// errNoSessionBus says why the keychain is unavailable on a Unix machine
// without a desktop session.
var errNoSessionBus = errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")

// sessionBusAvailable reports whether the Secret Service can be reached
// without starting anything. Without a session bus, the D-Bus library would
// run dbus-launch and leave a dbus-daemon behind for every process, so on
// Linux and the BSDs the keychain counts as unavailable then.
func sessionBusAvailable() error {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android":
		return nil
	}
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return nil
	}
	u, err := user.Current()
	if err != nil {
		return errNoSessionBus
	}
	runDir := filepath.Join("/run/user", u.Uid)
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(runDir, name)); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}
