package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// benchClientID is the audience of the bench's tokens: oauth2-proxy checks
// it against its client id, and the Tandem proxy is given it as its
// accepted audience so that both check the same claims.
const benchClientID = "bench"

// oauth2Proxy is an oauth2-proxy process in front of the bench's upstream,
// verifying bearer JWTs from the bench's issuer (--skip-jwt-bearer-tokens).
type oauth2Proxy struct {
	cmd  *exec.Cmd
	addr string
}

// startOAuth2Proxy runs the oauth2-proxy binary at bin against issuer and
// upstream, with its defaults otherwise (request and auth logging on, to
// /dev/null), and waits until it answers. It verifies each bearer token
// with go-oidc (signature, issuer, audience, expiry, a verified email) and
// keeps no verified-token cache.
func startOAuth2Proxy(bin, issuer, upstream string) *oauth2Proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	addr := ln.Addr().String()
	check(ln.Close())
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
	check(err)
	defer devNull.Close()
	errs, err := os.CreateTemp("", "oauth2-proxy-stderr")
	check(err)
	defer os.Remove(errs.Name())
	defer errs.Close()
	cmd.Stdout, cmd.Stderr = devNull, errs
	check(cmd.Start())
	o := &oauth2Proxy{cmd: cmd, addr: addr}
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

func (o *oauth2Proxy) stop() {
	_ = o.cmd.Process.Kill()
	_ = o.cmd.Wait()
}

// cpu is the CPU time the oauth2-proxy process has used so far (user +
// system), from /proc/PID/stat in clock ticks of 1/100 s (Linux's USER_HZ).
func (o *oauth2Proxy) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(o.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
