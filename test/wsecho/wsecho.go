// Package wsecho is a WebSocket upstream for proxy tests, and the client
// that reaches it through the proxy. The upstream answers a handshake with
// 101, keeps the handshake's headers (what the proxy forwarded), then echoes
// one line prefixed with "echo ". It speaks only as much of the protocol as
// shows that the proxy upgraded the connection and carries bytes both ways.
package wsecho

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
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

// Conn is a client connection after its handshake was answered.
type Conn struct {
	net.Conn
	Response *http.Response // the answer to the handshake (101 when upgraded)
	br       *bufio.Reader
}

// SpoofedUserID is the X-User-Id the handshake of Open sends: a proxy that
// injects identity headers must replace it with the token's subject.
const SpoofedUserID = "spoofed"

// Open dials the proxy at addr and sends a WebSocket handshake for path
// with a bearer token and X-User-Id: spoofed, then reads the answer. The
// connection is closed at the test's cleanup, or earlier with Close.
func Open(t testing.TB, addr, path, token string) *Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	// Bounds a hang of the proxy under test; not an assertion.
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-User-Id: %s\r\n\r\n",
		path, addr, token, SpoofedUserID)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: "GET"})
	if err != nil {
		t.Fatal(err)
	}
	return &Conn{Conn: conn, Response: resp, br: br}
}

// Echo sends line (ending in "\n") through the upgraded connection and
// returns the line that comes back.
func (c *Conn) Echo(line string) (string, error) {
	if _, err := io.WriteString(c.Conn, line); err != nil {
		return "", fmt.Errorf("send %q: %w", line, err)
	}
	got, err := c.br.ReadString('\n')
	if err != nil {
		return got, fmt.Errorf("read the echo of %q: %w", line, err)
	}
	return got, nil
}
