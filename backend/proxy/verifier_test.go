package proxy

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"reflect"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/routes"
)

// However many distinct valid tokens arrive, the verified-token cache holds
// at most TokenCacheSize of them: a flood of fresh tokens costs CPU, never
// unbounded memory. The newest token stays cached, the oldest is evicted.
func TestVerifiedTokenCacheStaysBounded(t *testing.T) {
	const size = 16
	e := newEnv(t, func(_ *routes.Config, o *Options) { o.TokenCacheSize = size })
	v := e.srv.current().verifier
	var tokens []string
	for i := range 3*size + 5 {
		tok := e.token(fmt.Sprintf("user-%d", i), "user")
		if _, err := v.verify(t.Context(), tok); err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, tok)
		if n := v.cache.Len(); n > size {
			t.Fatalf("after %d tokens the cache holds %d entries, bound %d", i+1, n, size)
		}
	}
	if n := v.cache.Len(); n != size {
		t.Errorf("cache holds %d entries after %d tokens, want %d", n, len(tokens), size)
	}
	cached := func(tok string) bool {
		id, ok := v.cache.Peek(maphash.String(tokenSeed, tok))
		return ok && id.token == tok
	}
	if !cached(tokens[len(tokens)-1]) || cached(tokens[0]) {
		t.Errorf("newest cached %v, oldest cached %v: want true, false", cached(tokens[len(tokens)-1]), cached(tokens[0]))
	}
}

// A flood of distinct forged tokens naming the issuer's kid (random
// signatures, as BenchmarkRequiredForgedToken sends) is refused token by
// token and never fetches the JWKS, even with the cooldown long over: a
// signature that fails with a known key says nothing about the key set.
func TestForgedFloodWithKnownKidFetchesNothing(t *testing.T) {
	e := newEnv(t)
	if r := e.do("GET", "/api/req", bearer(e.token("alice"))); r.status != 200 {
		t.Fatalf("warm-up: %d", r.status)
	}
	base := e.idp.fetches.Load()
	e.clock.Advance(time.Hour)
	tokens := forgedTokens(t, e, 300)
	// Signatures of the wrong length, or none, are forged too.
	model := strings.Split(tokens[0], ".")
	tokens = append(tokens, model[0]+"."+model[1]+".", model[0]+"."+model[1]+"."+model[2][:40])
	if st := flood(t, e, tokens); st[401] != len(tokens) {
		t.Fatalf("statuses %v, want %d × 401", st, len(tokens))
	}
	if got := e.idp.fetches.Load() - base; got != 0 {
		t.Fatalf("%d JWKS fetches during a forged-signature flood, want 0", got)
	}
	if _, err := e.srv.current().verifier.verify(t.Context(), tokens[1]); err == nil || errorKind(t, err) != kindBadSignature {
		t.Errorf("forged token: %v, want a bad signature", err)
	}
}

// compactOf builds a compact token from a header and claims written as
// JSON, signed with key over exactly those bytes (nil key: a zero
// signature).
func compactOf(t *testing.T, key *rsa.PrivateKey, header, claims string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims))
	sig := make([]byte, 256)
	if key != nil {
		d := sha256.Sum256([]byte(input))
		var err error
		if sig, err = rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, d[:]); err != nil {
			t.Fatal(err)
		}
	}
	return input + "." + enc.EncodeToString(sig)
}

// The header is read for alg and kid only: what a different reader could
// read differently (a repeated member, a kid that is not a string) or an
// extension the proxy does not implement (crit) makes the token malformed;
// members the proxy never uses (x5c, jwk) are not parsed, so a bad one
// costs nothing and refuses nothing.
func TestCompactHeaderRules(t *testing.T) {
	e := newEnv(t)
	key := e.key.key.(*rsa.PrivateKey)
	claims, _ := json.Marshal(e.claims("alice"))
	enc := base64.RawURLEncoding
	cases := []struct {
		name, header string
		want         tokenErrorKind // -1: verifies
	}{
		{"plain", `{"alg":"RS256","kid":"k1","typ":"JWT"}`, -1},
		{"unused members not parsed", `{"alg":"RS256","kid":"k1","x5c":["not a certificate"],"jwk":{"kty":"nonsense"}}`, -1},
		{"escaped member names", `{"\u0061lg":"RS256","kid":"k1"}`, -1},
		{"crit", `{"alg":"RS256","kid":"k1","crit":["b64"],"b64":false}`, kindMalformed},
		{"alg repeated", `{"alg":"RS256","kid":"k1","alg":"RS256"}`, kindMalformed},
		{"alg repeated, escaped", `{"alg":"RS256","kid":"k1","\u0061lg":"RS256"}`, kindMalformed},
		{"kid not a string", `{"alg":"RS256","kid":1}`, kindMalformed},
		{"alg not a string", `{"alg":["RS256"],"kid":"k1"}`, kindAlgorithm},
		{"alg none", `{"alg":"none","kid":"k1"}`, kindAlgorithm},
		{"no alg", `{"kid":"k1"}`, kindAlgorithm},
		{"header an array", `["alg","RS256"]`, kindMalformed},
		{"header not JSON", `{"alg":"RS256",}`, kindMalformed},
	}
	for _, c := range cases {
		_, err := e.srv.current().verifier.verify(t.Context(), compactOf(t, key, c.header, string(claims)))
		switch {
		case c.want == -1 && err != nil:
			t.Errorf("%s: %v, want verified", c.name, err)
		case c.want != -1 && (err == nil || errorKind(t, err) != c.want):
			t.Errorf("%s: %v, want kind %d", c.name, err, c.want)
		}
	}
	valid := e.token("alice")
	p := strings.Split(valid, ".")
	for name, tok := range map[string]string{
		"two parts":            p[0] + "." + p[1],
		"four parts":           valid + "." + p[2],
		"header not base64url": "*" + p[0][1:] + "." + p[1] + "." + p[2],
		"padded payload":       p[0] + "." + enc.EncodeToString([]byte(`{"a":1}`)) + "==." + p[2],
		"empty":                "",
	} {
		if _, err := e.srv.current().verifier.verify(t.Context(), tok); err == nil || errorKind(t, err) != kindMalformed {
			t.Errorf("%s: %v, want malformed", name, err)
		}
	}
}

// The signature check agrees with go-jose's on every accepted algorithm:
// a token go-jose signs verifies with the matching public key, and fails
// with one bit flipped, with a key of another type, or (ES*) with a key on
// another curve.
func TestSignedByFollowsEachAlgorithm(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	cases := []struct {
		alg   jose.SignatureAlgorithm
		key   crypto.Signer
		wrong any // a public key that must not verify
	}{
		{jose.RS256, rsaKey, &p256.PublicKey}, {jose.RS384, rsaKey, edKey.Public()}, {jose.RS512, rsaKey, &p521.PublicKey},
		{jose.PS256, rsaKey, &p256.PublicKey}, {jose.PS384, rsaKey, edKey.Public()}, {jose.PS512, rsaKey, &p384.PublicKey},
		{jose.ES256, p256, &p384.PublicKey}, {jose.ES384, p384, &p256.PublicKey}, {jose.ES512, p521, &rsaKey.PublicKey},
		{jose.EdDSA, edKey, &rsaKey.PublicKey},
	}
	for _, c := range cases {
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: c.alg, Key: c.key}, nil)
		if err != nil {
			t.Fatal(err)
		}
		obj, err := s.Sign([]byte(`{"sub":"alice"}`))
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := obj.CompactSerialize()
		jws, err := parseCompact(tok)
		if err != nil {
			t.Fatalf("%s: %v", c.alg, err)
		}
		if !jws.signedBy(c.key.Public()) {
			t.Errorf("%s: a genuine signature does not verify", c.alg)
		}
		if jws.signedBy(c.wrong) {
			t.Errorf("%s: verifies with a %T", c.alg, c.wrong)
		}
		jws.signature[len(jws.signature)/2] ^= 1
		if jws.signedBy(c.key.Public()) {
			t.Errorf("%s: a flipped bit still verifies", c.alg)
		}
	}
}

// A verification that misses the cache allocates a few dozen objects, not
// the ~160 that go-jose's parse, its Verify and a full map of the claims
// took.
func TestVerifyMissAllocatesLittle(t *testing.T) {
	e := newEnv(t)
	v := e.srv.current().verifier
	tok := e.token("alice", "user")
	allocs := testing.AllocsPerRun(20, func() {
		v.cache.Purge()
		if _, err := v.verify(t.Context(), tok); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 70 {
		t.Errorf("%.0f allocations per verification, want at most 70", allocs)
	}
}

// readClaims decodes the members it is asked for exactly as encoding/json
// decodes them into a map (UseNumber), and no other member; it refuses
// what is not one JSON object.
func FuzzReadClaims(f *testing.F) {
	for _, s := range []string{
		`{"iss":"http://idp/realms/demo","sub":"alice","exp":1700000000,"aud":["a","b"],"email":"a@example.com"}`,
		`{"realm_access":{"roles":["user","admin"]},"resource_access":{"web":{"roles":["editor"]}},"scope":"openid"}`,
		`{"sub":"alice","sub":"bob","\u0073ub":"carol","s\u0075b":"dave"}`,
		`{"address":{"zip":12345,"lines":[1.5e3,true,null,{}]},"exp":1e3,"nbf":-0.5,"name":"\u00e9\ud83d\ude00"}`,
		`  {"sub" : "a\"b\\c\/d" , "email":"\xff\xfe"}  `,
		"{\"email\":\"\xff\xfe\",\"\xffsub\":1}", // invalid UTF-8, in a value and a name
		`{}`, `null`, `[]`, `"sub"`, `{"sub":1} {}`, `{"sub":1}]`, `{"sub":}`, ``,
	} {
		f.Add([]byte(s))
	}
	names := claimNames([]routes.ClaimPath{{"email"}, {"address", "zip"}, {"name"}})
	f.Fuzz(func(t *testing.T, payload []byte) {
		got, err := readClaims(payload, names)
		if !json.Valid(payload) {
			if err == nil {
				t.Fatalf("invalid JSON %q read as %v", payload, got)
			}
			return
		}
		all, allErr := decodeClaims(payload)
		if (err == nil) != (allErr == nil) {
			t.Fatalf("%q: readClaims error %v, encoding/json error %v", payload, err, allErr)
		}
		if err != nil {
			return
		}
		for name := range names {
			want, wok := all[name]
			have, hok := got[name]
			if wok != hok || !reflect.DeepEqual(want, have) {
				t.Fatalf("%q: %s = %#v (%v), encoding/json %#v (%v)", payload, name, have, hok, want, wok)
			}
		}
		for name := range got {
			if _, ok := names[name]; !ok {
				t.Fatalf("%q: decoded %s, which was not asked for", payload, name)
			}
		}
	})
}
