package proxy

import (
	"context"
	"strings"
	"testing"
)

func TestTraceRecordsTheDecision(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/admin/x", e.traced(map[string]string{"x_user_id": "spoofed"}, "alice-sub", "admin"))
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if _, leaked := r.echo.Headers["X-Tandem-Trace"]; leaked {
		t.Error("the trace header reached the upstream")
	}
	tr, ok := e.traceOf(r)
	if !ok {
		t.Fatalf("no trace for %s", r.header.Get("X-Request-Id"))
	}
	if tr.Route != "admin" || tr.Decision != DecisionAllowed || tr.Subject != "alice-sub" || tr.Status != 200 {
		t.Errorf("trace record %+v", tr.Record)
	}
	if !strings.Contains(tr.RouteMatch, "/api/admin") || strings.Join(tr.RolesRequired, ",") != "admin" || strings.Join(tr.RolesHeld, ",") != "admin" {
		t.Errorf("match %q roles %v / %v", tr.RouteMatch, tr.RolesRequired, tr.RolesHeld)
	}
	if len(tr.Stripped) != 1 || routesNorm(tr.Stripped[0]) != "x-user-id" {
		t.Errorf("stripped %v", tr.Stripped)
	}
	if tr.Injected["X-User-Id"] != "alice-sub" || tr.UpstreamHeaders.Get("X-User-Id") != "alice-sub" {
		t.Errorf("injected %v upstream headers %v", tr.Injected, tr.UpstreamHeaders)
	}
	if tr.UpstreamURL != e.up.srv.URL+"/api/admin/x" {
		t.Errorf("upstream URL %q", tr.UpstreamURL)
	}
	var names []string
	for _, s := range tr.Steps {
		names = append(names, s.Name)
		if !s.OK {
			t.Errorf("step %+v failed", s)
		}
	}
	if got := strings.Join(names, ","); got != "normalise path,match route,verify token,check roles,strip identity headers,inject identity headers,forward" {
		t.Errorf("steps %s", got)
	}
}

func TestTraceOfARefusal(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/admin", e.traced(nil, "bob", "user"))
	if r.status != 403 {
		t.Fatalf("%d", r.status)
	}
	tr, ok := e.traceOf(r)
	if !ok || tr.Decision != DecisionForbidden || tr.Steps[len(tr.Steps)-1].OK || tr.UpstreamURL != "" {
		t.Fatalf("trace %+v", tr)
	}
}

func TestWrongTraceKeyIsIgnoredAndStripped(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/pub", map[string]string{"X-Tandem-Trace": "guess"})
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	if _, leaked := r.echo.Headers["X-Tandem-Trace"]; leaked {
		t.Error("the trace header reached the upstream")
	}
	waitRecord(t, e, 1)
	if _, ok := e.srv.Trace(r.header.Get("X-Request-Id")); ok {
		t.Error("a request with a wrong key was traced")
	}
}

func TestTraceStoreIsBounded(t *testing.T) {
	s := newTraceStore(3)
	for _, id := range []string{"a", "b", "c", "d"} {
		s.put(&Trace{Record: Record{RequestID: id}})
	}
	if _, ok := s.get("a"); ok {
		t.Error("oldest trace kept")
	}
	if tr, ok := s.get("d"); !ok || tr.RequestID != "d" {
		t.Error("newest trace missing")
	}
}

// A trace is kept once the handler returns, which can be after the client
// has read the response: AwaitTrace waits for it, and gives up when its
// context ends.
func TestAwaitTraceWaitsForTheTraceToBeKept(t *testing.T) {
	s := newTraceStore(4)
	got := make(chan Trace)
	go func() {
		tr, _ := s.await(context.Background(), "r1")
		got <- tr
	}()
	s.put(&Trace{Record: Record{RequestID: "other"}})
	s.put(&Trace{Record: Record{RequestID: "r1", Route: "admin"}})
	if tr := <-got; tr.RequestID != "r1" || tr.Route != "admin" {
		t.Errorf("awaited trace %+v", tr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok := s.await(ctx, "never"); ok {
		t.Error("a trace that is never kept was found")
	}
}

func routesNorm(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "-") }
