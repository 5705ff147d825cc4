package proxy

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// Through the running proxy, from a trusted peer (127.0.0.1/32, the test
// client): X-Forwarded-For is appended to, Proto and Host are kept, and the
// log's client is the first untrusted hop. From an untrusted peer the same
// headers are replaced and the client is the peer.
func TestForwardedHeadersEndToEnd(t *testing.T) {
	spoof := map[string]string{
		"X-Forwarded-For":   "6.6.6.6, 198.51.100.7",
		"X-Forwarded-Proto": "https",
		"X-Forwarded-Host":  "app.example",
	}
	t.Run("trusted", func(t *testing.T) {
		e := newEnv(t, func(c *routes.Config, _ *Options) { c.TrustedProxies = []string{"127.0.0.1/32"} })
		r := e.do("GET", "/api/pub", spoof)
		h := r.echo.Headers
		if h["X-Forwarded-For"] != "6.6.6.6, 198.51.100.7, 127.0.0.1" || h["X-Forwarded-Proto"] != "https" || h["X-Forwarded-Host"] != "app.example" {
			t.Errorf("upstream got %q %q %q", h["X-Forwarded-For"], h["X-Forwarded-Proto"], h["X-Forwarded-Host"])
		}
		if c := e.recordOf(t, r).Client; c != "198.51.100.7" {
			t.Errorf("log client = %q, want the first untrusted hop 198.51.100.7", c)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		e := newEnv(t, func(c *routes.Config, _ *Options) { c.TrustedProxies = []string{"10.0.0.0/8"} })
		r := e.do("GET", "/api/pub", spoof)
		h := r.echo.Headers
		if h["X-Forwarded-For"] != "127.0.0.1" || h["X-Forwarded-Proto"] != "http" || h["X-Forwarded-Host"] != e.srv.Addr() {
			t.Errorf("upstream got %q %q %q, want all three replaced", h["X-Forwarded-For"], h["X-Forwarded-Proto"], h["X-Forwarded-Host"])
		}
		if c := e.recordOf(t, r).Client; c != "127.0.0.1" {
			t.Errorf("log client = %q, want the peer", c)
		}
	})
}

// A route's rate: per subject for tokens, per client address without one;
// the request past the budget gets 429 with Retry-After (whole seconds,
// rounded up), the JSON error rate_limited, the log decision rate-limited
// and a metrics count; the budget refills with the (injected) clock.
func TestRateLimitEndToEnd(t *testing.T) {
	e := newEnv(t, func(c *routes.Config, o *Options) {
		o.Metrics = NewMetrics()
		for i := range c.Routes {
			if c.Routes[i].Name == "opt" {
				c.Routes[i].Rate = routes.RateLimit{PerIdentity: "2/min", Anonymous: "1/min"}
			}
		}
	})
	startAdmin(t, e.srv)
	alice, bob := bearer(e.token("alice")), bearer(e.token("bob"))
	for i := range 2 {
		if r := e.do("GET", "/api/opt", alice); r.status != 200 {
			t.Fatalf("alice request %d: %d", i+1, r.status)
		}
	}
	r := e.do("GET", "/api/opt", alice)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "30" || r.err.Error != "rate_limited" {
		t.Fatalf("alice 3rd: %d Retry-After %q error %q, want 429, 30, rate_limited", r.status, r.header.Get("Retry-After"), r.err.Error)
	}
	if r.err.RequestID == "" || !strings.Contains(r.err.Message, "2/min per identity") {
		t.Errorf("429 body %+v", r.err)
	}
	rec := e.recordOf(t, r)
	if rec.Decision != DecisionRateLimited || rec.Status != 429 || rec.Subject != "alice" || rec.Route != "opt" {
		t.Errorf("log record %+v", rec)
	}
	if r := e.do("GET", "/api/opt", bob); r.status != 200 {
		t.Fatalf("bob has a budget of his own: %d", r.status)
	}
	// Anonymous requests spend their client address's budget.
	if r := e.do("GET", "/api/opt", nil); r.status != 200 {
		t.Fatalf("first anonymous: %d", r.status)
	}
	if r := e.do("GET", "/api/opt", nil); r.status != 429 || r.header.Get("Retry-After") != "60" {
		t.Fatalf("second anonymous: %d Retry-After %q, want 429 and 60", r.status, r.header.Get("Retry-After"))
	}
	// Other routes are not limited.
	if r := e.do("GET", "/api/pub", nil); r.status != 200 {
		t.Fatalf("unlimited route: %d", r.status)
	}
	e.clock.Advance(29 * time.Second)
	if r := e.do("GET", "/api/opt", alice); r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("alice after 29 s: %d Retry-After %q, want 429 and 1", r.status, r.header.Get("Retry-After"))
	}
	e.clock.Advance(time.Second)
	if r := e.do("GET", "/api/opt", alice); r.status != 200 {
		t.Fatalf("alice after 30 s: %d, want one more request", r.status)
	}
	ex := scrapeAdmin(t, e.srv)
	if v := ex.value("tandem_proxy_requests_total", map[string]string{"route": "opt", "decision": "rate-limited", "code_class": "4xx"}); v != 3 {
		t.Errorf("rate-limited count = %v, want 3", v)
	}
	st := e.srv.Status().Limits
	if len(st.Rates) != 1 || st.Rates[0] != (RouteRate{Route: "opt", PerIdentity: "2/min", Anonymous: "1/min"}) || st.TrackedBuckets != 3 {
		t.Errorf("Status().Limits = %+v", st)
	}
}

// The header cap is the file's max_header_bytes: a header block past it is
// refused with 431 before any route sees it, and the default (1 MiB) lets a
// 20 KB header block (a chunked session of a user with many roles) through.
func TestMaxHeaderBytes(t *testing.T) {
	big := map[string]string{"X-Big": strings.Repeat("a", 20<<10)}
	small := newEnv(t, func(c *routes.Config, _ *Options) { c.MaxHeaderBytes = 4096 })
	if r := small.do("GET", "/api/pub", big); r.status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("20 KB of headers with a 4 KiB cap: %d, want 431", r.status)
	}
	def := newEnv(t)
	if r := def.do("GET", "/api/pub", big); r.status != 200 {
		t.Errorf("20 KB of headers with the default cap: %d, want 200", r.status)
	}
	l := def.srv.Status().Limits
	if l.MaxHeaderBytes != 1<<20 || l.ReadHeaderTimeout != "10s" || l.IdleTimeout != "2m0s" || l.UpstreamHeaderTimeout != "30s" {
		t.Errorf("default limits %+v", l)
	}
}

// A reload applies new rates at once, keeps the listener's limits (they
// need a restart, and the reload says so), and is counted in the metrics
// whether it is applied or refused.
func TestReloadLimitsAndCountsReloads(t *testing.T) {
	e := newEnv(t, func(_ *routes.Config, o *Options) { o.Metrics = NewMetrics() })
	startAdmin(t, e.srv)
	cfg := e.srv.Config()
	cfg.Timeouts.Idle = "5m"
	cfg.MaxHeaderBytes = 8192
	for i := range cfg.Routes {
		if cfg.Routes[i].Name == "pub" {
			cfg.Routes[i].Rate.Anonymous = "1/h"
		}
	}
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	res, _ := e.srv.LastReload()
	if !slices.Contains(res.NeedsRestart, "timeouts.idle") || !slices.Contains(res.NeedsRestart, "max_header_bytes") {
		t.Errorf("NeedsRestart = %v, want the idle timeout and the header cap named", res.NeedsRestart)
	}
	if l := e.srv.Status().Limits; l.IdleTimeout != "2m0s" || l.MaxHeaderBytes != 1<<20 {
		t.Errorf("listener limits after reload %+v, want the ones it started with", l)
	}
	e.do("GET", "/api/pub", nil)
	if r := e.do("GET", "/api/pub", nil); r.status != http.StatusTooManyRequests {
		t.Errorf("the reloaded rate does not apply: %d", r.status)
	}
	bad := cfg
	bad.Version = 7
	if err := e.srv.Reload(bad); err == nil {
		t.Fatal("an invalid file was applied")
	}
	ex := scrapeAdmin(t, e.srv)
	if s, f := ex.value("tandem_proxy_config_reloads_total", map[string]string{"result": "success"}),
		ex.value("tandem_proxy_config_reloads_total", map[string]string{"result": "failure"}); s != 1 || f != 1 {
		t.Errorf("reloads counted success=%v failure=%v, want 1 and 1", s, f)
	}
}
