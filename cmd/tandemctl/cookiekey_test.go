package main

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/proxy"
)

// cookie-key prints one key the proxy accepts, different each time.
func TestCookieKeyPrintsAUsableKey(t *testing.T) {
	out1, err := run(t, newDB(t), "", "cookie-key")
	if err != nil {
		t.Fatal(err)
	}
	out2, _ := run(t, newDB(t), "", "cookie-key")
	keys, err := proxy.ParseCookieKeys(out1 + out2)
	if err != nil || len(keys) != 2 || strings.Count(out1, "\n") != 1 || out1 == out2 {
		t.Fatalf("out %q %q: %v", out1, out2, err)
	}
}

// A route file with a login block and no cookie key (file or environment)
// starts nothing: the problem is listed and the exit status is 2.
func TestProxyWithLoginNeedsCookieKeys(t *testing.T) {
	t.Setenv(proxy.EnvCookieKeys, "")
	t.Setenv(proxy.EnvLoginClientSecret, "")
	file := writeFile(t, "version: 1\nissuer: http://127.0.0.1:1/realms/x\nlogin:\n  client_id: tandem-proxy\nroutes:\n  - name: app\n    path: /app\n    upstream: http://127.0.0.1:1\n    auth: required\n    login: true\n")
	root := newRootCmd()
	var errOut strings.Builder
	root.SetOut(&strings.Builder{})
	root.SetErr(&errOut)
	root.SetArgs([]string{"--db", newDB(t), "proxy", "--config", file, "--listen", "127.0.0.1:0"})
	err := root.Execute()
	if exitCode(err) != 2 || !strings.Contains(errOut.String(), "login.cookie_keys_file: required") {
		t.Fatalf("err %v, stderr %q", err, errOut.String())
	}
}
