//go:build unix

package nowhere

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

// A client gets the very error of a stopped server, so tests of how
// "connection refused" is reported can use the address.
func TestAddrRefusesConnections(t *testing.T) {
	addr := Addr(t)
	c, err := net.Dial("tcp", addr)
	if err == nil {
		c.Close()
		t.Fatalf("dial %s succeeded", addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial %s: %v, want connection refused", addr, err)
	}
}
