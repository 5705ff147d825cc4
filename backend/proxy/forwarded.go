package proxy

import (
	"net"
	"net/http/httputil"
	"net/netip"
	"strings"
)

// trustedProxies decides whose X-Forwarded-* headers the proxy believes and
// who the client is. From a trusted peer (a load balancer in front of the
// proxy) X-Forwarded-For is appended to and X-Forwarded-Proto/Host are
// kept; from anyone else all three are replaced, so a client cannot claim
// another address, scheme or host.
type trustedProxies struct {
	nets []netip.Prefix
}

// trusts reports whether addr is one of the trusted proxies.
func (t *trustedProxies) trusts(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range t.nets {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// peer is a request's peer address, from RemoteAddr ("ip:port").
func peerAddr(remoteAddr string) (netip.Addr, bool) {
	host := remoteAddr
	if h, _, err := net.SplitHostPort(remoteAddr); err == nil {
		host = h
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// resolve returns the client address of a request from peer remoteAddr
// carrying the X-Forwarded-For values xff, and whether the peer is trusted.
// The client is the first untrusted hop: from an untrusted peer the peer
// itself; from a trusted one, X-Forwarded-For walked right to left past the
// trusted proxies. Everything left of the first untrusted hop was written by
// the client and is ignored. An entry that is not an address stops the walk
// at the last trusted hop, which is then the client as far as the proxy can
// tell.
func (t *trustedProxies) resolve(remoteAddr string, xff []string) (client string, trusted bool) {
	peer, ok := peerAddr(remoteAddr)
	if !ok {
		return remoteAddr, false // not TCP/IP (a test, a unix socket): keep what it is
	}
	if len(t.nets) == 0 || !t.trusts(peer) {
		return peer.String(), false
	}
	last := peer
	for i := len(xff) - 1; i >= 0; i-- {
		hops := xff[i]
		for hops != "" {
			var hop string
			if j := strings.LastIndexByte(hops, ','); j >= 0 {
				hop, hops = hops[j+1:], hops[:j]
			} else {
				hop, hops = hops, ""
			}
			hop = strings.TrimSpace(hop)
			if hop == "" {
				continue
			}
			a, ok := parseHop(hop)
			if !ok {
				return last.String(), true
			}
			if !t.trusts(a) {
				return a.String(), true
			}
			last = a
		}
	}
	return last.String(), true
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a
// port ("1.2.3.4:5678", "[2001:db8::1]:443"), as some proxies write it.
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

// setForwarded writes the outgoing X-Forwarded-* headers. ReverseProxy has
// removed them from pr.Out before Rewrite; pr.In still holds the client's.
// From an untrusted peer they are replaced (httputil's SetXForwarded: the
// peer's address, the request's Host and scheme). From a trusted peer the
// incoming X-Forwarded-For gets the peer appended, and X-Forwarded-Proto and
// X-Forwarded-Host are kept when sent.
func setForwarded(pr *httputil.ProxyRequest, trusted bool) {
	if !trusted {
		pr.SetXForwarded()
		return
	}
	in, out := pr.In.Header, pr.Out.Header
	if v := in["X-Forwarded-For"]; len(v) > 0 {
		out["X-Forwarded-For"] = v // SetXForwarded joins these and appends the peer
	}
	pr.SetXForwarded()
	if v := in["X-Forwarded-Host"]; len(v) > 0 {
		out["X-Forwarded-Host"] = v
	}
	if v := in["X-Forwarded-Proto"]; len(v) > 0 {
		out["X-Forwarded-Proto"] = v
	}
}
