package main

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// adminLine is the proxy's log line once its admin listener is bound.
var adminLine = regexp.MustCompile(`"msg":"admin listening"[^\n]*?"addr":"([^"]+)"`)

// adminAddr waits until the proxy logs its admin address.
func (r *proxyRun) adminAddr(t *testing.T) string {
	t.Helper()
	return r.logged(t, adminLine, "its admin listener")
}

// admin_listen in the file starts health and metrics on their own listener.
func TestProxyCommandServesHealthAndMetrics(t *testing.T) {
	up, _ := countingUpstream(t)
	file := writeFile(t, "version: 1\nadmin_listen: "+anyPort+"\nroutes:\n  - name: pub\n    path: /pub\n    upstream: "+up.URL+"\n    auth: public\n")
	px := runProxyCmd(t, "proxy", "--config", file, "--listen", anyPort)
	addr, admin := px.addr(t), px.adminAddr(t)
	if addr == admin {
		t.Fatalf("proxy and admin share %s", addr)
	}
	getStatus(t, "http://"+addr+"/pub")
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + admin + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz of a file with public routes only = %d", code)
	}
	code, body := get("/metrics")
	if code != 200 || !strings.Contains(body, `tandem_proxy_requests_total{code_class="2xx",decision="allowed",route="pub"} 1`) ||
		!strings.Contains(body, "tandem_build_info{") {
		t.Errorf("/metrics = %d:\n%s", code, body)
	}
	// The admin listener is not a route of the proxy.
	if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("/metrics on the proxy's address = %d, want 404 (no route)", resp.StatusCode)
		}
	}
	if err := px.stop(); err != nil {
		t.Fatal(err)
	}
}

// The admin listener on the proxy's own address is a usage problem: exit 2,
// nothing started.
func TestProxyCommandRefusesAdminOnTheProxyAddress(t *testing.T) {
	file := writeFile(t, "version: 1\nroutes:\n  - name: pub\n    path: /pub\n    upstream: http://127.0.0.1:9\n    auth: public\n")
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs([]string{"proxy", "--config", file, "--listen", "127.0.0.1:18081", "--admin-listen", "127.0.0.1:18081"})
	if err := root.Execute(); exitCode(err) != 2 || !strings.Contains(err.Error(), "health and metrics need their own") {
		t.Fatalf("exit code %d (%v)", exitCode(err), err)
	}
}
