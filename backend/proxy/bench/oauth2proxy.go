package main

import (
	"crypto/rand"
	"encoding/base64"
	"github.com/tandemhq/tandem/backend/proxy/bench/benchkit"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"time"
)

// benchClientID is the audience of the bench's tokens: oauth2-proxy checks
// it against its client id, and the Tandem proxy is given it as its
// accepted audience so that both check the same claims.
const benchClientID = "bench"

// startOAuth2Proxy runs the oauth2-proxy binary at bin in front of
// upstream, verifying bearer JWTs from issuer (--skip-jwt-bearer-tokens),
// with its defaults otherwise (request and auth logging on, to /dev/null),
// and waits until it answers. It verifies each bearer token
// with go-oidc (signature, issuer, audience, expiry, a verified email) and
// keeps no verified-token cache.
func startOAuth2Proxy(bin, issuer, upstream string) *child {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	benchkit.Check(err)
	addr := ln.Addr().String()
	benchkit.Check(ln.Close())
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	cmd := exec.Command(bin,
		"--provider=oidc",
		"--oidc-issuer-url="+issuer,
		"--client-id="+benchClientID,
		"--client-secret=bench-secret",
		"--cookie-secret="+base64.RawURLEncoding.EncodeToString(secret),
		"--cookie-secure=false",
		"--email-domain=*",
		"--skip-jwt-bearer-tokens=true",
		"--upstream="+upstream+"/",
		"--http-address="+addr,
	)
	// Files, not pipes: a pipe would make this process copy its log
	// lines, and count their cost as ours.
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	benchkit.Check(err)
	defer devNull.Close()
	errs, err := os.CreateTemp("", "oauth2-proxy-stderr")
	benchkit.Check(err)
	defer os.Remove(errs.Name())
	defer errs.Close()
	cmd.Stdout, cmd.Stderr = devNull, errs
	dieWithParent(cmd)
	benchkit.Check(cmd.Start())
	o := &child{cmd: cmd, addr: addr}
	for deadline := time.Now().Add(20 * time.Second); ; {
		if resp, err := http.Get("http://" + addr + "/ping"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			o.stop()
			msg, _ := os.ReadFile(errs.Name())
			log.Fatalf("oauth2-proxy did not start:\n%s", msg)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return o
}
