package wsecho

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

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
