package routes

import (
	"crypto/tls"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// TLSFiles names the certificate and key the proxy serves HTTPS with, both
// PEM files. Both or neither are given. The proxy reads them again when they
// change on disk, so a renewed certificate needs no restart; the paths
// themselves take a restart to change.
type TLSFiles struct {
	CertFile string `yaml:"cert_file,omitempty" json:"certFile"`
	KeyFile  string `yaml:"key_file,omitempty" json:"keyFile"`
}

// Enabled reports whether the file asks for HTTPS.
func (t TLSFiles) Enabled() bool { return t.CertFile != "" || t.KeyFile != "" }

// tls checks what can be checked without reading the files: both or neither.
func (v *validator) tls(cfg Config) {
	t := cfg.TLS
	switch {
	case t.CertFile != "" && strings.TrimSpace(t.KeyFile) == "":
		v.add("", "tls.key_file", says(CodeRequired, "required when tls.cert_file is given"))
	case t.KeyFile != "" && strings.TrimSpace(t.CertFile) == "":
		v.add("", "tls.cert_file", says(CodeRequired, "required when tls.key_file is given"))
	}
}

// CheckTLSFiles reads the certificate and key a route file names and checks
// that they load and belong together, as the proxy does before it starts
// serving. It returns a *ValidationError listing every problem, or nil (also
// when the file names no TLS files).
func CheckTLSFiles(t TLSFiles) error {
	if !t.Enabled() {
		return nil
	}
	v := &validator{}
	v.tls(Config{TLS: t})
	if len(v.problems) > 0 {
		return v.result()
	}
	certOK := v.readable("tls.cert_file", t.CertFile)
	keyOK := v.readable("tls.key_file", t.KeyFile)
	if certOK && keyOK {
		if _, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile); err != nil {
			v.add("", "tls", says(CodeTLSPair, "the certificate and key do not make a usable pair: %v", err))
		}
	}
	return v.result()
}

// readable checks that path can be read, saying why not when it cannot.
func (v *validator) readable(field, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			v.add("", field, about(CodeFileMissing, path, "does not exist"))
		case errors.Is(err, fs.ErrPermission):
			v.add("", field, about(CodeFileDenied, path, "cannot be read by this user"))
		default:
			v.add("", field, about(CodeFileUnreadable, path, "cannot be read: %v", err))
		}
		return false
	}
	_ = f.Close()
	return true
}
