package tester

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
)

// testKey signs tokens for the tests; generated once per test binary.
var testKey, _ = rsa.GenerateKey(rand.Reader, 2048)

// signToken builds a real RS256 token so tests can prove a variant breaks it.
func signToken(t *testing.T, claims map[string]any) string {
	t.Helper()
	h, _ := json.Marshal(map[string]any{"alg": "RS256", "typ": "JWT", "kid": "k1"})
	p, _ := json.Marshal(claims)
	signingInput := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p)
	sum := sha256.Sum256([]byte(signingInput))
	sig, err := rsa.SignPKCS1v15(rand.Reader, testKey, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// verifies reports whether the token's signature still checks out against testKey.
func verifies(t *testing.T, token string) bool {
	t.Helper()
	h, p, s, err := jwtParts(token)
	if err != nil {
		return false
	}
	sig, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return false
	}
	sum := sha256.Sum256([]byte(h + "." + p))
	return rsa.VerifyPKCS1v15(&testKey.PublicKey, crypto.SHA256, sum[:], sig) == nil
}
