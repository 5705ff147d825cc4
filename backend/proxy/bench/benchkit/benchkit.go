// Package benchkit is what the proxy's benchmark commands share: an OpenID
// provider that serves discovery and one signing key, a plain HTTP server,
// a running proxy and a token signer. A failure ends the command (Check): a benchmark has
// no caller to hand an error to, and a half-set-up run measures nothing.
package benchkit

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"log"
	"net"
	"net/http"
	"sync/atomic"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// Check ends the command when err is not nil.
func Check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// IdP serves OIDC discovery and a JWKS with one key, and counts the JWKS
// fetches (the cost a flood of tokens may push onto the provider).
type IdP struct {
	Issuer  string
	Fetches atomic.Int64
}

// StartIdP serves key as the only signing key of an issuer on 127.0.0.1,
// for the rest of the command.
func StartIdP(key jose.JSONWebKey) *IdP {
	idp := &IdP{}
	mux := http.NewServeMux()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	Check(err)
	idp.Issuer = "http://" + ln.Addr().String() + "/realms/bench"
	mux.HandleFunc("/realms/bench/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": idp.Issuer, "jwks_uri": idp.Issuer + "/certs"})
	})
	mux.HandleFunc("/realms/bench/certs", func(w http.ResponseWriter, _ *http.Request) {
		idp.Fetches.Add(1)
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{key}})
	})
	go func() { _ = http.Serve(ln, mux) }()
	return idp
}

// RSAIssuer is an IdP whose one key is an RSA-2048 key (RS256, as
// Keycloak signs by default) that signs its tokens.
type RSAIssuer struct {
	*IdP
	key *rsa.PrivateKey
	kid string
}

// StartRSAIssuer generates a key with id kid and serves it as StartIdP does.
func StartRSAIssuer(kid string) *RSAIssuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	Check(err)
	idp := StartIdP(jose.JSONWebKey{Key: &key.PublicKey, KeyID: kid, Algorithm: string(jose.RS256), Use: "sig"})
	return &RSAIssuer{IdP: idp, key: key, kid: kid}
}

// Sign returns claims signed with the issuer's key.
func (i *RSAIssuer) Sign(claims map[string]any) string { return Sign(i.key, i.kid, claims) }

// StartProxy builds a proxy for cfg and starts it on a free loopback port,
// for the rest of the command.
func StartProxy(cfg routes.Config, opts proxy.Options) *proxy.Server {
	srv, err := proxy.New(cfg, opts)
	Check(err)
	Check(srv.Start("127.0.0.1:0"))
	return srv
}

// Serve serves h on 127.0.0.1 for the rest of the command and returns its
// host:port.
func Serve(h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	Check(err)
	go func() { _ = (&http.Server{Handler: h}).Serve(ln) }()
	return ln.Addr().String()
}

// Sign returns claims signed with key (RS256, key id kid) as a compact JWS.
func Sign(key *rsa.PrivateKey, kid string, claims map[string]any) string {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
	Check(err)
	return SignWith(s, claims)
}

// SignWith returns claims signed by s as a compact JWS.
func SignWith(s jose.Signer, claims map[string]any) string {
	payload, err := json.Marshal(claims)
	Check(err)
	obj, err := s.Sign(payload)
	Check(err)
	tok, err := obj.CompactSerialize()
	Check(err)
	return tok
}
