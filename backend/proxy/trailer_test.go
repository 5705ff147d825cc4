package proxy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// A chunked request can declare identity headers as trailers; they must not
// reach the upstream either.
func TestSpoofedTrailersAreStripped(t *testing.T) {
	got := make(chan http.Header, 1)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		got <- r.Trailer.Clone()
	}))
	defer up.Close()
	e := newEnv(t, func(c *routes.Config, _ *Options) { c.Routes[4].Upstream = up.URL })
	conn, err := net.Dial("tcp", e.srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/pub HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-User-Id, X_User_Roles, X-Other\r\n\r\n"+
		"5\r\nhello\r\n0\r\nX-User-Id: evil\r\nX_User_Roles: admin\r\nX-Other: fine\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tr := <-got
	for name := range tr {
		if n := routes.NormalizeHeaderName(name); n == "x-user-id" || n == "x-user-roles" {
			t.Errorf("upstream received trailer %s: %q", name, tr[name])
		}
	}
	t.Logf("upstream trailers: %v", tr)
}

// An upstream that breaks off mid-body still leaves a log record.
func TestAbortedUpstreamResponseIsLogged(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		_, _ = w.Write([]byte("partial"))
		conn, _, _ := http.NewResponseController(w).Hijack()
		conn.Close()
	}))
	defer up.Close()
	e := newEnv(t, func(c *routes.Config, _ *Options) { c.Routes[4].Upstream = up.URL })
	resp, err := http.Get(e.base + "/api/pub")
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	rec := waitRecord(t, e, 1)
	if rec.Decision != DecisionUpstreamError || rec.Route != "pub" {
		t.Errorf("record %+v", rec)
	}
}

// No request trailer, declared or not, can carry a header the proxy owns to
// the upstream, by name or by value, and none can stand in for the identity
// headers the proxy injects.
func TestNoTrailerCarriesAnOwnedHeaderToTheUpstream(t *testing.T) {
	type seen struct{ header, trailer http.Header }
	got := make(chan seen, 1)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // trailers arrive with the end of the body
		got <- seen{r.Header.Clone(), r.Trailer.Clone()}
	}))
	defer up.Close()
	e := newEnv(t, func(c *routes.Config, _ *Options) {
		c.Routes[0].Upstream = up.URL // "req"
		c.Routes[3].Upstream = up.URL // "opt"
	})
	for _, c := range []struct{ path, auth, wantID string }{
		{"/api/req", "Authorization: Bearer " + e.token("alice-sub", "user") + "\r\n", "alice-sub"},
		{"/api/opt", "", ""},
	} {
		conn, err := net.Dial("tcp", e.srv.Addr())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\n%sTransfer-Encoding: chunked\r\n"+
			"Trailer: X-User-Id, X_User_Roles, X-Request-Id, X-Tandem-Trace, X-Other\r\n\r\n"+
			"5\r\nhello\r\n0\r\nX-User-Id: evil\r\nX_User_Roles: evil\r\nX-Request-Id: evil\r\nX-Tandem-Trace: evil\r\n"+
			"X-User-Email: evil\r\nX-Other: fine\r\n\r\n", c.path, c.auth)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", c.path, resp.StatusCode)
		}
		s := <-got
		for name, vals := range s.trailer {
			if e.srv.owns(name) {
				t.Errorf("%s: upstream was announced trailer %s %q", c.path, name, vals)
			}
		}
		for _, h := range []http.Header{s.header, s.trailer} {
			for name, vals := range h {
				for _, v := range vals {
					if v == "evil" {
						t.Errorf("%s: upstream received %s: evil", c.path, name)
					}
				}
			}
		}
		if id := s.header.Get("X-User-Id"); id != c.wantID {
			t.Errorf("%s: upstream X-User-Id %q, want %q", c.path, id, c.wantID)
		}
		if s.header.Get("X-Request-Id") != resp.Header.Get("X-Request-Id") {
			t.Errorf("%s: upstream X-Request-Id %q, response %q", c.path, s.header.Get("X-Request-Id"), resp.Header.Get("X-Request-Id"))
		}
		t.Logf("%s: upstream trailers %v", c.path, s.trailer)
	}
}
