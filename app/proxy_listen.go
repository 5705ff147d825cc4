package app

import (
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/tandemhq/tandem/backend/routes"
)

// errListenAddress is the one sentence for a listen address that is not
// host:port; the raw net error ("missing port in address") helps nobody.
var errListenAddress = &UIError{Code: CodeInvalidInput, Message: "The listen address must be host:port, e.g. 127.0.0.1:8080."}

// checkListen accepts what a route file's listen accepts (routes.CheckListen):
// host:port with a port from 0 to 65535 (0 picks a free one) and an empty
// host meaning every interface.
func checkListen(addr string) error {
	if routes.CheckListen(addr) != "" {
		return errListenAddress
	}
	return nil
}

// listenError says in one sentence why the proxy could not listen on addr
// when the operating system refused, and passes any other error on.
func listenError(addr string, err error) error {
	host, port, splitErr := net.SplitHostPort(addr)
	if splitErr != nil {
		return err
	}
	where := "Port " + port + " on " + host
	if host == "" {
		where = "Port " + port
	}
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("The host %q of the listen address cannot be resolved: listen on 127.0.0.1 or another address of this machine.", host)}
	case addrInUse(err):
		return &UIError{Code: CodeConflict, Message: where + " is already in use: stop what runs there or choose another listen address."}
	case errors.Is(err, syscall.EACCES):
		return &UIError{Code: CodeForbidden, Message: where + " needs privileges this app does not have: choose a port above 1023."}
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("%s is not an address of this machine: listen on 127.0.0.1 or one of its own addresses.", host)}
	}
	return err
}

// addrInUse reports a port taken by another socket. Windows reports
// WSAEADDRINUSE (10048), which syscall.EADDRINUSE does not match there.
func addrInUse(err error) bool {
	var errno syscall.Errno
	return errors.Is(err, syscall.EADDRINUSE) || errors.As(err, &errno) && errno == 10048
}
