package contract

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// signingKey is a key the fake IdP can publish and sign with.
type signingKey struct {
	kid string
	alg string // RS256 or ES256
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
}

// Keys are generated once: RSA generation is the slowest thing in the suite.
var (
	keysOnce sync.Once
	keyRSA   *signingKey // published by default
	keyEC    *signingKey // published by default
	keyNext  *signingKey // published only after a rotation
	keyEvil  *signingKey // never published: the attacker's key
)

func testKeys(t *testing.T) {
	t.Helper()
	keysOnce.Do(func() {
		gen := func() *rsa.PrivateKey {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			return k
		}
		ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		keyRSA = &signingKey{kid: "rsa-1", alg: "RS256", rsa: gen()}
		keyEC = &signingKey{kid: "ec-1", alg: "ES256", ec: ec}
		keyNext = &signingKey{kid: "rsa-2", alg: "RS256", rsa: gen()}
		keyEvil = &signingKey{kid: "rsa-1", alg: "RS256", rsa: gen()}
	})
}

// fakeIdP serves OIDC discovery and a JWKS, counts what it serves, and can be
// taken down (connections are closed without an answer) and brought back.
type fakeIdP struct {
	srv    *httptest.Server
	issuer string

	mu        sync.Mutex
	published []*signingKey

	discoveryHits atomic.Int64
	jwksHits      atomic.Int64
	refused       atomic.Int64 // requests dropped while down
	down          atomic.Bool
}

func newIdP(t *testing.T, down bool) *fakeIdP {
	t.Helper()
	testKeys(t)
	p := &fakeIdP{published: []*signingKey{keyRSA, keyEC}}
	p.down.Store(down)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	p.issuer = p.srv.URL + "/realms/contract"
	return p
}

func (p *fakeIdP) publish(keys ...*signingKey) {
	p.mu.Lock()
	p.published = keys
	p.mu.Unlock()
}

func (p *fakeIdP) serve(w http.ResponseWriter, r *http.Request) {
	if p.down.Load() {
		p.refused.Add(1)
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return
			}
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	switch r.URL.Path {
	case "/realms/contract/.well-known/openid-configuration":
		p.discoveryHits.Add(1)
		writeJSON(w, map[string]any{
			"issuer":                                p.issuer,
			"jwks_uri":                              p.issuer + "/protocol/openid-connect/certs",
			"authorization_endpoint":                p.issuer + "/protocol/openid-connect/auth",
			"token_endpoint":                        p.issuer + "/protocol/openid-connect/token",
			"response_types_supported":              []string{"code"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256", "ES256"},
		})
	case "/realms/contract/protocol/openid-connect/certs":
		p.jwksHits.Add(1)
		p.mu.Lock()
		keys := make([]map[string]any, 0, len(p.published))
		for _, k := range p.published {
			keys = append(keys, jwk(k))
		}
		p.mu.Unlock()
		writeJSON(w, map[string]any{"keys": keys})
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func jwk(k *signingKey) map[string]any {
	if k.rsa != nil {
		pub := k.rsa.PublicKey
		return map[string]any{"kty": "RSA", "kid": k.kid, "use": "sig", "alg": k.alg,
			"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes())}
	}
	pub, err := k.ec.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil {
		panic(err)
	}
	return map[string]any{"kty": "EC", "kid": k.kid, "use": "sig", "alg": k.alg, "crv": "P-256",
		"x": b64(pub[1:33]), "y": b64(pub[33:65])}
}

// claims is a token body; standard builds the one a valid token carries.
type claims map[string]any

// user is a test identity.
type user struct {
	sub, name, email string
	realmRoles       []string
	clientRoles      map[string][]string
	extra            claims
}

var (
	alice = user{sub: "3f1c0a52-alice", name: "alice", email: "alice@example.com",
		realmRoles: []string{"user", "admin"}, clientRoles: map[string][]string{"web": {"editor", "viewer"}},
		extra: claims{"org": map[string]any{"name": "Acme", "tenant": map[string]any{"id": "t-42"}}}}
	bob = user{sub: "9b7d11e0-bob", name: "bob", email: "bob@example.com", realmRoles: []string{"user"}}
)

var jti atomic.Int64

// claimsFor is a valid token body for u from this IdP, unique per call (jti)
// so the proxy cannot answer it from its verified-token cache.
func (p *fakeIdP) claimsFor(u user) claims {
	now := time.Now()
	c := claims{
		"iss": p.issuer, "sub": u.sub, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"jti": "t-" + big.NewInt(jti.Add(1)).String(), "azp": "web", "aud": "account",
		"preferred_username": u.name, "typ": "Bearer",
	}
	if u.email != "" {
		c["email"] = u.email
	}
	if u.realmRoles != nil {
		c["realm_access"] = map[string]any{"roles": u.realmRoles}
	}
	if u.clientRoles != nil {
		ra := map[string]any{}
		for client, roles := range u.clientRoles {
			ra[client] = map[string]any{"roles": roles}
		}
		c["resource_access"] = ra
	}
	for k, v := range u.extra {
		c[k] = v
	}
	return c
}

// token is a fresh valid RS256 token for u.
func (p *fakeIdP) token(u user) string { return sign(keyRSA, keyRSA.kid, p.claimsFor(u)) }

// sign produces a compact JWS with header {alg, kid (if not empty), typ}.
func sign(k *signingKey, kid string, c claims) string {
	h := map[string]any{"alg": k.alg, "typ": "JWT"}
	if kid != "" {
		h["kid"] = kid
	}
	return signWithHeader(k, h, c)
}

func signWithHeader(k *signingKey, header map[string]any, c claims) string {
	input := encodeParts(header, c)
	digest := sha256.Sum256([]byte(input))
	var sig []byte
	var err error
	if k.rsa != nil {
		sig, err = rsa.SignPKCS1v15(rand.Reader, k.rsa, crypto.SHA256, digest[:])
	} else {
		var r, s *big.Int
		r, s, err = ecdsa.Sign(rand.Reader, k.ec, digest[:])
		if err == nil {
			sig = make([]byte, 64)
			r.FillBytes(sig[:32])
			s.FillBytes(sig[32:])
		}
	}
	if err != nil {
		panic(err)
	}
	return input + "." + b64(sig)
}

func encodeParts(header map[string]any, c claims) string {
	hb, err := json.Marshal(header)
	if err != nil {
		panic(err)
	}
	cb, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	return b64(hb) + "." + b64(cb)
}

// unsigned is an "alg": "none" token.
func unsigned(c claims) string {
	return encodeParts(map[string]any{"alg": "none", "typ": "JWT"}, c) + "."
}

// hs256WithPublicKey is the classic confusion: an HMAC keyed with the bytes
// of the issuer's public key, which anyone can download.
func hs256WithPublicKey(k *signingKey, c claims) string {
	der, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	if err != nil {
		panic(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	input := encodeParts(map[string]any{"alg": "HS256", "typ": "JWT", "kid": k.kid}, c)
	mac := hmac.New(sha256.New, pemKey)
	mac.Write([]byte(input))
	return input + "." + b64(mac.Sum(nil))
}

// withEmbeddedJWK signs with the attacker's key and embeds its public key in
// the header (the CVE-2018-0114 pattern): a verifier must never trust it.
func withEmbeddedJWK(c claims) string {
	pub := jwk(keyEvil)
	pub["kid"] = "embedded"
	return signWithHeader(keyEvil, map[string]any{"alg": "RS256", "typ": "JWT", "kid": "embedded", "jwk": pub}, c)
}
