package proxy

import (
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tandemhq/tandem/backend/buildinfo"
)

// Metrics are the proxy's Prometheus metrics, in a registry of their own so
// that an embedding program's metrics (or another proxy's in the same
// process) never mix with them. Every label is bounded: route names from
// the route file, decisions, status classes and fixed results; never paths
// or users. All methods are safe on a nil *Metrics, which records nothing.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	jwks     *prometheus.CounterVec
	sessions *prometheus.CounterVec
	reloads  *prometheus.CounterVec

	mu     sync.Mutex
	routes map[string]*routeMetrics // by route name; "" for requests no route matched
}

// Results of a JWKS fetch, a session refresh or a config reload.
const (
	ResultSuccess = "success"
	ResultFailure = "failure"
)

// NewMetrics registers the proxy's metrics, with the Go runtime's and the
// process's, in a new registry.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tandem_proxy_requests_total",
			Help: "Requests answered, by route (\"\" when none matched), decision and status class.",
		}, []string{"route", "decision", "code_class"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "tandem_proxy_request_duration_seconds",
			Help:    "Time from receiving a request to its answer (upstream included), by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		jwks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tandem_proxy_jwks_fetches_total",
			Help: "Fetches of the issuer's signing keys, by result.",
		}, []string{"result"}),
		sessions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tandem_proxy_session_refreshes_total",
			Help: "Browser sessions whose access token was refreshed, by result.",
		}, []string{"result"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tandem_proxy_config_reloads_total",
			Help: "Route file reloads, by result (a failure changes nothing).",
		}, []string{"result"}),
		routes: map[string]*routeMetrics{},
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "tandem_build_info",
		Help: "The running build: always 1, with its version and Go version as labels.",
	}, []string{"version", "goversion"})
	build.WithLabelValues(buildinfo.Version, runtime.Version()).Set(1)
	// Zero series for the fixed results, so a rate() over them exists
	// before the first event.
	for _, r := range []string{ResultSuccess, ResultFailure} {
		m.jwks.WithLabelValues(r)
		m.sessions.WithLabelValues(r)
		m.reloads.WithLabelValues(r)
	}
	m.reg.MustRegister(m.requests, m.duration, m.jwks, m.sessions, m.reloads, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the registry the metrics live in (for tests and embedding).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// SessionRefresh counts one refresh of a browser session's access token:
// ok when a new token came, false when the refresh failed.
func (m *Metrics) SessionRefresh(ok bool) {
	if m != nil {
		m.sessions.WithLabelValues(resultLabel(ok)).Inc()
	}
}

// ConfigReload counts one reload of the route file: ok when the new file
// replaced the old, false when it was refused and nothing changed.
func (m *Metrics) ConfigReload(ok bool) {
	if m != nil {
		m.reloads.WithLabelValues(resultLabel(ok)).Inc()
	}
}

// JWKSFetch counts one fetch of the issuer's signing keys.
func (m *Metrics) JWKSFetch(ok bool) {
	if m != nil {
		m.jwks.WithLabelValues(resultLabel(ok)).Inc()
	}
}

func resultLabel(ok bool) string {
	if ok {
		return ResultSuccess
	}
	return ResultFailure
}

// route returns the pre-resolved metrics of one route (name "" for requests
// no route matched). Routes are compiled once per configuration, so the
// label lookups happen then, not per request; a route keeps its series
// across reloads.
func (m *Metrics) route(name string) *routeMetrics {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if rm := m.routes[name]; rm != nil {
		return rm
	}
	rm := &routeMetrics{
		duration: m.duration.WithLabelValues(name),
		requests: m.requests.MustCurryWith(prometheus.Labels{"route": name}),
	}
	m.routes[name] = rm
	return rm
}

// codeClasses are the code_class label values, by status / 100; index 0
// stands for a status outside 100–599 (none was written).
var codeClasses = [6]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}

// routeMetrics are one route's series. Counters for a decision and status
// class are resolved on first use and kept, so each request costs an atomic
// load and an increment, and only combinations that occurred are exposed.
type routeMetrics struct {
	duration prometheus.Observer
	requests *prometheus.CounterVec // curried with the route

	counters sync.Map // counterKey → prometheus.Counter, for the rare path
	fast     [maxFastDecisions][len(codeClasses)]atomic.Pointer[counterBox]
}

// counterBox lets an interface value sit behind an atomic.Pointer.
type counterBox struct{ c prometheus.Counter }

type counterKey struct {
	decision Decision
	class    int
}

// maxFastDecisions is how many decisions (the first ones of Decisions) get
// the lock-free path; any later decision takes the sync.Map.
const maxFastDecisions = 16

// fastDecisions numbers the decisions for the fast path.
var fastDecisions = func() map[Decision]int {
	idx := map[Decision]int{}
	for i, d := range Decisions {
		idx[d] = i
	}
	return idx
}()

// observe counts one answered request and its duration.
func (rm *routeMetrics) observe(d Decision, status int, elapsed time.Duration) {
	if rm == nil {
		return
	}
	rm.duration.Observe(elapsed.Seconds())
	class := status / 100
	if class < 1 || class > 5 {
		class = 0
	}
	if i, ok := fastDecisions[d]; ok && i < maxFastDecisions {
		slot := &rm.fast[i][class]
		if b := slot.Load(); b != nil {
			b.c.Inc()
			return
		}
		c := rm.requests.WithLabelValues(string(d), codeClasses[class])
		slot.Store(&counterBox{c})
		c.Inc()
		return
	}
	k := counterKey{d, class}
	if c, ok := rm.counters.Load(k); ok {
		c.(prometheus.Counter).Inc()
		return
	}
	c := rm.requests.WithLabelValues(string(d), codeClasses[class])
	rm.counters.Store(k, c)
	c.Inc()
}
