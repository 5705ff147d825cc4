package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/echo"
)

// issuerServer is a fake identity provider's server: its endpoints under
// the realm path every proxy test uses, until the test ends.
type issuerServer struct{ srv *httptest.Server }

// serveIssuer serves endpoints, each keyed by its path below the issuer
// ("/certs"). Client connections are closed before the server, so a handler
// that hangs until its request ends is released.
func serveIssuer(t testing.TB, endpoints map[string]http.HandlerFunc) issuerServer {
	t.Helper()
	mux := http.NewServeMux()
	for path, h := range endpoints {
		mux.HandleFunc("/realms/demo"+path, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	return issuerServer{srv}
}

func (s issuerServer) issuer() string { return s.srv.URL + "/realms/demo" }

// fakeIdP serves OIDC discovery and a JWKS, counts JWKS fetches, and can be
// switched down (503) or given other keys.
type fakeIdP struct {
	issuerServer
	mu      sync.Mutex
	keys    []jose.JSONWebKey
	down    atomic.Bool
	fetches atomic.Int64
}

func newFakeIdP(t testing.TB, signers ...*signer) *fakeIdP {
	t.Helper()
	idp := &fakeIdP{}
	idp.setSigners(signers...)
	idp.issuerServer = serveIssuer(t, map[string]http.HandlerFunc{
		"/.well-known/openid-configuration": idp.discovery,
		"/protocol/openid-connect/certs":    idp.jwks,
	})
	return idp
}

func (idp *fakeIdP) discovery(w http.ResponseWriter, _ *http.Request) {
	if idp.down.Load() {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"issuer":                                idp.issuer(),
		"jwks_uri":                              idp.issuer() + "/protocol/openid-connect/certs",
		"authorization_endpoint":                idp.issuer() + "/protocol/openid-connect/auth",
		"token_endpoint":                        idp.issuer() + "/protocol/openid-connect/token",
		"id_token_signing_alg_values_supported": []string{"RS256", "ES256", "HS256"},
	})
}

func (idp *fakeIdP) jwks(w http.ResponseWriter, _ *http.Request) {
	idp.fetches.Add(1)
	if idp.down.Load() {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	idp.mu.Lock()
	set := jose.JSONWebKeySet{Keys: idp.keys}
	idp.mu.Unlock()
	_ = json.NewEncoder(w).Encode(set)
}

func (idp *fakeIdP) setSigners(signers ...*signer) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	idp.keys = nil
	for _, s := range signers {
		idp.keys = append(idp.keys, s.publicJWK())
	}
}

// scriptedIdP is an issuer whose discovery and JWKS answers a test writes.
type scriptedIdP struct {
	issuerServer
	discovery http.HandlerFunc // nil: a standard discovery document
	jwks      http.HandlerFunc
	discoHits atomic.Int64
	jwksHits  atomic.Int64
}

func newScriptedIdP(t *testing.T, discovery, jwks http.HandlerFunc) *scriptedIdP {
	t.Helper()
	p := &scriptedIdP{discovery: discovery, jwks: jwks}
	p.issuerServer = serveIssuer(t, map[string]http.HandlerFunc{
		"/.well-known/openid-configuration": func(w http.ResponseWriter, r *http.Request) {
			p.discoHits.Add(1)
			if p.discovery != nil {
				p.discovery(w, r)
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"issuer": p.issuer(), "jwks_uri": p.jwksURL()})
		},
		"/certs": func(w http.ResponseWriter, r *http.Request) {
			p.jwksHits.Add(1)
			p.jwks(w, r)
		},
	})
	return p
}

func (p *scriptedIdP) jwksURL() string { return p.issuer() + "/certs" }

// servesJWKS answers the JWKS with body.
func servesJWKS(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, body) }
}

// jwksOf renders public keys as a JWKS with extra raw entries appended.
func jwksOf(t *testing.T, signers []*signer, extra ...string) string {
	t.Helper()
	entries := append([]string(nil), extra...)
	for _, s := range signers {
		b, err := json.Marshal(s.publicJWK())
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, string(b))
	}
	return `{"keys":[` + strings.Join(entries, ",") + `]}`
}

// upstream is an echo server that counts the requests it receives.
type upstream struct {
	srv  *httptest.Server
	hits atomic.Int64
}

func newUpstream(t testing.TB) *upstream {
	t.Helper()
	return startUpstream(t, echo.Handler())
}

// startUpstream serves h as an upstream that counts the requests it
// receives, until the test ends.
func startUpstream(t testing.TB, h http.Handler) *upstream {
	t.Helper()
	u := &upstream{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.hits.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

// newJSONUpstream is the echo upstream answering in JSON even to a browser
// navigation (which the echo answers with a page), so tests read what it
// received.
func newJSONUpstream(t testing.TB) *upstream {
	t.Helper()
	h := echo.Handler()
	return startUpstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Accept")
		h.ServeHTTP(w, r)
	}))
}
