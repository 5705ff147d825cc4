package profile

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/tandemhq/tandem/backend/store"
)

// SealedTable holds ciphertext by ref; *store.DB implements it.
type SealedTable interface {
	GetSealedSecret(ctx context.Context, ref string) ([]byte, error)
	PutSealedSecret(ctx context.Context, ref string, sealed []byte) error
	DeleteSealedSecret(ctx context.Context, ref string) error
	CountSealedSecrets(ctx context.Context) (int, error)
}

// ErrKeyFileMissing is returned when the key file is gone while the
// database still holds secrets sealed with it: a new key would not open
// them, so none is made.
var ErrKeyFileMissing = errors.New("the secret key file is missing")

// ForgetSecretsCommand is how a user removes secrets whose key is lost.
const ForgetSecretsCommand = "tandemctl profiles forget-secrets"

const keySize = 32 // AES-256

// sealedVersion prefixes every ciphertext so the format can change later.
const sealedVersion = 1

// FileStore encrypts secrets with AES-256-GCM under a random key kept in a
// file readable only by the user, and stores the ciphertext in the database.
// The ref is authenticated with the ciphertext, so a sealed secret copied to
// another ref does not decrypt.
type FileStore struct {
	keyPath string
	table   SealedTable

	mu   sync.Mutex
	aead cipher.AEAD
}

// NewFileStore returns a store using the key at keyPath; the key is created
// on first use.
func NewFileStore(keyPath string, table SealedTable) *FileStore {
	return &FileStore{keyPath: keyPath, table: table}
}

func (f *FileStore) Name() string { return StoreEncryptedFile }

// KeyPath is the key file's location.
func (f *FileStore) KeyPath() string { return f.keyPath }

func (f *FileStore) Set(ctx context.Context, ref, secret string) error {
	sealed, err := f.Seal(ctx, ref, secret)
	if err != nil {
		return err
	}
	return f.table.PutSealedSecret(ctx, ref, sealed)
}

// Seal encrypts secret for ref without storing it, so the caller can store
// the ciphertext in the same transaction as the profile that uses it.
func (f *FileStore) Seal(ctx context.Context, ref, secret string) ([]byte, error) {
	aead, err := f.cipher(ctx, true)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("make nonce: %w", err)
	}
	sealed := append([]byte{sealedVersion}, nonce...)
	return aead.Seal(sealed, nonce, []byte(secret), []byte(ref)), nil
}

func (f *FileStore) Get(ctx context.Context, ref string) (string, error) {
	sealed, err := f.table.GetSealedSecret(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("encrypted secret %s: %w", ref, ErrSecretNotFound)
	}
	if err != nil {
		return "", err
	}
	aead, err := f.cipher(ctx, false)
	if err != nil {
		return "", err
	}
	ns := aead.NonceSize()
	if len(sealed) < 1+ns || sealed[0] != sealedVersion {
		return "", fmt.Errorf("decrypt secret %s: unknown format", ref)
	}
	plain, err := aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(ref))
	if err != nil {
		return "", fmt.Errorf("decrypt secret: the key file %s is not the one the secret was encrypted with (was it replaced?)", f.keyPath)
	}
	return string(plain), nil
}

func (f *FileStore) Delete(ctx context.Context, ref string) error {
	return f.table.DeleteSealedSecret(ctx, ref)
}

// cipher loads the key. When the key file is missing it creates one only
// if create is true and no secret sealed with a key is stored: a new key
// would silently orphan every such secret.
func (f *FileStore) cipher(ctx context.Context, create bool) (cipher.AEAD, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.aead != nil {
		return f.aead, nil
	}
	key, err := loadKey(f.keyPath)
	if errors.Is(err, os.ErrNotExist) {
		n, cerr := f.table.CountSealedSecrets(ctx)
		if cerr != nil {
			return nil, fmt.Errorf("read secret key %s: %w", f.keyPath, cerr)
		}
		// A secret is only ever sealed after its key file exists, so one
		// found now means either another process has just created the key
		// (read it again) or the key is really gone.
		if n > 0 {
			key, err = loadKey(f.keyPath)
		}
		if n > 0 && errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s is gone but the database holds %d secret(s) encrypted with it; restore the key file from a backup, or run %q to remove those secrets and enter them again",
				ErrKeyFileMissing, f.keyPath, n, ForgetSecretsCommand)
		}
		if n == 0 {
			if !create {
				return nil, fmt.Errorf("%w: %s is gone and no secret is stored with it", ErrKeyFileMissing, f.keyPath)
			}
			key, err = createKey(f.keyPath)
		}
	}
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("use secret key %s: %w", f.keyPath, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("use secret key %s: %w", f.keyPath, err)
	}
	f.aead = aead
	return aead, nil
}

func loadKey(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("secret key %s can be read by other users (mode %04o); refusing to use it: run chmod 600 %s",
			path, st.Mode().Perm(), path)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read secret key %s: %w", path, err)
	}
	if len(key) != keySize {
		return nil, fmt.Errorf("secret key %s has %d bytes, want %d; it is damaged", path, len(key), keySize)
	}
	return key, nil
}

// createKey writes a new random key atomically: another process creating a
// key at the same moment either wins (and both use its key) or loses.
func createKey(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create folder for secret key %s: %w", path, err)
	}
	key := make([]byte, keySize)
	if _, err := io.ReadFull(rand.Reader, key); err != nil {
		return nil, fmt.Errorf("make secret key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".secret.key-*")
	if err != nil {
		return nil, fmt.Errorf("create secret key %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return nil, fmt.Errorf("create secret key %s: %w", path, err)
	}
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("write secret key %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("write secret key %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("write secret key %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return loadKey(path)
		}
		return nil, fmt.Errorf("create secret key %s: %w", path, err)
	}
	return key, nil
}
