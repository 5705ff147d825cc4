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
}

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
	aead, err := f.cipher(true)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("make nonce: %w", err)
	}
	sealed := append([]byte{sealedVersion}, nonce...)
	sealed = aead.Seal(sealed, nonce, []byte(secret), []byte(ref))
	return f.table.PutSealedSecret(ctx, ref, sealed)
}

func (f *FileStore) Get(ctx context.Context, ref string) (string, error) {
	sealed, err := f.table.GetSealedSecret(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("encrypted secret %s: %w", ref, ErrSecretNotFound)
	}
	if err != nil {
		return "", err
	}
	aead, err := f.cipher(false)
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

// cipher loads the key, creating it when create is true and it is missing.
func (f *FileStore) cipher(create bool) (cipher.AEAD, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.aead != nil {
		return f.aead, nil
	}
	key, err := loadKey(f.keyPath)
	if errors.Is(err, os.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("read secret key %s: the file is missing, so stored secrets cannot be decrypted; enter them again", f.keyPath)
		}
		key, err = createKey(f.keyPath)
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
