package proxy

import (
	"net/url"
	"strings"
)

// safeRedirect returns rd when it is a same-origin absolute path, else "/".
// It is the one rule for every place that sends a browser on after sign-in
// or sign-out, so that the proxy is never an open redirect: "/x" passes;
// "//x" and "/\x" (which browsers read as another host), anything with a
// scheme or a host, and anything holding a backslash or a control character
// before or after one percent-decoding ("/%2F/x", "/%09/x" alike) do not.
func safeRedirect(rd string) string {
	if !isSafeRedirect(rd) {
		return "/"
	}
	return rd
}

func isSafeRedirect(rd string) bool {
	if rd == "" || rd[0] != '/' || hasUnsafeByte(rd) {
		return false
	}
	dec, err := url.PathUnescape(rd)
	if err != nil || hasUnsafeByte(dec) || strings.HasPrefix(dec, "//") {
		return false
	}
	u, err := url.Parse(rd)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && strings.HasPrefix(u.Path, "/")
}

// hasUnsafeByte reports a backslash, a control character (browsers drop tab
// and newline from URLs, turning "/\t/x" into "//x") or DEL.
func hasUnsafeByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}
