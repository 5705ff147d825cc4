package proxy

import (
	"net/http"
	"sync"
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
type Trace struct {
	Record
	Route           string            `json:"route"`
	RouteMatch      string            `json:"routeMatch"`
	Steps           []Step            `json:"steps"`
	RolesRequired   []string          `json:"rolesRequired"`
	RolesHeld       []string          `json:"rolesHeld"`
	Stripped        []string          `json:"stripped"`
	Injected        map[string]string `json:"injected"`
	UpstreamURL     string            `json:"upstreamUrl"`
	UpstreamHeaders http.Header       `json:"upstreamHeaders"`
}

// step appends a stage; a nil trace (the untraced common case) ignores it.
func (t *Trace) step(name string, ok bool, detail string) {
	if t != nil {
		t.Steps = append(t.Steps, Step{Name: name, OK: ok, Detail: detail})
	}
}

// traceStore keeps the most recent traces, by request id.
type traceStore struct {
	mu    sync.Mutex
	byID  map[string]*Trace
	order []string // ring of ids, oldest overwritten first
	next  int
}

func newTraceStore(size int) *traceStore {
	return &traceStore{byID: make(map[string]*Trace, size), order: make([]string, size)}
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
}

func (s *traceStore) get(id string) (Trace, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	if !ok {
		return Trace{}, false
	}
	return *t, true
}
