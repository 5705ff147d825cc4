//go:build unix

package nowhere

import (
	"fmt"
	"syscall"
)

// hold binds a TCP socket to a free port of 127.0.0.1 and never listens on
// it. The bound socket keeps the port from being handed to anyone else
// (without SO_REUSEADDR no other socket may bind it), while a connection to
// it gets a reset, which the dialer reports as "connection refused": the
// same error as from a port where nothing runs.
func hold() (addr string, release func(), err error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", nil, fmt.Errorf("create socket: %w", err)
	}
	syscall.CloseOnExec(fd) // a tandemctl started by the test must not inherit it
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		_ = syscall.Close(fd)
		return "", nil, fmt.Errorf("bind 127.0.0.1:0: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		_ = syscall.Close(fd)
		return "", nil, fmt.Errorf("read the bound port: %w", err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		_ = syscall.Close(fd)
		return "", nil, fmt.Errorf("read the bound port: unexpected address %T", sa)
	}
	return fmt.Sprintf("127.0.0.1:%d", in4.Port), func() { _ = syscall.Close(fd) }, nil
}
