package proxy

import (
	"errors"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// ReloadResult is the outcome of one reload, for the log, the status and
// the desktop app's Proxy screen.
type ReloadResult struct {
	Time time.Time `json:"time" ts_type:"string"`
	OK   bool      `json:"ok"`
	// Error says why a reload was refused ("" when it was applied).
	Error string `json:"error"`
	// Problems lists every problem of a refused route file.
	Problems []routes.Problem `json:"problems"`
	// NeedsRestart names the settings the new file changed that only a
	// restart applies (listen, admin_listen, tls.cert_file, ...): their old values stay in
	// force, the rest of the file is applied.
	NeedsRestart []string `json:"needsRestart"`
	// IssuerChanged is true when the new file trusts another issuer: its
	// keys are fetched afresh. Otherwise the loaded keys are kept.
	IssuerChanged bool `json:"issuerChanged"`
	Routes        int  `json:"routes"` // enabled routes in force after the reload
}

// Reload validates cfg and, when it is valid, makes it the configuration in
// force: routes, identity headers, issuer, audiences and authorized parties
// change for every request that starts from now on, while requests in
// flight finish on the configuration they started with. An invalid cfg
// changes nothing: the error is a *routes.ValidationError listing every
// problem, and each is logged. Settings that only a restart applies
// (restartOnly) keep their old values, and the log says so.
//
// The identity provider's keys are kept when the issuer is the same, and
// fetched afresh (discovery included) when it changed.
func (s *Server) Reload(cfg routes.Config) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	old := s.current()
	if err := routes.ValidateStandalone(cfg); err != nil {
		s.refuseReload(err)
		return err
	}
	needsRestart := keepRestartOnly(old.cfg, &cfg)
	sn, err := s.compile(cfg, old)
	if err != nil {
		s.refuseReload(err)
		return err
	}
	s.cur.Store(sn)
	res := ReloadResult{
		Time: time.Now(), OK: true, NeedsRestart: needsRestart,
		IssuerChanged: old.cfg.Issuer != cfg.Issuer, Routes: cfg.EnabledRoutes(),
	}
	if res.IssuerChanged && s.Addr() != "" {
		sn.verifier.disco.start()
	}
	s.lastReload.Store(&res)
	s.opts.Metrics.ConfigReload(true)
	s.log.Info("proxy configuration reloaded", "routes", res.Routes, "issuer", cfg.Issuer,
		"issuer_changed", res.IssuerChanged, "needs_restart", needsRestart)
	for _, name := range needsRestart {
		s.log.Warn("reload kept a setting that only a restart changes", "setting", name)
	}
	return nil
}

// RefuseReload records a reload that failed before there was a route file
// to give Reload (the file could not be read or parsed): nothing changes,
// and every problem is logged and kept for Status.
func (s *Server) RefuseReload(err error) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.refuseReload(err)
}

func (s *Server) refuseReload(err error) {
	res := ReloadResult{Time: time.Now(), Error: err.Error(), Routes: s.current().cfg.EnabledRoutes()}
	var ve *routes.ValidationError
	if errors.As(err, &ve) {
		res.Problems = ve.Problems
		for _, p := range ve.Problems {
			s.log.Error("route file problem", "problem", p.String())
		}
	}
	s.lastReload.Store(&res)
	s.opts.Metrics.ConfigReload(false)
	s.log.Error("reload refused; the configuration in force is unchanged", "problems", len(res.Problems), "err", err.Error())
}

// LastReload is the outcome of the last reload, false when there was none.
func (s *Server) LastReload() (ReloadResult, bool) {
	if r := s.lastReload.Load(); r != nil {
		return *r, true
	}
	return ReloadResult{}, false
}

// keepRestartOnly puts back into next the settings of cur that a running
// proxy cannot change (the listen address and the TLS files: they belong to
// the listener, opened once), and names those next wanted to change.
func keepRestartOnly(cur routes.Config, next *routes.Config) []string {
	var changed []string
	keep := func(name string, old string, v *string) {
		if *v != old {
			changed = append(changed, name)
			*v = old
		}
	}
	keep("listen", cur.Listen, &next.Listen)
	keep("admin_listen", cur.AdminListen, &next.AdminListen)
	keep("tls.cert_file", cur.TLS.CertFile, &next.TLS.CertFile)
	keep("tls.key_file", cur.TLS.KeyFile, &next.TLS.KeyFile)
	// The connection limits are the listener's and the upstream
	// transport's, read by them on every connection and request.
	keep("timeouts.read_header", cur.Timeouts.ReadHeader, &next.Timeouts.ReadHeader)
	keep("timeouts.idle", cur.Timeouts.Idle, &next.Timeouts.Idle)
	keep("timeouts.upstream_header", cur.Timeouts.UpstreamHeader, &next.Timeouts.UpstreamHeader)
	if next.MaxHeaderBytes != cur.MaxHeaderBytes {
		changed = append(changed, "max_header_bytes")
		next.MaxHeaderBytes = cur.MaxHeaderBytes
	}
	return changed
}
