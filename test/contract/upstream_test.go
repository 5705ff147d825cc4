package contract

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/test/nowhere"
)

// caseHeader tags every request the suite sends, so the request an upstream
// received can be found again (or shown never to have arrived).
const caseHeader = "X-Contract-Case"

// seen is exactly what an upstream received.
type seen struct {
	Upstream   string // label of the upstream that received it
	Method     string
	RequestURI string
	Host       string
	Header     http.Header
	Trailer    http.Header
	Body       string
}

// upstreams are labelled recording servers sharing one log.
type upstreams struct {
	t     *testing.T
	mu    sync.Mutex
	byTag map[string][]seen
	urls  map[string]string
	// hold, when set, is called by every upstream before it answers (to keep
	// a request in flight).
	hold func(label string)
}

func newUpstreams(t *testing.T) *upstreams {
	return &upstreams{t: t, byTag: map[string][]seen{}, urls: map[string]string{}}
}

// url starts (once) the upstream with this label and returns its base URL.
func (u *upstreams) url(label string) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	if v, ok := u.urls[label]; ok {
		return v
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // reading to EOF makes request trailers available
		s := seen{Upstream: label, Method: r.Method, RequestURI: r.RequestURI, Host: r.Host,
			Header: r.Header.Clone(), Trailer: r.Trailer.Clone(), Body: string(body)}
		u.mu.Lock()
		tag := r.Header.Get(caseHeader)
		u.byTag[tag] = append(u.byTag[tag], s)
		hold := u.hold
		u.mu.Unlock()
		if hold != nil {
			hold(label)
		}
		if r.Header.Get("X-Want-Hop-Response") != "" {
			// Hop-by-hop response headers a proxy must not pass on.
			w.Header().Set("Connection", "X-Upstream-Hop")
			w.Header().Set("X-Upstream-Hop", "must-not-reach-the-client")
			w.Header().Set("Keep-Alive", "timeout=5")
		}
		w.Header().Set("X-Upstream", label)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "upstream "+label)
	}))
	u.t.Cleanup(srv.Close)
	u.urls[label] = srv.URL
	return srv.URL
}

// got returns what upstreams received for a case tag.
func (u *upstreams) got(tag string) []seen {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]seen(nil), u.byTag[tag]...)
}

// deadURL is an http URL where nothing answers for the whole test: a port
// the test holds without listening, so the proxy gets "connection refused"
// as from an upstream that is down, and no other server of this parallel
// run can be given the port meanwhile.
func deadURL(t *testing.T) string {
	t.Helper()
	return nowhere.URL(t)
}
