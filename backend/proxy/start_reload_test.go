package proxy

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// A reload that lands while Start is still preparing the listener (here,
// while it loads the TLS files) must not leave the new issuer without its
// discovery: Start starts the discovery of the configuration in force once
// it listens, not of the one it read first.
func TestStartStartsDiscoveryOfAReloadThatLandedDuringTheStart(t *testing.T) {
	asked := make(chan struct{}, 1)
	reloaded := newScriptedIdP(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case asked <- struct{}{}:
		default:
		}
		iss := "http://" + r.Host + "/realms/demo"
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": iss, "jwks_uri": iss + "/certs"})
	}, servesJWKS(`{"keys":[]}`))
	first := newScriptedIdP(t, nil, servesJWKS(`{"keys":[]}`))

	dir := t.TempDir()
	cert := newTestCert(t, 1)
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	replaceFile(t, certFile, cert.certPEM)
	replaceFile(t, keyFile, cert.keyPEM)
	cfg := testConfig(first.issuer(), newUpstream(t).srv.URL, closedURL(t))
	cfg.TLS = routes.TLSFiles{CertFile: certFile, KeyFile: keyFile}

	var srv *Server
	var armed, fired atomic.Bool
	clock := func() time.Time {
		// The TLS files are loaded between Start reading the configuration
		// and the listener opening: the reload happens right there.
		if armed.Load() && fired.CompareAndSwap(false, true) {
			next := cfg
			next.Issuer = reloaded.issuer()
			if err := srv.Reload(next); err != nil {
				t.Errorf("reload: %v", err)
			}
		}
		return time.Now()
	}
	var err error
	if srv, err = New(cfg, Options{Clock: clock}); err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	serve(t, srv)
	if !fired.Load() {
		t.Fatal("the reload did not happen during the start")
	}
	if got := srv.current().cfg.Issuer; got != reloaded.issuer() {
		t.Fatalf("issuer in force %s, want the reloaded %s", got, reloaded.issuer())
	}
	// Nothing but the start asks the reloaded issuer: no request is sent.
	select {
	case <-asked:
	case <-time.After(10 * time.Second):
		t.Fatal("the reloaded issuer's discovery was never started")
	}
}
