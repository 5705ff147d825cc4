package proxy

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Behind a TLS-terminating load balancer the proxy sees plain HTTP on its own
// address. From a trusted proxy, sign-in builds its callback URL from
// X-Forwarded-Proto/Host and marks its cookies Secure; from anyone else those
// headers are ignored, so a client cannot point the callback elsewhere.
func TestSignInUsesForwardedOriginOnlyFromTrustedProxies(t *testing.T) {
	_, op, e, b := newSignInEnv(t)
	fwd := []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.com"}

	start := func() (redirectURI string, flowCookie string) {
		t.Helper()
		res := b.get(e.base+"/_tandem/auth/login?rd=/app", fwd...)
		if res.status != http.StatusFound {
			t.Fatalf("login: %d %s", res.status, res.body)
		}
		loc, err := url.Parse(res.header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.header.Values("Set-Cookie") {
			if strings.HasPrefix(c, "tandem_session_flow=") {
				flowCookie = c
			}
		}
		return loc.Query().Get("redirect_uri"), flowCookie
	}

	uri, cookie := start()
	if uri != e.base+"/_tandem/auth/callback" || strings.Contains(cookie, "Secure") {
		t.Errorf("untrusted peer: redirect_uri %q, flow cookie %q; the forwarded headers must be ignored", uri, cookie)
	}

	cfg := loginConfig(op.issuer(), e.up.srv.URL)
	cfg.TrustedProxies = []string{"127.0.0.1/32"}
	if err := e.srv.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	uri, cookie = start()
	if uri != "https://app.example.com/_tandem/auth/callback" || !strings.Contains(cookie, "Secure") {
		t.Errorf("trusted peer: redirect_uri %q, flow cookie %q", uri, cookie)
	}
}
