package tester

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tokenclaims"
)

// fakeIdP is an in-process OIDC issuer for realm "demo" signing with
// testKey: discovery and a JWKS (so the real proxy verifies its tokens) and
// a token endpoint. Like Keycloak, a password grant opens a session (with a
// refresh token) that the logout endpoint ends; a client credentials grant
// opens none.
type fakeIdP struct {
	srv *httptest.Server

	mu       sync.Mutex
	sessions map[string]string // open sessions: refresh token → client id
	issued   int
}

// logins counts the sessions ever opened.
func (f *fakeIdP) logins() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.issued
}

// openSessions counts the sessions not logged out yet.
func (f *fakeIdP) openSessions() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sessions)
}

func (f *fakeIdP) issuer() string { return f.srv.URL + "/realms/demo" }

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	f := &fakeIdP{sessions: map[string]string{}}
	users := map[string]struct {
		password string
		roles    []any
		disabled bool
	}{
		"alice": {"alice", []any{"user", "admin"}, false},
		"bob":   {"bob", []any{"user"}, false},
		"carol": {"carol", []any{"user"}, true},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeErr := func(status int, code, desc string) {
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
		}
		switch r.URL.Path {
		case "/realms/demo/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]any{"issuer": f.issuer(), "jwks_uri": f.issuer() + "/protocol/openid-connect/certs"})
			return
		case "/realms/demo/protocol/openid-connect/certs":
			pub := testKey.PublicKey
			_ = json.NewEncoder(w).Encode(map[string]any{"keys": []any{map[string]any{
				"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
				"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
				"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
			}}})
			return
		}
		if r.URL.Path == "/realms/demo/protocol/openid-connect/logout" {
			_ = r.ParseForm()
			f.mu.Lock()
			defer f.mu.Unlock()
			if client, ok := f.sessions[r.Form.Get("refresh_token")]; !ok || client != r.Form.Get("client_id") {
				writeErr(400, "invalid_grant", "Invalid refresh token")
				return
			}
			delete(f.sessions, r.Form.Get("refresh_token"))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.URL.Path != "/realms/demo/protocol/openid-connect/token" {
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"error":"Realm does not exist"}`))
			return
		}
		_ = r.ParseForm()
		claims := map[string]any{
			"iss": f.issuer(), "exp": float64(time.Now().Add(5 * time.Minute).Unix()), "iat": float64(time.Now().Unix()),
		}
		switch r.Form.Get("grant_type") {
		case "password":
			if r.Form.Get("client_id") != "web" {
				writeErr(400, "unauthorized_client", "Client not allowed for direct access grants")
				return
			}
			u, ok := users[r.Form.Get("username")]
			if !ok || u.password != r.Form.Get("password") {
				writeErr(401, "invalid_grant", "Invalid user credentials")
				return
			}
			if u.disabled {
				writeErr(400, "invalid_grant", "Account disabled")
				return
			}
			claims["sub"] = "id-" + r.Form.Get("username")
			claims["preferred_username"] = r.Form.Get("username")
			claims["email"] = r.Form.Get("username") + "@example.com"
			claims["realm_access"] = map[string]any{"roles": u.roles}
		case "client_credentials":
			if r.Form.Get("client_id") != "tandem-service" || r.Form.Get("client_secret") != "demo-service-secret" {
				writeErr(401, "unauthorized_client", "Invalid client or Invalid client credentials")
				return
			}
			claims["sub"] = "id-service"
			claims["preferred_username"] = "service-account-tandem-service"
			claims["realm_access"] = map[string]any{"roles": []any{"user"}}
		default:
			writeErr(400, "unsupported_grant_type", "Unsupported grant_type")
			return
		}
		answer := map[string]string{"access_token": signToken(t, claims)}
		if r.Form.Get("grant_type") == "password" {
			f.mu.Lock()
			f.issued++
			refresh := fmt.Sprintf("refresh-%d", f.issued)
			f.sessions[refresh] = r.Form.Get("client_id")
			f.mu.Unlock()
			answer["refresh_token"] = refresh
		}
		_ = json.NewEncoder(w).Encode(answer)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// contractProxy is a proxy broken on purpose, in the ways the matrix must
// notice: the mutation tests run the tester against it. Every other test
// runs the tester against the real embedded proxy (StartProxy).
type contractProxy struct {
	srv   *httptest.Server
	cfg   routes.Config
	mu    sync.Mutex
	seq   int
	trace map[string]proxy.Trace

	leakSpoofed       bool // forget to strip incoming identity headers
	downgradeOptional bool // treat a bad token on an optional route as anonymous
	skipRoleCheck     bool // let any valid token through
}

func (p *contractProxy) BaseURL() string                 { return p.srv.URL }
func (p *contractProxy) TraceKey() string                { return "trace-key" }
func (p *contractProxy) Close(ctx context.Context) error { p.srv.Close(); return nil }

// AwaitTrace needs no wait: the trace is stored before the handler returns,
// so before the client has the whole response.
func (p *contractProxy) AwaitTrace(_ context.Context, id string) (proxy.Trace, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	tr, ok := p.trace[id]
	return tr, ok
}

func (p *contractProxy) verify(raw string) (map[string]any, bool) {
	h, pl, s, err := jwtParts(raw)
	if err != nil {
		return nil, false
	}
	hd, err := decodeSegment(h)
	if err != nil || hd["alg"] != "RS256" {
		return nil, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	sum := sha256.Sum256([]byte(h + "." + pl))
	if rsa.VerifyPKCS1v15(&testKey.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return nil, false
	}
	claims, _ := decodeSegment(pl)
	exp, _, ok := tokenclaims.Date(claims, "exp")
	if claims["iss"] != p.cfg.Issuer || !ok || time.Now().After(exp) {
		return nil, false
	}
	return claims, true
}

func (p *contractProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.seq++
	id := fmt.Sprintf("req-%d", p.seq)
	p.mu.Unlock()
	w.Header().Set(RequestIDHeader, id)
	tr := proxy.Trace{Record: proxy.Record{RequestID: id, Method: r.Method, Path: r.URL.Path}, Injected: map[string]string{}}
	traced := r.Header.Get(TraceKeyHeader) == p.TraceKey()
	r.Header.Del(TraceKeyHeader)
	defer func() {
		if traced {
			p.mu.Lock()
			p.trace[id] = tr
			p.mu.Unlock()
		}
	}()
	var rt *routes.Route
	for i := range p.cfg.Routes {
		if strings.HasPrefix(r.URL.Path, p.cfg.Routes[i].Path) {
			rt = &p.cfg.Routes[i]
		}
	}
	if rt == nil {
		tr.Decision, tr.Status = proxy.DecisionNoRoute, 404
		w.WriteHeader(404)
		return
	}
	tr.Route, tr.Mode = rt.Name, string(rt.Auth)
	injectable := InjectableHeaders(p.cfg)
	if !p.leakSpoofed {
		for name := range r.Header {
			for _, n := range injectable {
				if routes.NormalizeHeaderName(name) == routes.NormalizeHeaderName(n) {
					tr.Stripped = append(tr.Stripped, name)
					r.Header.Del(name)
				}
			}
		}
	}
	auth := r.Header.Get("Authorization")
	var claims map[string]any
	state := TokenNone
	if auth != "" {
		state = TokenInvalid
		if tok, ok := strings.CutPrefix(auth, "Bearer "); ok {
			if c, ok := p.verify(tok); ok {
				claims, state = c, TokenValid
			}
		}
	}
	deny := func(status int, decision proxy.Decision, challenge string) {
		tr.Decision, tr.Status = decision, status
		if challenge != "" {
			w.Header().Set("WWW-Authenticate", challenge)
		}
		w.WriteHeader(status)
	}
	identity := false
	switch rt.Auth {
	case routes.AuthPublic:
	case routes.AuthOptional:
		if state == TokenInvalid && !p.downgradeOptional {
			deny(401, proxy.DecisionUnauthorized, `Bearer realm="tandem", error="invalid_token"`)
			return
		}
		identity = state == TokenValid
	default:
		switch state {
		case TokenNone:
			deny(401, proxy.DecisionUnauthorized, `Bearer realm="tandem"`)
			return
		case TokenInvalid:
			deny(401, proxy.DecisionUnauthorized, `Bearer realm="tandem", error="invalid_token"`)
			return
		}
		if !p.skipRoleCheck && !HoldsAnyRole(rt.Roles, RolesHeld(claims)) {
			deny(403, proxy.DecisionForbidden, "")
			return
		}
		identity = true
	}
	if identity {
		for h, v := range identityHeadersFor(HeaderMapping(p.cfg.IdentityHeaders, rt.Headers), claims) {
			r.Header.Set(h, v)
			tr.Injected[h] = v
		}
		tr.Decision = proxy.DecisionAllowed
	} else {
		tr.Decision = proxy.DecisionAnonymous
	}
	r.Header.Del("Authorization")
	tr.UpstreamURL = rt.Upstream + r.URL.Path
	tr.UpstreamHeaders = r.Header.Clone()
	tr.Status = 200
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"headers": r.Header})
}

// identityHeadersFor is what an honest proxy injects for these claims.
func identityHeadersFor(m map[string]string, claims map[string]any) map[string]string {
	e, _, _ := ExpectedIdentityHeaders(m, claims)
	return e
}

// demoConfig mirrors the demo routes: an admin route, an optional feed, a
// public health check, all leading to upstream.
func demoConfig(issuer, upstream string) routes.Config {
	return routes.Config{Version: 1, Issuer: issuer, Routes: []routes.Route{
		{Name: "admin", Path: "/api/admin", Upstream: upstream, Auth: routes.AuthRequired, Roles: []string{"admin"}},
		{Name: "feed", Path: "/api/feed", Upstream: upstream, Auth: routes.AuthOptional},
		{Name: "health", Path: "/health", Upstream: upstream, Auth: routes.AuthPublic},
	}}
}

// echoUpstream is the built-in echo upstream on a free loopback port.
func echoUpstream(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(echo.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// newTestTester wires a Tester to the real embedded proxy, the fake IdP as
// its issuer and the echo as every route's upstream. With tweak, it runs
// against a contractProxy that tweak breaks on purpose instead.
func newTestTester(t *testing.T, tweak func(*contractProxy)) (*Tester, routes.Config, *fakeIdP) {
	t.Helper()
	idp := newFakeIdP(t)
	cfg := demoConfig(idp.issuer(), echoUpstream(t))
	factory := StartProxy
	if tweak != nil {
		factory = func(c routes.Config) (RunningGateway, error) {
			p := &contractProxy{cfg: c, trace: map[string]proxy.Trace{}}
			tweak(p)
			p.srv = httptest.NewServer(p)
			return p, nil
		}
	}
	return newClosingTester(t, factory, StartEcho), cfg, idp
}

// newClosingTester is New whose proxies and echo server stop when the test
// ends, so no test leaves a listener behind.
func newClosingTester(t *testing.T, newGateway GatewayFactory, newEcho EchoFactory, opts ...Option) *Tester {
	t.Helper()
	tt := New(newGateway, newEcho, opts...)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tt.Close(ctx)
	})
	return tt
}
