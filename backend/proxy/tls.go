package proxy

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// certCheckInterval is the least time between two looks at the certificate
// files: a renewed pair reaches new connections within about this long.
const certCheckInterval = time.Second

// certReloader serves the certificate pair named in the route file and
// reads it again when either file changes on disk (rewritten in place or
// replaced by rename), so a renewed certificate needs no restart. A new
// pair that does not load (half written, or a key that does not match)
// leaves the old one in service and is logged; it is tried again as soon as
// either file changes once more.
type certReloader struct {
	files routes.TLSFiles
	log   *slog.Logger
	now   func() time.Time

	cert      atomic.Pointer[tls.Certificate]
	nextCheck atomic.Int64 // unix nanoseconds of the next look at the files
	mu        sync.Mutex   // one look at a time
	certSeen  os.FileInfo  // the files as last looked at
	keySeen   os.FileInfo
}

// newCertReloader loads the pair; it fails when the pair does not load.
func newCertReloader(files routes.TLSFiles, log *slog.Logger, now func() time.Time) (*certReloader, error) {
	c := &certReloader{files: files, log: log, now: now}
	certInfo, keyInfo, err := c.stat()
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(files.CertFile, files.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("load TLS certificate %s and key %s: %w", files.CertFile, files.KeyFile, err)
	}
	c.cert.Store(&cert)
	c.certSeen, c.keySeen = certInfo, keyInfo
	c.nextCheck.Store(now().Add(certCheckInterval).UnixNano())
	return c, nil
}

func (c *certReloader) stat() (cert, key os.FileInfo, err error) {
	if cert, err = os.Stat(c.files.CertFile); err != nil {
		return nil, nil, fmt.Errorf("read TLS certificate: %w", err)
	}
	if key, err = os.Stat(c.files.KeyFile); err != nil {
		return nil, nil, fmt.Errorf("read TLS key: %w", err)
	}
	return cert, key, nil
}

// GetCertificate is tls.Config.GetCertificate: the pair in service, looked
// at again at most once per certCheckInterval. A handshake never waits for
// another's look at the files.
func (c *certReloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	if now := c.now(); now.UnixNano() >= c.nextCheck.Load() && c.mu.TryLock() {
		c.nextCheck.Store(now.Add(certCheckInterval).UnixNano())
		c.check()
		c.mu.Unlock()
	}
	return c.cert.Load(), nil
}

// check loads the pair again when either file differs from when it was
// last looked at. c.mu must be held.
func (c *certReloader) check() {
	certInfo, keyInfo, err := c.stat()
	if err != nil {
		c.log.Warn("TLS files unreadable; serving the certificate loaded before", "err", err.Error())
		return
	}
	if sameFile(c.certSeen, certInfo) && sameFile(c.keySeen, keyInfo) {
		return
	}
	c.certSeen, c.keySeen = certInfo, keyInfo
	cert, err := tls.LoadX509KeyPair(c.files.CertFile, c.files.KeyFile)
	if err != nil {
		c.log.Warn("TLS files changed but do not load; serving the certificate loaded before",
			"cert_file", c.files.CertFile, "key_file", c.files.KeyFile, "err", err.Error())
		return
	}
	c.cert.Store(&cert)
	c.log.Info("TLS certificate reloaded", "cert_file", c.files.CertFile, "not_after", cert.Leaf.NotAfter.UTC().Format(time.RFC3339))
}

// sameFile reports whether a file looks unchanged: the same inode (not
// replaced by rename), size and modification time.
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}
