package proxy

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/tandemhq/tandem/backend/buildinfo"
)

// exposition is a parsed /metrics answer.
type exposition map[string]*dto.MetricFamily

// parseExposition reads a Prometheus text exposition as a scraper would.
func parseExposition(t testing.TB, resp *http.Response) exposition {
	t.Helper()
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// scrapeAdmin reads /metrics from the admin listener of srv.
func scrapeAdmin(t testing.TB, srv *Server) exposition {
	t.Helper()
	return parseExposition(t, adminResponse(t, srv, "/metrics"))
}

func scrapeHandler(t testing.TB, h http.Handler) exposition {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return parseExposition(t, rec.Result())
}

// sample finds the series of family name with exactly these labels; ok is
// false when there is none.
func (e exposition) sample(name string, labels map[string]string) (*dto.Metric, bool) {
	fam := e[name]
	if fam == nil {
		return nil, false
	}
next:
	for _, m := range fam.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, l := range m.GetLabel() {
			if v, ok := labels[l.GetName()]; !ok || v != l.GetValue() {
				continue next
			}
		}
		return m, true
	}
	return nil, false
}

// value is a counter's or gauge's value, or -1 when the series is absent.
func (e exposition) value(name string, labels map[string]string) float64 {
	m, ok := e.sample(name, labels)
	switch {
	case !ok:
		return -1
	case m.GetCounter() != nil:
		return m.GetCounter().GetValue()
	case m.GetGauge() != nil:
		return m.GetGauge().GetValue()
	}
	return -1
}

// histogramCount is a histogram series' observation count, or -1.
func (e exposition) histogramCount(name string, labels map[string]string) int64 {
	m, ok := e.sample(name, labels)
	if !ok || m.GetHistogram() == nil {
		return -1
	}
	return int64(m.GetHistogram().GetSampleCount())
}

func TestMetricsCountWhatTheyAreTold(t *testing.T) {
	m := NewMetrics()
	api := m.route("api")
	if m.route("api") != api {
		t.Fatal("a route's metrics are resolved twice")
	}
	api.observe(DecisionAllowed, 200, 3*time.Millisecond)
	api.observe(DecisionAllowed, 204, time.Millisecond)
	api.observe(DecisionAllowed, 503, time.Millisecond)
	api.observe(DecisionUnauthorized, 401, time.Millisecond)
	m.route("").observe(DecisionNoRoute, 404, time.Millisecond)
	m.route("").observe(Decision("some-later-decision"), 302, time.Millisecond)
	m.JWKSFetch(true)
	m.JWKSFetch(false)
	m.JWKSFetch(false)
	m.SessionRefresh(true)
	m.ConfigReload(false)
	var none *Metrics // a proxy without metrics
	none.JWKSFetch(true)
	none.route("api").observe(DecisionAllowed, 200, time.Millisecond)

	e := scrapeHandler(t, m.Handler())
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"tandem_proxy_requests_total", map[string]string{"route": "api", "decision": "allowed", "code_class": "2xx"}, 2},
		{"tandem_proxy_requests_total", map[string]string{"route": "api", "decision": "allowed", "code_class": "5xx"}, 1},
		{"tandem_proxy_requests_total", map[string]string{"route": "api", "decision": "unauthorized", "code_class": "4xx"}, 1},
		{"tandem_proxy_requests_total", map[string]string{"route": "", "decision": "no-route", "code_class": "4xx"}, 1},
		{"tandem_proxy_requests_total", map[string]string{"route": "", "decision": "some-later-decision", "code_class": "3xx"}, 1},
		{"tandem_proxy_requests_total", map[string]string{"route": "api", "decision": "forbidden", "code_class": "4xx"}, -1},
		{"tandem_proxy_jwks_fetches_total", map[string]string{"result": "success"}, 1},
		{"tandem_proxy_jwks_fetches_total", map[string]string{"result": "failure"}, 2},
		{"tandem_proxy_session_refreshes_total", map[string]string{"result": "success"}, 1},
		{"tandem_proxy_session_refreshes_total", map[string]string{"result": "failure"}, 0},
		{"tandem_proxy_config_reloads_total", map[string]string{"result": "failure"}, 1},
		{"tandem_proxy_config_reloads_total", map[string]string{"result": "success"}, 0},
		{"tandem_build_info", map[string]string{"version": buildinfo.Version, "goversion": runtime.Version()}, 1},
	}
	for _, c := range checks {
		if got := e.value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if n := e.histogramCount("tandem_proxy_request_duration_seconds", map[string]string{"route": "api"}); n != 4 {
		t.Errorf("duration observations for api = %d, want 4", n)
	}
	if e["go_goroutines"] == nil || e["process_cpu_seconds_total"] == nil {
		t.Error("the Go runtime and process metrics are missing")
	}
	// A second set of metrics is a registry of its own.
	if other := scrapeHandler(t, NewMetrics().Handler()); other.value("tandem_proxy_jwks_fetches_total", map[string]string{"result": "failure"}) != 0 {
		t.Error("two Metrics share a registry")
	}
}
