package proxy

import (
	"bytes"
	"crypto"
	"crypto/fips140"
	"crypto/rsa"

	"filippo.io/bigmod"
)

// rsaKey is an RSA JWKS key ready for RS256, RS384 and RS512 checks: its
// modulus (with the Montgomery constants) and, for each hash, the constant
// part of the expected EMSA-PKCS1-v1_5 block are computed once, when the
// JWKS is loaded. crypto/rsa rebuilds the modulus from the public key's
// big.Int on every VerifyPKCS1v15 call (Go caches precomputed values for
// private keys only), which is about a third of each check. The check
// itself is crypto/rsa's: the same bigmod arithmetic (filippo.io/bigmod is
// Go's crypto/internal/fips140/bigmod, exported), the same rules, and the
// decoded block compared in full with the one expected, never parsed
// (TestRSAKeyMatchesCryptoRSA, FuzzRSAKeyMatchesCryptoRSA).
type rsaKey struct {
	pub *rsa.PublicKey
	// n is nil for a key this check does not take on: crypto/rsa verifies
	// (or refuses) with it, exactly as before.
	n *bigmod.Modulus
	e uint
	// prefix holds, per hash of pkcs1Hashes, the expected block up to the
	// digest: 0x00 0x01 0xFF…0xFF 0x00 ‖ the hash's DigestInfo prefix.
	prefix [len(pkcs1Hashes)][]byte
}

// pkcs1Hashes are the hashes of RS256, RS384 and RS512, and digestInfo
// their DER DigestInfo prefixes (RFC 8017 9.2, note 1), as in crypto/rsa.
var (
	pkcs1Hashes = [...]crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512}
	digestInfo  = [len(pkcs1Hashes)][]byte{
		{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
		{0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
		{0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
	}
)

// minRSABits is crypto/rsa's minimum key size: smaller keys are refused
// (unless GODEBUG=rsa1024min=0), so they are left to crypto/rsa.
const minRSABits = 1024

// newRSAKey precomputes what a PKCS #1 v1.5 check with pub needs. A key
// crypto/rsa would refuse (no modulus, an even one, fewer than 1024 bits,
// an exponent below 3, even or above 2³¹−1), and every key in FIPS 140
// mode, is left to crypto/rsa, so it keeps refusing or accepting them by
// its own rules.
func newRSAKey(pub *rsa.PublicKey) *rsaKey {
	k := &rsaKey{pub: pub}
	if fips140.Enabled() || pub.N == nil || pub.N.BitLen() < minRSABits || pub.N.Bit(0) == 0 ||
		pub.E < 3 || pub.E&1 == 0 || pub.E > 1<<31-1 {
		return k
	}
	n, err := bigmod.NewModulus(pub.N.Bytes())
	if err != nil {
		return k
	}
	size := n.Size()
	var prefix [len(pkcs1Hashes)][]byte
	for i, h := range pkcs1Hashes {
		// EM = 0x00 ‖ 0x01 ‖ PS (at least 8 bytes 0xFF) ‖ 0x00 ‖ DigestInfo ‖ digest
		tail := len(digestInfo[i]) + h.Size()
		if size < tail+11 {
			return k // too small for this hash: crypto/rsa refuses
		}
		p := make([]byte, size-h.Size())
		p[1] = 0x01
		for j := 2; j < size-tail-1; j++ {
			p[j] = 0xff
		}
		copy(p[size-tail:], digestInfo[i])
		prefix[i] = p
	}
	k.n, k.e, k.prefix = n, uint(pub.E), prefix
	return k
}

// verifyPKCS1v15 reports whether sig is a PKCS #1 v1.5 signature of the
// digest hashed made with hash h, by crypto/rsa's rules: the signature is
// as long as the modulus and, read as a number, less than it; s^e mod n is
// the expected block byte for byte.
func (k *rsaKey) verifyPKCS1v15(h crypto.Hash, hashed, sig []byte) bool {
	prefix := k.prefixFor(h)
	if k.n == nil || prefix == nil {
		return rsa.VerifyPKCS1v15(k.pub, h, hashed, sig) == nil
	}
	if len(sig) != k.n.Size() || len(hashed) != h.Size() {
		return false
	}
	s, err := bigmod.NewNat().SetBytes(sig, k.n)
	if err != nil {
		return false // s ≥ n
	}
	em := s.ExpShortVarTime(s, k.e, k.n).Bytes(k.n)
	return bytes.Equal(em[:len(prefix)], prefix) && bytes.Equal(em[len(prefix):], hashed)
}

func (k *rsaKey) prefixFor(h crypto.Hash) []byte {
	for i, known := range pkcs1Hashes {
		if h == known {
			return k.prefix[i]
		}
	}
	return nil
}

// verificationKey is the form of a JWKS key that signedBy checks with:
// an RSA key with its precomputation, any other key as it is.
func verificationKey(key any) any {
	if pub, ok := key.(*rsa.PublicKey); ok && pub != nil {
		return newRSAKey(pub)
	}
	return key
}
