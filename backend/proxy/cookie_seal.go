package proxy

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CookieKeySize is the length of a cookie key: AES-256.
const CookieKeySize = 32

// sealVersion leads every sealed value, so a later format can be told apart
// from this one rather than failing to open as garbage.
const sealVersion = 1

// cookieSealer encrypts and authenticates cookie values with AES-256-GCM.
// The first key seals; every key opens, so keys rotate by putting the new
// key first and keeping the old one second until its cookies have expired.
// The cookie's name is the additional authenticated data: a value sealed
// for one cookie (the sign-in flow's) never opens as another (the session).
type cookieSealer struct {
	aeads  []cipher.AEAD
	random io.Reader // nonces; nil: crypto/rand (tests make them repeatable)
}

func newCookieSealer(keys [][]byte) (*cookieSealer, error) {
	if len(keys) == 0 {
		return nil, errors.New("no cookie key")
	}
	s := &cookieSealer{}
	for i, k := range keys {
		if len(k) != CookieKeySize {
			return nil, fmt.Errorf("cookie key %d is %d bytes, want %d", i+1, len(k), CookieKeySize)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, fmt.Errorf("cookie key %d: %w", i+1, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("cookie key %d: %w", i+1, err)
		}
		s.aeads = append(s.aeads, aead)
	}
	return s, nil
}

// sealEncoding is cookie-safe and strict: one value has one spelling.
var sealEncoding = base64.RawURLEncoding.Strict()

// seal encrypts plain for the cookie called name; the result is a cookie
// value (URL-safe base64 of version, nonce and ciphertext).
func (s *cookieSealer) seal(name string, plain []byte) (string, error) {
	aead := s.aeads[0]
	buf := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plain)+aead.Overhead())
	buf[0] = sealVersion
	random := s.random
	if random == nil {
		random = rand.Reader
	}
	if _, err := io.ReadFull(random, buf[1:]); err != nil {
		return "", fmt.Errorf("seal cookie: %w", err)
	}
	out := aead.Seal(buf, buf[1:1+aead.NonceSize()], plain, []byte(name)) //nolint:gosec // G407: the nonce was just read from random
	return sealEncoding.EncodeToString(out), nil
}

// open returns what seal sealed for the same cookie name under any of the
// keys, or false for anything else: another cookie's value, a value under
// an unknown key, a tampered or truncated value, or not base64 at all.
func (s *cookieSealer) open(name, value string) ([]byte, bool) {
	// One spelling per value: only the URL-safe alphabet, since the base64
	// decoder would skip newlines and accept another spelling of the same bytes.
	if value == "" || strings.IndexFunc(value, notURLBase64) >= 0 {
		return nil, false
	}
	raw, err := sealEncoding.DecodeString(value)
	if err != nil || len(raw) < 1 || raw[0] != sealVersion {
		return nil, false
	}
	for _, aead := range s.aeads {
		ns := aead.NonceSize()
		if len(raw) < 1+ns+aead.Overhead() {
			return nil, false
		}
		plain, err := aead.Open(nil, raw[1:1+ns], raw[1+ns:], []byte(name))
		if err == nil {
			return plain, true
		}
	}
	return nil, false
}

func notURLBase64(r rune) bool {
	return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
}
