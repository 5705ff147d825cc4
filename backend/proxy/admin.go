package proxy

import (
	"context"
	"net"
	"net/http"
	"time"
)

// readyWait is how long /readyz waits for the key load it starts, so a probe
// that arrives once the identity provider is back already sees it ready.
// Kept under the one-second timeout many probes use.
const readyWait = 500 * time.Millisecond

// adminHandler serves the admin listener: /healthz, /readyz and, when the
// proxy keeps metrics, /metrics. It is never the proxy's own listener, so
// none of this is reachable through a route.
func (s *Server) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ready, why := s.ready(r.Context())
		if !ready {
			plain(w, http.StatusServiceUnavailable, "not ready: "+why+"\n")
			return
		}
		plain(w, http.StatusOK, "ready\n")
	})
	if m := s.opts.Metrics; m != nil {
		mux.Handle("GET /metrics", m.Handler())
	}
	return mux
}

func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// Ready reports whether the proxy can serve its routes as configured: a
// configuration is loaded (always, once New succeeded) and, when any route
// verifies tokens, at least one signing key is loaded. Until then it says
// why. It does not contact the identity provider; /readyz does.
func (s *Server) Ready() (bool, string) {
	sn := s.current()
	if !sn.cfg.NeedsIssuer() {
		return true, ""
	}
	if sn.verifier.keys.count() > 0 {
		return true, ""
	}
	_, _, keyErr := sn.verifier.keys.snapshot()
	if _, discoErr := sn.verifier.disco.status(); discoErr != "" {
		return false, "no signing key loaded: OIDC discovery failed: " + discoErr
	}
	if keyErr != "" {
		return false, "no signing key loaded: " + keyErr
	}
	return false, "no signing key loaded yet"
}

// ready is Ready for a probe: while no key is loaded it starts a load (paced
// like any, at most once per discovery retry interval) and waits a moment
// for it, so readiness returns within a probe or two of the identity
// provider coming back, even when no request carrying a token arrives.
func (s *Server) ready(ctx context.Context) (bool, string) {
	if ok, _ := s.Ready(); ok {
		return true, ""
	}
	done := s.current().verifier.warm()
	t := time.NewTimer(readyWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	case <-ctx.Done():
	}
	return s.Ready()
}

// warm loads the signing keys in the background when none are: discovery
// when it has not succeeded, else a key fetch. The returned channel closes
// when that attempt ends. Attempts are paced and shared as usual (one in
// flight, at most one per retry interval), so probes cannot hammer the IdP.
func (v *verifier) warm() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctx := context.Background()
		if err := v.disco.ensure(ctx); err != nil {
			return
		}
		if v.keys.count() == 0 {
			_ = v.keys.refresh(ctx, "")
		}
	}()
	return done
}

// StartAdmin serves health and metrics on addr ("host:port"; port 0 picks a
// free one) until Shutdown. It is a listener of its own so that health
// checks and scrapes never pass through the routes, and are never exposed
// where the proxy is.
func (s *Server) StartAdmin(addr string) error {
	srv := &http.Server{
		Handler:           s.adminHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          s.errorLog,
	}
	return s.serve(&s.admin, addr, srv, func(bound net.Addr) {
		s.log.Info("admin listening", "addr", bound.String(), "metrics", s.opts.Metrics != nil)
	})
}

// AdminAddr is the address of the admin listener, or "" when it is not running.
func (s *Server) AdminAddr() string { return s.addr(&s.admin) }
