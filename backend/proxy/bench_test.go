package proxy

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// stubTransport answers every upstream request at once, so the benchmarks
// measure the proxy's own work.
type stubTransport struct{}

func (stubTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200, ProtoMajor: 1, ProtoMinor: 1, Request: r,
		Header:        http.Header{"Content-Type": {"text/plain"}},
		Body:          io.NopCloser(strings.NewReader("ok")),
		ContentLength: 2,
	}, nil
}

func benchServer(b *testing.B) (*Server, *env) {
	e := newEnv(b, func(_ *routes.Config, o *Options) {
		o.Transport = stubTransport{}
		o.Sink = SinkFunc(func(Record) {})
	})
	return e.srv, e
}

// reportCPU adds the process CPU time per operation ("cpu-ns/op") to a
// benchmark's results; call it with the result of processCPU taken just
// before the timed loop.
func reportCPU(b *testing.B, start time.Duration, ok bool) {
	if end, ok2 := processCPU(); ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

func benchRequest(b *testing.B, h http.Handler, path string, header http.Header) {
	b.ReportAllocs()
	cpu, ok := processCPU()
	defer func() { reportCPU(b, cpu, ok) }()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", path, nil)
			for k, v := range header {
				req.Header[k] = v
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkRequiredCachedToken is the hot path: a required route with a
// token already verified once.
func BenchmarkRequiredCachedToken(b *testing.B) {
	srv, e := benchServer(b)
	h := http.Header{"Authorization": {"Bearer " + e.token("alice", "user")}, "X-User-Id": {"spoofed"}}
	benchRequest(b, srv.Handler(), "/api/req/items/42", h)
}

// BenchmarkRequiredFreshToken is a required route where every request
// carries a token the proxy has not verified yet: a pool of distinct valid
// RS256 tokens, twice the size of the token cache, is walked in order, so
// each request misses the cache (and evicts) and pays a full verification.
func BenchmarkRequiredFreshToken(b *testing.B) {
	const cacheSize = 256
	e := newEnv(b, func(_ *routes.Config, o *Options) {
		o.Transport = stubTransport{}
		o.Sink = SinkFunc(func(Record) {})
		o.TokenCacheSize = cacheSize
	})
	pool := make([]http.Header, 2*cacheSize)
	for i := range pool {
		pool[i] = http.Header{"Authorization": {"Bearer " + e.token(fmt.Sprintf("user-%d", i), "user")}, "X-User-Id": {"spoofed"}}
	}
	h := e.srv.Handler()
	var next atomic.Uint64
	b.ReportAllocs()
	b.ResetTimer()
	cpu, ok := processCPU()
	defer func() { reportCPU(b, cpu, ok) }()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", "/api/req/items/42", nil)
			maps.Copy(req.Header, pool[next.Add(1)%uint64(len(pool))])
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

func BenchmarkPublicRoute(b *testing.B) {
	srv, _ := benchServer(b)
	benchRequest(b, srv.Handler(), "/api/pub/items/42", nil)
}

// BenchmarkBareReverseProxy is the baseline: the same stub upstream and the
// same request (token included) behind a plain httputil.ReverseProxy.
func BenchmarkBareReverseProxy(b *testing.B) {
	_, e := benchServer(b)
	target, _ := url.Parse("http://upstream.test")
	bare := &httputil.ReverseProxy{
		Rewrite:    func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport:  stubTransport{},
		BufferPool: copyBuffers,
	}
	h := http.Header{"Authorization": {"Bearer " + e.token("alice", "user")}, "X-User-Id": {"spoofed"}}
	benchRequest(b, bare, "/api/req/items/42", h)
}

func BenchmarkNormalizePath(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = routes.NormalizePath("/api/feed/items/42")
	}
}

func BenchmarkVerifyUncached(b *testing.B) {
	srv, e := benchServer(b)
	tokens := make([]string, 64)
	for i := range tokens {
		tokens[i] = e.token("user-" + string(rune('a'+i%26)) + string(rune('a'+i/26)))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		srv.current().verifier.cache.Purge()
		if _, err := srv.current().verifier.verify(b.Context(), tokens[i%len(tokens)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkIdentity compares a signed-in browser's requests (session
// cookie, chunked as a real one may be) with the same user's bearer token
// on the same required route, in one run: a session should cost at most a
// little more than a bearer token (docs/proxy.md, Performance).
func BenchmarkIdentity(b *testing.B) {
	clock := newTestClock()
	op := newFakeOP(b, clock)
	e := newLoginEnv(b, op, clock)
	br := newBrowser(b)
	br.signIn(e, "/app")
	access := strings.TrimPrefix(br.get(e.base + "/pass").echo.Headers["Authorization"], "Bearer ")
	u, _ := url.Parse(e.base)
	var cookie []string
	for _, c := range br.client.Jar.Cookies(u) {
		cookie = append(cookie, c.Name+"="+c.Value)
	}
	srv, err := New(loginConfig(op.issuer(), "http://upstream.test"), Options{
		Clock: clock.Now, Transport: stubTransport{}, Sink: SinkFunc(func(Record) {}),
		LoginSecrets: func(routes.Config) (LoginSecrets, error) {
			return LoginSecrets{ClientSecret: op.secret, CookieKeys: e.keys}, nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("bearer", func(b *testing.B) {
		benchRequest(b, srv.Handler(), "/api/items/42", http.Header{"Authorization": {"Bearer " + access}})
	})
	b.Run("session", func(b *testing.B) {
		benchRequest(b, srv.Handler(), "/api/items/42", http.Header{"Cookie": {strings.Join(cookie, "; ")}})
	})
}
