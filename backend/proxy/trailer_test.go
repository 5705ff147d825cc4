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
