package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/proxy/bench/benchkit"
	"github.com/tandemhq/tandem/backend/routes"
)

// runRSS sends n distinct valid tokens, each once, through a proxy with the
// default token cache, and prints the process's memory as they go. Tokens
// are Ed25519-signed as they are sent (an RSA-2048 signature costs about a
// millisecond, a million of them a quarter of an hour of CPU; the cache
// holds an identity whatever signed the token) and shaped like a Keycloak
// access token (about 1 KB), and the generator keeps none of them, so what
// grows is what the proxy keeps.
func runRSS(n, conns int) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	benchkit.Check(err)
	idp := benchkit.StartIdP(jose.JSONWebKey{Key: pub, KeyID: "bench-ed", Algorithm: string(jose.EdDSA), Use: "sig"})
	up := benchkit.Serve(upstreamHandler("static"))
	cfg := routes.Config{Version: 1, Issuer: idp.Issuer, Routes: []routes.Route{
		{Name: "bench", Path: "/api", Upstream: "http://" + up, Auth: routes.AuthRequired, Roles: []string{"user"}},
	}}
	sink := proxy.NewMemorySink(1000, func(proxy.Batch) {})
	defer sink.Close()
	srv, err := proxy.New(cfg, proxy.Options{Sink: sink})
	benchkit.Check(err)
	benchkit.Check(srv.Start("127.0.0.1:0"))
	u := "http://" + srv.Addr() + "/api/items/42"
	fmt.Printf("rss: %d distinct Ed25519 tokens, each sent once by %d connections, token cache %d (default)\n",
		n, conns, proxy.DefaultTokenCacheSize)
	fmt.Printf("%10s %9s %10s %12s %10s\n", "tokens", "req/s", "RSS MiB", "live heap MiB", "peak RSS MiB")
	report := func(sent int64, elapsed time.Duration) {
		runtime.GC() // live heap: what is kept, not garbage awaiting collection
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rss, peak := procStatus("VmRSS"), procStatus("VmHWM")
		fmt.Printf("%10d %9.0f %10.1f %12.1f %10.1f\n", sent, float64(sent)/elapsed.Seconds(), rss, float64(ms.HeapInuse)/(1<<20), peak)
	}

	client := &http.Client{Transport: tunedTransport()}
	var next, done atomic.Int64
	step := int64(n / 10)
	start := time.Now()
	var reportMu sync.Mutex
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: jose.JSONWebKey{Key: priv, KeyID: "bench-ed"}}, nil)
			benchkit.Check(err)
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				send(client, u, keycloakToken(signer, idp.Issuer, i))
				if d := done.Add(1); step > 0 && d%step == 0 {
					reportMu.Lock()
					report(d, time.Since(start))
					reportMu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("sent %d distinct tokens in %s; JWKS fetches %d\n", n, time.Since(start).Round(time.Second), idp.Fetches.Load())
}

// keycloakToken signs the claims of a Keycloak 26 access token for user i.
func keycloakToken(s jose.Signer, issuer string, i int64) string {
	id := strconv.FormatInt(i, 10)
	claims := map[string]any{
		"exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix(), "jti": "onrtro:" + id + "-2b1c3c8e-6d0a-4a8c-9b0e",
		"iss": issuer, "aud": []string{"tandem-proxy", "account"}, "sub": "f1b2c3d4-5e6f-7a8b-9c0d-" + id, "typ": "Bearer",
		"azp": "web", "sid": "8d7c6b5a-4f3e-2d1c-0b9a-" + id, "acr": "1", "allowed-origins": []string{"http://127.0.0.1:8080"},
		"realm_access":    map[string]any{"roles": []string{"default-roles-demo", "offline_access", "uma_authorization", "user"}},
		"resource_access": map[string]any{"account": map[string]any{"roles": []string{"manage-account", "manage-account-links", "view-profile"}}},
		"scope":           "openid profile email", "email_verified": true, "name": "User " + id, "preferred_username": "user" + id,
		"given_name": "User", "family_name": id, "email": "user" + id + "@example.com",
	}
	return benchkit.SignWith(s, claims)
}

func send(client *http.Client, u, token string) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		log.Fatalf("status %d for a valid token", resp.StatusCode)
	}
}

// procStatus reads a kB field of /proc/self/status, in MiB (0 where there
// is no /proc).
func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte(field+":")); ok {
			kb, _ := strconv.ParseFloat(string(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(" kB"))), 64)
			return kb / 1024
		}
	}
	return 0
}
