package proxy

import (
	"net/http"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// BenchmarkMetrics runs the hot path (a required route, a cached token)
// with metrics off, on, and on with a per-identity rate limit, in one run so
// the three are compared under the same load:
//
//	go test -bench BenchmarkMetrics -run XXX -count 4 ./backend/proxy/
//
// Compare cpu-ns/op (process CPU per request), which holds up on a shared
// machine where wall-clock ns/op does not; docs/proxy.md has the figures.
func BenchmarkMetrics(b *testing.B) {
	for _, v := range []struct {
		name    string
		metrics bool
		rate    string
	}{
		{"off", false, ""},
		{"on", true, ""},
		{"on+rate", true, "1000000000/s"},
	} {
		b.Run(v.name, func(b *testing.B) {
			e := newEnv(b, func(c *routes.Config, o *Options) {
				o.Transport = stubTransport{}
				o.Sink = SinkFunc(func(Record) {})
				if v.metrics {
					o.Metrics = NewMetrics()
				}
				for i := range c.Routes {
					if c.Routes[i].Name == "req" {
						c.Routes[i].Rate.PerIdentity = v.rate
					}
				}
			})
			h := http.Header{"Authorization": {"Bearer " + e.token("alice", "user")}, "X-User-Id": {"spoofed"}}
			benchRequest(b, e.srv.Handler(), "/api/req/items/42", h)
		})
	}
}

// BenchmarkRouteMetricsObserve is what metrics add to one request: a
// histogram observation and a counter increment, both resolved beforehand.
func BenchmarkRouteMetricsObserve(b *testing.B) {
	rm := NewMetrics().route("api")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rm.observe(DecisionAllowed, 200, 1500*time.Microsecond)
		}
	})
}
