package proxy

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

func trustedFor(t *testing.T, cidrs ...string) *trustedProxies {
	t.Helper()
	nets, bad := routes.ParseTrustedProxies(cidrs)
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	return &trustedProxies{nets: nets}
}

// The client is the first untrusted hop, walking X-Forwarded-For right to
// left from the peer through the trusted proxies; what lies left of it was
// written by the client and cannot move it.
func TestResolveClientAddress(t *testing.T) {
	tp := trustedFor(t, "10.0.0.0/8", "2001:db8::/32")
	cases := []struct {
		name, remote string
		xff          []string
		client       string
		trusted      bool
	}{
		{"untrusted peer: its own address, XFF ignored", "203.0.113.9:5000", []string{"1.1.1.1"}, "203.0.113.9", false},
		{"trusted peer, no XFF: the peer", "10.0.0.2:5000", nil, "10.0.0.2", true},
		{"trusted peer: last XFF hop", "10.0.0.2:5000", []string{"198.51.100.7"}, "198.51.100.7", true},
		{"spoofed entries left of the client are ignored", "10.0.0.2:5000", []string{"6.6.6.6, 198.51.100.7"}, "198.51.100.7", true},
		{"a chain of trusted proxies is walked", "10.0.0.2:5000", []string{"6.6.6.6, 198.51.100.7, 10.9.9.9", "10.1.1.1"}, "198.51.100.7", true},
		{"all hops trusted: the leftmost", "10.0.0.2:5000", []string{"10.3.3.3, 10.4.4.4"}, "10.3.3.3", true},
		{"garbage stops the walk at the last trusted hop", "10.0.0.2:5000", []string{"198.51.100.7, not-an-ip, 10.5.5.5"}, "10.5.5.5", true},
		{"hops with ports and IPv6", "[2001:db8::1]:443", []string{"[2001:db8::2]:80, 198.51.100.7:1234"}, "198.51.100.7", true},
		{"IPv4-mapped IPv6 peer is the IPv4 address", "[::ffff:10.0.0.2]:80", []string{"198.51.100.8"}, "198.51.100.8", true},
	}
	for _, c := range cases {
		client, trusted := tp.resolve(c.remote, c.xff)
		if client != c.client || trusted != c.trusted {
			t.Errorf("%s: resolve(%q, %q) = %q, %v; want %q, %v", c.name, c.remote, c.xff, client, trusted, c.client, c.trusted)
		}
	}
	// With no trusted proxies configured nobody is trusted, loopback included.
	none := &trustedProxies{}
	if client, trusted := none.resolve("127.0.0.1:1", []string{"1.2.3.4"}); client != "127.0.0.1" || trusted {
		t.Errorf("no trusted proxies: %q, %v", client, trusted)
	}
}

// From a trusted peer X-Forwarded-For is appended to and Proto/Host kept;
// from anyone else all three are replaced.
func TestSetForwarded(t *testing.T) {
	for _, trusted := range []bool{true, false} {
		in := httptest.NewRequest(http.MethodGet, "http://proxy.example/x", nil)
		in.RemoteAddr = "10.0.0.2:5000"
		in.Header.Set("X-Forwarded-For", "198.51.100.7")
		in.Header.Add("X-Forwarded-For", "10.1.1.1")
		in.Header.Set("X-Forwarded-Proto", "https")
		in.Header.Set("X-Forwarded-Host", "app.example")
		out := in.Clone(in.Context())
		for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"} {
			out.Header.Del(h) // as ReverseProxy does before Rewrite
		}
		pr := &httputil.ProxyRequest{In: in, Out: out}
		pr.SetURL(&url.URL{Scheme: "http", Host: "upstream"})
		setForwarded(pr, trusted)
		got := [3]string{out.Header.Get("X-Forwarded-For"), out.Header.Get("X-Forwarded-Proto"), out.Header.Get("X-Forwarded-Host")}
		want := [3]string{"10.0.0.2", "http", "proxy.example"}
		if trusted {
			want = [3]string{"198.51.100.7, 10.1.1.1, 10.0.0.2", "https", "app.example"}
		}
		if got != want {
			t.Errorf("trusted=%v: got %q, want %q", trusted, got, want)
		}
		if in.Header.Get("X-Forwarded-For") != "198.51.100.7" {
			t.Errorf("trusted=%v: the incoming request was changed", trusted)
		}
	}
}
