package profile

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Names of the secret stores, as recorded on each profile and shown in the GUI.
const (
	StoreKeychain      = "keychain"
	StoreEncryptedFile = "encrypted-file"
)

// SecretStore keeps profile secrets outside the profiles table. Refs are
// opaque random keys chosen by the Service.
type SecretStore interface {
	Name() string
	Set(ctx context.Context, ref, secret string) error
	Get(ctx context.Context, ref string) (string, error)
	Delete(ctx context.Context, ref string) error
}

// ErrSecretNotFound is returned when a store has nothing under a ref.
var ErrSecretNotFound = errors.New("secret not found")

// ErrNoSecret is returned by Secret for a profile that has no stored secret
// (for example one imported without secrets).
var ErrNoSecret = errors.New("the profile has no stored secret")

// SecretMode chooses the store for new secrets.
type SecretMode string

const (
	SecretModeAuto     SecretMode = "auto"     // keychain when it answers, else encrypted file
	SecretModeFile     SecretMode = "file"     // always the encrypted file
	SecretModeKeychain SecretMode = "keychain" // the keychain or an error
)

// ErrSecretMode is TANDEM_SECRET_STORE naming no known mode.
var ErrSecretMode = errors.New("want file, keychain or auto")

// SecretModeFromEnv reads TANDEM_SECRET_STORE (file, keychain or auto).
func SecretModeFromEnv() (SecretMode, error) {
	v := strings.ToLower(strings.TrimSpace(os.Getenv("TANDEM_SECRET_STORE")))
	switch SecretMode(v) {
	case "":
		return SecretModeAuto, nil
	case SecretModeAuto, SecretModeFile, SecretModeKeychain:
		return SecretMode(v), nil
	}
	return "", fmt.Errorf("TANDEM_SECRET_STORE=%q: %w", v, ErrSecretMode)
}

// SecretStoreInfo tells the user where new secrets go and why.
type SecretStoreInfo struct {
	Active  string `json:"active"`            // StoreKeychain or StoreEncryptedFile
	Reason  string `json:"reason"`            // one sentence: why this store
	KeyFile string `json:"keyFile,omitempty"` // the encrypted file store's key
}

// Secrets is the set of stores a Service reads from, and the one it writes
// new secrets to.
type Secrets struct {
	primary SecretStore
	byName  map[string]SecretStore
	info    SecretStoreInfo
}

// SecretOptions configures OpenSecrets.
type SecretOptions struct {
	Mode    SecretMode
	KeyFile string      // <datadir>/secret.key
	Sealed  SealedTable // where the encrypted-file store keeps ciphertext
	// Keychain overrides the OS keychain (tests); nil uses the real one.
	Keychain SecretStore
	// ProbeTimeout bounds the keychain probe (default 3 s): on a machine
	// without a Secret Service, D-Bus calls can hang.
	ProbeTimeout time.Duration
}

// OpenSecrets picks the store for new secrets according to opts.Mode.
func OpenSecrets(ctx context.Context, opts SecretOptions) (*Secrets, error) {
	if opts.ProbeTimeout <= 0 {
		opts.ProbeTimeout = 3 * time.Second
	}
	file := NewFileStore(opts.KeyFile, opts.Sealed)
	keychain := opts.Keychain
	if keychain == nil {
		keychain = NewKeychainStore(opts.ProbeTimeout * 2)
	}
	s := &Secrets{byName: map[string]SecretStore{StoreEncryptedFile: file, StoreKeychain: keychain}}
	fileInfo := SecretStoreInfo{Active: StoreEncryptedFile, KeyFile: opts.KeyFile}

	switch opts.Mode {
	case SecretModeFile:
		s.primary = file
		fileInfo.Reason = "TANDEM_SECRET_STORE=file: secrets are encrypted with the key file."
		s.info = fileInfo
	case SecretModeKeychain, SecretModeAuto, "":
		err := probe(ctx, keychain, opts.ProbeTimeout)
		if err == nil {
			s.primary = keychain
			s.info = SecretStoreInfo{Active: StoreKeychain, Reason: "Secrets are kept in the OS keychain."}
			break
		}
		if opts.Mode == SecretModeKeychain {
			return nil, fmt.Errorf("use the OS keychain (TANDEM_SECRET_STORE=keychain): %w", err)
		}
		s.primary = file
		fileInfo.Reason = "The OS keychain is not available (" + err.Error() + "): secrets are encrypted with the key file."
		s.info = fileInfo
	default:
		return nil, fmt.Errorf("unknown secret store mode %q", opts.Mode)
	}
	return s, nil
}

// Info says which store takes new secrets.
func (s *Secrets) Info() SecretStoreInfo { return s.info }

// Primary is the store new secrets go to.
func (s *Secrets) Primary() SecretStore { return s.primary }

func (s *Secrets) store(name string) (SecretStore, error) {
	st, ok := s.byName[name]
	if !ok {
		return nil, fmt.Errorf("unknown secret store %q", name)
	}
	return st, nil
}

// probe writes, reads back and deletes a throwaway item, bounded by timeout.
func probe(ctx context.Context, st SecretStore, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ref := "probe-" + newRef()
	want := newRef()
	if err := st.Set(ctx, ref, want); err != nil {
		return err
	}
	// The probe's value is random and protects nothing: failing to remove it must not fail the probe.
	defer func() { _ = st.Delete(context.WithoutCancel(ctx), ref) }()
	got, err := st.Get(ctx, ref)
	if err != nil {
		return err
	}
	if got != want {
		return errors.New("the keychain returned a different value than was stored")
	}
	return nil
}

// newRef is a random key for a secret, unique across databases that share
// one OS keychain.
func newRef() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}
