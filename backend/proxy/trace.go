package proxy

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Step is one stage of the proxy's decision for a traced request.
type Step struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Trace is the full story of one request sent with X-Tandem-Trace: the log
// record plus why the route matched, each decision step, the roles involved,
// the headers stripped and injected, and what exactly went to the upstream.
// It is the one trace type: the tester and the GUI read it as it is, so
// what they show is what the proxy decided.
type Trace struct {
	Record
	// RouteMatch says why the route (Record.Route) matched.
	RouteMatch      string            `json:"routeMatch"`
	Steps           []Step            `json:"steps"`
	RolesRequired   []string          `json:"rolesRequired"`
	RolesHeld       []string          `json:"rolesHeld"`
	Stripped        []string          `json:"stripped"`
	Injected        map[string]string `json:"injected"`
	UpstreamURL     string            `json:"upstreamUrl"`
	UpstreamHeaders http.Header       `json:"upstreamHeaders"`
}

// step appends a stage.
func (t *Trace) step(name string, ok bool, detail string) {
	t.Steps = append(t.Steps, Step{Name: name, OK: ok, Detail: detail})
}

// fill tells the story of a decision: the route and why it matched, the
// roles, the headers stripped and injected, and one step per stage the
// request went through, the failing one last. The record, UpstreamURL and
// UpstreamHeaders are set already (the last two by rewrite, when the
// request was forwarded).
func (t *Trace) fill(d *decision, method, host string) {
	t.Stripped = append([]string(nil), d.stripped...)
	if d.verdict == DecisionBadRequest && d.route == nil {
		t.step("normalise path", false, d.reason)
		return
	}
	t.step("normalise path", true, d.path)
	rt := d.route
	if rt == nil {
		detail := d.reason
		if d.allow == "" {
			detail = "no route matches " + method + " " + host + d.path
		}
		t.step("match route", false, detail)
		return
	}
	t.RouteMatch, t.RolesRequired = rt.reason, rt.roles
	t.step("match route", true, rt.name+": "+rt.reason)
	switch d.authn {
	case authPublic:
		t.step("authenticate", true, "public route: any token is ignored")
	case authAnonymous:
		t.step("authenticate", true, "no token: forwarded anonymously")
	case authMissing:
		t.step("authenticate", false, "no bearer token")
	case authInvalid:
		t.step("verify token", false, d.reason)
	case authVerified:
		id := d.id
		t.RolesHeld = id.heldRoles()
		t.step("verify token", true, "subject "+id.subject+", expires "+id.expiry.UTC().Format(time.RFC3339))
		if len(rt.roles) > 0 {
			if d.verdict == DecisionForbidden {
				t.step("check roles", false, "needs one of "+strings.Join(rt.roles, ", "))
			} else {
				t.step("check roles", true, "holds one of "+strings.Join(rt.roles, ", "))
			}
		}
	}
	if !d.forwarded() {
		return
	}
	t.step("strip identity headers", true, strings.Join(t.Stripped, ", "))
	if id := d.id; id != nil {
		t.Injected = map[string]string{}
		for _, inj := range rt.inject {
			if v := id.values[inj.claim]; v != nil {
				t.Injected[inj.header] = v[0]
			}
		}
		t.step("inject identity headers", true, strings.Join(sortedKeys(t.Injected), ", "))
	}
	if d.verdict == DecisionUpstreamError {
		t.step("forward", false, d.reason)
	} else {
		t.step("forward", true, t.UpstreamURL)
	}
}

// traceStore keeps the most recent traces, by request id.
type traceStore struct {
	mu    sync.Mutex
	byID  map[string]*Trace
	order []string // ring of ids, oldest overwritten first
	next  int
	// kept is closed and replaced whenever a trace is kept, waking those
	// waiting for one (AwaitTrace). Only traced requests pay for it.
	kept chan struct{}
}

func newTraceStore(size int) *traceStore {
	return &traceStore{byID: make(map[string]*Trace, size), order: make([]string, size), kept: make(chan struct{})}
}

func (s *traceStore) put(t *Trace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.order[s.next]; old != "" {
		delete(s.byID, old)
	}
	s.order[s.next] = t.RequestID
	s.byID[t.RequestID] = t
	s.next = (s.next + 1) % len(s.order)
	close(s.kept)
	s.kept = make(chan struct{})
}

func (s *traceStore) get(id string) (Trace, bool) {
	t, ok, _ := s.lookup(id)
	return t, ok
}

// lookup returns the trace of id, or the channel closed when the next
// trace is kept.
func (s *traceStore) lookup(id string) (Trace, bool, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	if !ok {
		return Trace{}, false, s.kept
	}
	return *t, true, nil
}

// await returns the trace of id once it is kept, or false when ctx ends
// first.
func (s *traceStore) await(ctx context.Context, id string) (Trace, bool) {
	for {
		t, ok, kept := s.lookup(id)
		if ok {
			return t, true
		}
		select {
		case <-kept:
		case <-ctx.Done():
			return Trace{}, false
		}
	}
}

// AwaitTrace is Trace for a request whose response the caller has just
// read: the proxy keeps a trace once its handler returns, which can be a
// moment after the client has the whole response, so this waits for it
// until ctx ends (false then, as for a request that was not traced).
func (s *Server) AwaitTrace(ctx context.Context, requestID string) (Trace, bool) {
	return s.traces.await(ctx, requestID)
}
