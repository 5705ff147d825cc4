package app

import (
	"net/http"
	"slices"
	"testing"
)

// A log row opens into what the proxy kept of its request: for a traced
// request, the headers it stripped; for any other, a trace that says none
// was kept (never an error, never another request's trace).
func TestProxyTraceOfALogRow(t *testing.T) {
	s, rec := activeSession(t)
	savePublicRoute(t, s, func(http.ResponseWriter, *http.Request) {})
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	if got := svc.Trace("anything"); got.Kept {
		t.Fatalf("stopped proxy kept a trace: %+v", got)
	}
	st := startProxy(t, svc)
	send := func(traced bool) string {
		req, _ := http.NewRequest("GET", "http://"+st.Status.Addr+"/pub", nil)
		req.Header.Set("X-User-Id", "spoofed")
		if traced {
			req.Header.Set("X-Tandem-Trace", svc.srv.TraceKey())
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("X-Request-Id")
	}
	plain, traced := send(false), send(true)
	// The trace is filed once the handler returns, a moment after the
	// response; stopping waits for every handler, and the stopped run's log
	// rows still open their traces.
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}

	if got := svc.Trace(plain); got.Kept || got.Stripped == nil || got.Injected == nil || got.Steps == nil {
		t.Errorf("untraced request: %+v", got)
	}
	if got := svc.Trace(traced); !got.Kept || !slices.Contains(got.Stripped, "X-User-Id") || got.UpstreamURL == "" {
		t.Errorf("traced request: %+v", got)
	}
	// A new run's log has none of the old rows, nor their traces.
	startProxy(t, svc)
	if got := svc.Trace(traced); got.Kept {
		t.Errorf("a new run opened the last run's trace: %+v", got)
	}
}
