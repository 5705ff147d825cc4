// Package wsecho is a WebSocket upstream for proxy tests, and the client
// that reaches it through the proxy. The upstream answers a handshake with
// 101, keeps the handshake's headers (what the proxy forwarded), then echoes
// one line prefixed with "echo ". It speaks only as much of the protocol as
// shows that the proxy upgraded the connection and carries bytes both ways.
package wsecho

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Upstream is a WebSocket server that lives until the end of the test.
type Upstream struct {
	URL string

	mu        sync.Mutex
	handshake http.Header
}

// Start serves a WebSocket upstream on 127.0.0.1 until the test's cleanup.
func Start(t testing.TB) *Upstream {
	t.Helper()
	u := &Upstream{}
	srv := httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(srv.Close)
	u.URL = srv.URL
	return u
}

func (u *Upstream) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		http.Error(w, "not a websocket handshake", http.StatusBadRequest)
		return
	}
	u.mu.Lock()
	u.handshake = r.Header.Clone()
	u.mu.Unlock()
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	_ = brw.Flush()
	if line, err := brw.ReadString('\n'); err == nil {
		_, _ = brw.WriteString("echo " + line)
		_ = brw.Flush()
	}
}

// Handshake returns the headers of the last handshake the upstream
// received, nil before the first.
func (u *Upstream) Handshake() http.Header {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.handshake
}
