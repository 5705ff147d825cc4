package proxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// listener is one of the proxy's HTTP listeners (its own, or the admin
// one): the server and the socket it serves, both nil when it is not
// running. Server.mu guards it.
type listener struct {
	what string // names it in errors and logs: "proxy", "admin listener"
	srv  *http.Server
	ln   net.Listener
}

// serve opens l on addr and serves srv there (over TLS when srv has a
// TLSConfig) in the background until Shutdown. started runs under s.mu once
// the socket is open, so nothing sees the listener running before what
// comes with it is in place.
func (s *Server) serve(l *listener, addr string, srv *http.Server, started func(net.Addr)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l.srv != nil {
		return fmt.Errorf("start %s: already running", l.what)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("start %s on %s: %w", l.what, addr, err)
	}
	l.srv, l.ln = srv, ln
	// Read once, before serving: http.Server sets a TLSConfig of its own on
	// a plain listener too, from the serving goroutine.
	useTLS := srv.TLSConfig != nil
	go func() {
		var err error
		if useTLS {
			err = srv.ServeTLS(ln, "", "")
		} else {
			err = srv.Serve(ln)
		}
		// A listener that stops for another reason than Shutdown is
		// logged, as nothing else would notice.
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error(l.what+" stopped serving", "err", err)
		}
	}()
	started(ln.Addr())
	return nil
}

// addr is l's address, "" when it is not running.
func (s *Server) addr(l *listener) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l.ln == nil {
		return ""
	}
	return l.ln.Addr().String()
}

// stop shuts l down the way each of the proxy's listeners stops: in-flight
// requests may finish until ctx ends, then whatever is left is closed. It
// reports whether l was running.
func (s *Server) stop(ctx context.Context, l *listener) (bool, error) {
	s.mu.Lock()
	srv := l.srv
	l.srv, l.ln = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return false, nil
	}
	err := srv.Shutdown(ctx)
	if err != nil {
		_ = srv.Close()
		return true, fmt.Errorf("shut down %s: %w", l.what, err)
	}
	return true, nil
}
