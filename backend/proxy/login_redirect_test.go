package proxy

import "testing"

// The rd rule keeps the proxy from being an open redirect: only a
// same-origin absolute path survives; everything else becomes "/".
func TestSafeRedirect(t *testing.T) {
	cases := []struct{ rd, want string }{
		{"/app", "/app"},
		{"/app/x?y=1&z=%2F", "/app/x?y=1&z=%2F"},
		{"/app#frag", "/app#frag"},
		{"/", "/"},
		{"", "/"},
		{"app", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/app\\x", "/"},
		{"/%5Cevil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/app%0d%0aSet-Cookie:x=1", "/"},
		{"/app\r\nLocation: x", "/"},
		{"/app%7f", "/"},
		{"/%zz", "/"},
		{"https://evil.example/app", "/"},
		{"http:/app", "/"},
		{"javascript:alert(1)", "/"},
		{" /app", "/"},
	}
	for _, c := range cases {
		if got := safeRedirect(c.rd); got != c.want {
			t.Errorf("safeRedirect(%q) = %q, want %q", c.rd, got, c.want)
		}
	}
}
