package proxy

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// testCert is an ECDSA certificate for 127.0.0.1 with a chosen serial, as
// PEM files' contents.
type testCert struct {
	certPEM, keyPEM []byte
	cert            *x509.Certificate
}

func newTestCert(t *testing.T, serial int64) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: "tandem test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return testCert{
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		keyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		cert:    cert,
	}
}

// replaceFile writes data next to path and renames it over path, as
// certificate renewal tools and configuration management do.
func replaceFile(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// servedSerial opens a new TLS connection to addr and returns the serial of
// the certificate the server presents.
func servedSerial(t *testing.T, addr string) int64 {
	t.Helper()
	conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true}) // the test checks the serial itself
	if err != nil {
		t.Fatalf("TLS handshake: %v", err)
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
}

// tlsEnv is a proxy serving HTTPS from certificate files in a temp dir.
func tlsEnv(t *testing.T, first testCert) (e *env, certFile, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	replaceFile(t, certFile, first.certPEM)
	replaceFile(t, keyFile, first.keyPEM)
	e = newEnv(t, func(c *routes.Config, _ *Options) {
		c.TLS = routes.TLSFiles{CertFile: certFile, KeyFile: keyFile}
	})
	return e, certFile, keyFile
}

func TestTLSServesARenewedCertificateWithoutRestart(t *testing.T) {
	first, second := newTestCert(t, 1001), newTestCert(t, 2002)
	e, certFile, keyFile := tlsEnv(t, first)
	addr := e.srv.Addr()
	if got := servedSerial(t, addr); got != 1001 {
		t.Fatalf("serial %d, want 1001", got)
	}

	// The request reaches the upstream over TLS and the decision knows it.
	pool := x509.NewCertPool()
	pool.AddCert(first.cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get("https://" + addr + "/api/pub/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d over TLS", resp.StatusCode)
	}
	client.CloseIdleConnections()

	// Renewal: both files replaced by rename. Within the check interval
	// nothing is looked at; once it has passed, a new connection gets the
	// new certificate.
	replaceFile(t, certFile, second.certPEM)
	replaceFile(t, keyFile, second.keyPEM)
	e.clock.Advance(certCheckInterval)
	if got := servedSerial(t, addr); got != 2002 {
		t.Fatalf("after renewal: serial %d, want 2002", got)
	}

	// Rewritten in place (same inode) works too.
	third := newTestCert(t, 3003)
	if err := os.WriteFile(certFile, third.certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, third.keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(certCheckInterval)
	if got := servedSerial(t, addr); got != 3003 {
		t.Fatalf("after rewrite in place: serial %d, want 3003", got)
	}
}

func TestTLSKeepsTheOldCertificateWhenTheNewPairIsBroken(t *testing.T) {
	first, other := newTestCert(t, 1001), newTestCert(t, 4004)
	e, certFile, keyFile := tlsEnv(t, first)
	addr := e.srv.Addr()

	// Only the certificate is renewed: its key is still the old one, so
	// the pair does not load and the old pair stays in service.
	replaceFile(t, certFile, other.certPEM)
	e.clock.Advance(certCheckInterval)
	if got := servedSerial(t, addr); got != 1001 {
		t.Fatalf("broken pair: serial %d, want the old 1001", got)
	}
	// The key follows: the pair loads now.
	replaceFile(t, keyFile, other.keyPEM)
	e.clock.Advance(certCheckInterval)
	if got := servedSerial(t, addr); got != 4004 {
		t.Fatalf("completed pair: serial %d, want 4004", got)
	}
}

func TestTLSStartRefusesAPairThatDoesNotMatch(t *testing.T) {
	a, b := newTestCert(t, 1), newTestCert(t, 2)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	replaceFile(t, certFile, a.certPEM)
	replaceFile(t, keyFile, b.keyPEM)
	files := routes.TLSFiles{CertFile: certFile, KeyFile: keyFile}
	if err := routes.CheckTLSFiles(files); err == nil {
		t.Error("CheckTLSFiles accepted a certificate with another key")
	}
	srv, err := New(routes.Config{Version: 1, TLS: files, Routes: []routes.Route{
		{Name: "pub", Path: "/", Upstream: "http://127.0.0.1:1", Auth: routes.AuthPublic},
	}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err == nil {
		_ = srv.Shutdown(context.Background())
		t.Fatal("Start served a certificate with another key")
	}
}
