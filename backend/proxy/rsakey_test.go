package proxy

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
)

// pkcs1Key is an RSA key of the conformance tests with its raw private
// operation, so that any block can be signed, a malformed one included,
// and handled saying whether newRSAKey must take it on (crypto/rsa
// accepts it) or leave it to crypto/rsa (which refuses it).
type pkcs1Key struct {
	name    string
	pub     *rsa.PublicKey
	d       *big.Int // nil: no private exponent (the key has no valid signatures)
	p, q    *big.Int // the primes, for a faster private operation (CRT)
	handled bool
}

// sign returns em^d mod n as a signature of the modulus's size (em must be
// less than n).
func (k pkcs1Key) sign(em []byte) []byte {
	size := (k.pub.N.BitLen() + 7) / 8
	m := new(big.Int).SetBytes(em)
	if k.d != nil {
		// m^d mod n from m^d mod p and m^d mod q: a quarter of the work.
		one := big.NewInt(1)
		mp := new(big.Int).Exp(m, new(big.Int).Mod(k.d, new(big.Int).Sub(k.p, one)), k.p)
		mq := new(big.Int).Exp(m, new(big.Int).Mod(k.d, new(big.Int).Sub(k.q, one)), k.q)
		h := new(big.Int).Sub(mp, mq)
		h.Mul(h, new(big.Int).ModInverse(k.q, k.p)).Mod(h, k.p)
		m = h.Mul(h, k.q).Add(h, mq)
	}
	return m.FillBytes(make([]byte, max(size, (m.BitLen()+7)/8)))
}

// newPKCS1Key makes a key of two primes of pBits and qBits (so a modulus of
// exactly pBits+qBits bits: rand.Prime sets each prime's two top bits) and
// public exponent e, which crypto/rsa.GenerateKey cannot (it always uses
// 65537 and refuses sizes under 1024 bits).
func newPKCS1Key(t testing.TB, name string, pBits, qBits, e int, handled bool) pkcs1Key {
	t.Helper()
	one := big.NewInt(1)
	for {
		p, err := rand.Prime(rand.Reader, pBits)
		if err != nil {
			t.Fatal(err)
		}
		q, err := rand.Prime(rand.Reader, qBits)
		if err != nil {
			t.Fatal(err)
		}
		pm, qm := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		lambda := new(big.Int).Div(new(big.Int).Mul(pm, qm), new(big.Int).GCD(nil, nil, pm, qm))
		d := new(big.Int).ModInverse(big.NewInt(int64(e)), lambda)
		if p.Cmp(q) == 0 || d == nil {
			continue // e not invertible modulo λ(n): other primes
		}
		return pkcs1Key{name: name, pub: &rsa.PublicKey{N: new(big.Int).Mul(p, q), E: e}, d: d, p: p, q: q, handled: handled}
	}
}

func generatedPKCS1Key(t testing.TB, bits int) pkcs1Key {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	return pkcs1Key{name: fmt.Sprintf("%d-bit, e=65537", bits), pub: &priv.PublicKey, d: priv.D, p: priv.Primes[0], q: priv.Primes[1], handled: true}
}

var (
	pkcs1KeysOnce sync.Once
	pkcs1Keys     []pkcs1Key
)

// pkcs1TestKeys are made once per test binary: the 4096-bit key alone takes
// a second or more to generate.
func pkcs1TestKeys(t testing.TB) []pkcs1Key {
	pkcs1KeysOnce.Do(func() {
		for _, bits := range []int{1024, 2048, 2048, 3072, 4096} {
			pkcs1Keys = append(pkcs1Keys, generatedPKCS1Key(t, bits))
		}
		pkcs1Keys[2].name += " (another)"
		even := newPKCS1Key(t, "even modulus", 1024, 1024, 65537, false)
		even.pub.N.Lsh(even.pub.N, 1)
		even.d = nil
		pkcs1Keys = append(pkcs1Keys,
			newPKCS1Key(t, "2048-bit, e=3", 1024, 1024, 3, true),
			newPKCS1Key(t, "1024-bit, e=3", 512, 512, 3, true),
			newPKCS1Key(t, "2047-bit (not whole bytes), e=65537", 1024, 1023, 65537, true),
			newPKCS1Key(t, "1025-bit, e=2³¹−1", 513, 512, 1<<31-1, true),
			// Keys crypto/rsa refuses: they must stay refused.
			newPKCS1Key(t, "1023-bit (under crypto/rsa's minimum)", 512, 511, 65537, false),
			newPKCS1Key(t, "768-bit", 384, 384, 65537, false),
			newPKCS1Key(t, "e=1", 1024, 1024, 1, false),
			newPKCS1Key(t, "e=2³²+15 (over 2³¹−1)", 1024, 1024, 1<<32+15, false),
			even,
		)
	})
	if len(pkcs1Keys) == 0 {
		t.Fatal("no test keys")
	}
	return pkcs1Keys
}

// emsa is the EMSA-PKCS1-v1_5 block of size bytes for a digest with the
// given DigestInfo prefix: 0x00 0x01 0xFF… 0x00 ‖ prefix ‖ digest.
func emsa(size int, prefix, digest []byte) []byte {
	em := bytes.Repeat([]byte{0xff}, size)
	em[0], em[1] = 0x00, 0x01
	tail := len(prefix) + len(digest)
	em[size-tail-1] = 0x00
	copy(em[size-tail:], prefix)
	copy(em[size-len(digest):], digest)
	return em
}

func hashOf(h crypto.Hash, msg string) []byte {
	w := h.New()
	w.Write([]byte(msg))
	return w.Sum(nil)
}

// pkcs1Case is one signature to check with one key and hash.
type pkcs1Case struct {
	name   string
	sig    []byte
	digest []byte // nil: the digest of "header.payload"
	valid  bool   // a genuine signature: crypto/rsa accepts it if the key is handled
}

// pkcs1Cases are the signatures checked against key with hash h (index hi
// of pkcs1Hashes): a genuine one and ways to get each rule wrong.
func pkcs1Cases(t *testing.T, key pkcs1Key, keys []pkcs1Key, hi int) []pkcs1Case {
	h := pkcs1Hashes[hi]
	size := (key.pub.N.BitLen() + 7) / 8
	digest := hashOf(h, "header.payload")
	em := emsa(size, digestInfo[hi], digest)
	valid := key.sign(em)
	cases := []pkcs1Case{{name: "genuine", sig: valid, valid: true}}
	add := func(name string, sig []byte) { cases = append(cases, pkcs1Case{name: name, sig: sig}) }
	signBlock := func(name string, edit func(em []byte)) {
		b := bytes.Clone(em)
		edit(b)
		add(name, key.sign(b))
	}

	// One bit of the encoded block flipped, then signed: every byte of the
	// block must be compared. Every byte for keys up to 1024 bits; for
	// larger ones (each signature costs more) the first three, every 16th
	// byte of the padding, its last byte, the separator, every byte of the
	// DigestInfo and every fourth of the digest and its last.
	tail := len(digestInfo[hi]) + len(digest) + 2
	for i := range size {
		inPadding, inDigest := i >= 3 && i < size-tail, i >= size-len(digest)
		if size > 128 && (inPadding && i%16 != 0 || inDigest && i%4 != 0 && i != size-1) {
			continue
		}
		signBlock(fmt.Sprintf("block byte %d bit %d flipped", i, i%8), func(b []byte) { b[i] ^= 1 << (i % 8) })
	}
	// One bit of the signature flipped: the first and last bytes' bits and
	// every 13th bit in between.
	for bit := 0; bit < 8*size; bit++ {
		if bit >= 8 && bit < 8*size-8 && bit%13 != 0 {
			continue
		}
		sig := bytes.Clone(valid)
		sig[bit/8] ^= 0x80 >> (bit % 8)
		add(fmt.Sprintf("signature bit %d flipped", bit), sig)
	}

	// A genuine signature that starts with a zero byte, and the same number
	// without that byte: not the modulus's length, so refused.
	if hi == 0 && size <= 256 && key.d != nil {
		found := false
		for i := 0; i < 8192 && !found; i++ {
			d := hashOf(h, fmt.Sprintf("header.payload-%d", i))
			if sig := key.sign(emsa(size, digestInfo[hi], d)); sig[0] == 0 {
				cases = append(cases, pkcs1Case{name: "genuine, with a leading zero byte", sig: sig, digest: d, valid: true},
					pkcs1Case{name: "genuine without its leading zero byte", sig: sig[1:], digest: d})
				found = true
			}
		}
		if !found {
			t.Fatalf("%s: no signature with a leading zero byte", key.name)
		}
	}
	add("one byte longer (a leading zero)", append([]byte{0}, valid...))
	add("one byte longer (a trailing byte)", append(bytes.Clone(valid), 0))
	add("one byte shorter", valid[1:])
	add("empty", nil)
	add("s = 0", make([]byte, size))
	add("s = 1", new(big.Int).SetInt64(1).FillBytes(make([]byte, size)))
	add("s = n", key.pub.N.FillBytes(make([]byte, size)))
	add("s = n − 1", new(big.Int).Sub(key.pub.N, big.NewInt(1)).FillBytes(make([]byte, size)))
	add("all 0xFF", bytes.Repeat([]byte{0xff}, size))
	if s := new(big.Int).Add(key.pub.N, new(big.Int).SetBytes(valid)); s.BitLen() <= 8*size {
		add("s + n (≥ n, the same value modulo n)", s.FillBytes(make([]byte, size)))
	}
	add("over another message", key.sign(emsa(size, digestInfo[hi], hashOf(h, "header.other"))))
	for hj, other := range pkcs1Hashes {
		if hj != hi {
			add("over the message with "+other.String(), key.sign(emsa(size, digestInfo[hj], hashOf(other, "header.payload"))))
		}
	}
	for _, other := range keys {
		if other.pub != key.pub && other.d != nil {
			osize := (other.pub.N.BitLen() + 7) / 8
			add("made with the key "+other.name, other.sign(emsa(osize, digestInfo[hi], digest)))
		}
	}

	// Blocks that are not the expected one for this digest.
	wrongOID := bytes.Clone(digestInfo[hi])
	wrongOID[14] = 0x08 // the OID of SHA3-256 in place of the hash's own
	add("DigestInfo of another hash (same length)", key.sign(emsa(size, wrongOID, digest)))
	noNull := append(append([]byte{0x30, digestInfo[hi][1] - 2, 0x30, 0x0b}, digestInfo[hi][4:15]...), digestInfo[hi][17:]...)
	add("DigestInfo without the NULL parameters", key.sign(emsa(size, noNull, digest)))
	add("no DigestInfo", key.sign(emsa(size, nil, digest)))
	signBlock("digest placed early, garbage after it", func(b []byte) {
		at := 2 + 8 + 1
		clear(b[2:])
		for i := 2; i < at-1; i++ {
			b[i] = 0xff
		}
		copy(b[at:], digestInfo[hi])
		copy(b[at+len(digestInfo[hi]):], digest)
		for i := at + len(digestInfo[hi]) + len(digest); i < size; i++ {
			b[i] = byte(i)
		}
	})
	signBlock("block type 2", func(b []byte) { b[1] = 0x02 })
	signBlock("separator missing (0xFF up to the DigestInfo)", func(b []byte) { b[size-tail+1] = 0xff })
	return cases
}

// The precomputed check accepts and refuses exactly what crypto/rsa's
// VerifyPKCS1v15 does, for keys of every size it accepts, e = 3, 65537 and
// 2³¹−1, the three hashes of RS256/RS384/RS512, genuine signatures and each
// way of getting one wrong; keys crypto/rsa refuses stay with crypto/rsa.
func TestRSAKeyMatchesCryptoRSA(t *testing.T) {
	keys := pkcs1TestKeys(t)
	for _, key := range keys {
		k := newRSAKey(key.pub)
		if handled := k.n != nil; handled != key.handled {
			t.Fatalf("%s: precomputed %v, want %v", key.name, handled, key.handled)
		}
		for hi, h := range pkcs1Hashes {
			checked := 0
			for _, c := range pkcs1Cases(t, key, keys, hi) {
				digest := c.digest
				if digest == nil {
					digest = hashOf(h, "header.payload")
				}
				want := rsa.VerifyPKCS1v15(key.pub, h, digest, c.sig) == nil
				if got := k.verifyPKCS1v15(h, digest, c.sig); got != want {
					t.Errorf("%s, %s, %s: accepted %v, crypto/rsa %v", key.name, h, c.name, got, want)
				}
				if want != (c.valid && key.handled) {
					t.Errorf("%s, %s, %s: crypto/rsa accepted %v, expected %v", key.name, h, c.name, want, c.valid && key.handled)
				}
				checked++
			}
			if checked < 40 {
				t.Fatalf("%s, %s: only %d cases", key.name, h, checked)
			}
		}
	}
}

// On arbitrary input the precomputed check and crypto/rsa agree. The input
// is either a signature as it is, or an encoded block signed with the
// private key (so the fuzzer explores blocks near the genuine ones, which
// random signatures never reach); the seeds are genuine blocks and
// signatures for each hash and a few that must be refused.
func FuzzRSAKeyMatchesCryptoRSA(f *testing.F) {
	key := generatedPKCS1Key(f, 2048)
	size := (key.pub.N.BitLen() + 7) / 8
	for hi, h := range pkcs1Hashes {
		em := emsa(size, digestInfo[hi], hashOf(h, "header.payload"))
		f.Add(em, true, uint8(hi))
		f.Add(key.sign(em), false, uint8(hi))
		f.Add(emsa(size, nil, hashOf(h, "header.payload")), true, uint8(hi))
	}
	f.Add(key.pub.N.Bytes(), false, uint8(0))
	f.Add([]byte{1}, false, uint8(1))
	f.Add(bytes.Repeat([]byte{0xff}, size+1), false, uint8(2))
	k := newRSAKey(key.pub)
	f.Fuzz(func(t *testing.T, data []byte, block bool, hi uint8) {
		h := pkcs1Hashes[int(hi)%len(pkcs1Hashes)]
		digest := hashOf(h, "header.payload")
		sig := data
		if block {
			em := make([]byte, size)
			copy(em[max(0, size-len(data)):], data[max(0, len(data)-size):])
			em = new(big.Int).Mod(new(big.Int).SetBytes(em), key.pub.N).Bytes()
			sig = key.sign(em)
		}
		want := rsa.VerifyPKCS1v15(key.pub, h, digest, sig) == nil
		if got := k.verifyPKCS1v15(h, digest, sig); got != want {
			t.Fatalf("%s, signature %x: accepted %v, crypto/rsa %v", h, sig, got, want)
		}
	})
}

// BenchmarkRSAVerify is the floor of a fresh token's cost: one RS256
// signature check (SHA-256 of a token's signing input, then
// rsa.VerifyPKCS1v15 with a 2048-bit key) and nothing else.
func BenchmarkRSAVerify(b *testing.B) { benchRSAVerify(b) }

// BenchmarkRSAVerifyPrecomputed is the same check as the proxy makes it:
// the key's modulus precomputed once (newRSAKey), not rebuilt per call.
func BenchmarkRSAVerifyPrecomputed(b *testing.B) { benchRSAVerifyPrecomputed(b) }

func benchRSAVerify(b *testing.B) {
	benchRS256(b, func(pub *rsa.PublicKey) func(input, sig []byte) bool {
		return func(input, sig []byte) bool {
			d := sha256.Sum256(input)
			return rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], sig) == nil
		}
	})
}

func benchRSAVerifyPrecomputed(b *testing.B) {
	benchRS256(b, func(pub *rsa.PublicKey) func(input, sig []byte) bool {
		k := newRSAKey(pub)
		return func(input, sig []byte) bool {
			d := sha256.Sum256(input)
			return k.verifyPKCS1v15(crypto.SHA256, d[:], sig)
		}
	})
}

// benchRS256 measures the RS256 check (SHA-256 of a token's signing input,
// then the signature) that newCheck makes for a 2048-bit key.
func benchRS256(b *testing.B, newCheck func(*rsa.PublicKey) func(input, sig []byte) bool) {
	s := newRSASigner(b, "k1")
	tok := s.sign(b, map[string]any{
		"iss": "http://127.0.0.1:8180/realms/demo", "sub": "alice", "aud": "account", "azp": "web",
		"exp": 1 << 31, "iat": 1 << 30, "preferred_username": "alice", "email": "alice@example.com",
		"email_verified": true, "realm_access": map[string]any{"roles": []string{"user"}},
	})
	dot := strings.LastIndexByte(tok, '.')
	input := []byte(tok[:dot])
	sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
	if err != nil {
		b.Fatal(err)
	}
	check := newCheck(&s.key.(*rsa.PrivateKey).PublicKey)
	b.ReportAllocs()
	cpu, ok := processCPU()
	defer func() { reportCPU(b, cpu, ok) }()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !check(input, sig) {
				b.Fatal("a genuine signature does not verify")
			}
		}
	})
}
