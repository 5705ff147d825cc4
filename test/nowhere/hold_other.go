//go:build !unix

package nowhere

import (
	"errors"
	"fmt"
	"net"
)

// hold keeps a listener open that accepts each connection and resets it at
// once: without a portable way to bind a socket and never listen, the
// caller sees a reset instead of a refusal, which an HTTP client reports as
// a failed request all the same.
func hold() (addr string, release func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen on 127.0.0.1:0: %w", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if err != nil {
				continue // e.g. too many open files: the next accept may work
			}
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // reset, not an orderly close
			}
			_ = c.Close()
		}
	}()
	return ln.Addr().String(), func() { _ = ln.Close(); <-done }, nil
}
