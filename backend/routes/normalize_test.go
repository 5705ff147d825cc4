package routes

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePath(t *testing.T) {
	ok := []struct{ in, want string }{
		{"/", "/"},
		{"/api/feed", "/api/feed"},
		{"/api/feed/", "/api/feed/"},
		{"/api//feed", "/api/feed"},
		{"//api///feed//", "/api/feed/"},
		{"/api/./feed", "/api/feed"},
		{"/api/x/../feed", "/api/feed"},
		{"/../../etc/passwd", "/etc/passwd"},
		{"/api/feed/..", "/api/"},
		{"/api/feed/.", "/api/feed/"},
		{"/api/%2e%2e/admin", "/admin"},
		{"/api/%2E%2E/admin", "/admin"},
		{"/api/.%2e/admin", "/admin"},
		{"/api%2Ffeed", "/api/feed"},
		{"/api%2ffeed%2F..%2Fadmin", "/api/admin"},
		{"/%61pi", "/api"},
		{"/a%20b", "/a%20b"},
		{"/a b", "/a%20b"},
		{"/a%25b", "/a%25b"},
		{"/caf%C3%A9", "/caf%C3%A9"},
		{"/.well-known/openid-configuration", "/.well-known/openid-configuration"},
		{"/a/.b/c", "/a/.b/c"},
		{"/a/b.c/", "/a/b.c/"},
		{"/a/b/.", "/a/b/"},
		{"/a/b/..", "/a/"},
		{"/a/%2e", "/a/"},
		{"/a%20b/c", "/a%20b/c"},
		{"/a%3Fb", "/a%3Fb"},
	}
	for _, c := range ok {
		got, err := NormalizePath(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalizePath(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	bad := []string{
		"",
		"api",
		"*",
		`/api\admin`,
		"/api%5cadmin",
		"/api%5Cadmin",
		"/api/..;/admin",
		"/api/..;jsessionid=1/admin",
		"/api/.;/admin",
		"/api/%2e%2e;/admin",
		"/api/%252e%252e/admin",
		"/api%252fadmin",
		"/api%255cadmin",
		"/api/%2",
		"/api/%zz",
		"/api%00",
		"/api%0d%0aX-Evil:1",
		// ";" parameters, which Tomcat, Jetty and Spring drop from a segment
		"/a;b=c",
		"/api/admin;x",
		"/api;x/admin",
		"/api/admin;jsessionid=1/",
		"/api/admin;",
		"/api/admin%3bx",
		"/api/admin%3Bx",
		"/api/admin%253bx",
		// trailing dots and spaces, which IIS trims from a segment
		"/api/admin.",
		"/api/admin./x",
		"/api/admin%2e",
		"/api/admin%20",
		"/api/admin%20/x",
		"/api/admin.%20",
		"/a/...",
		"/a/.. ",
	}
	for _, in := range bad {
		got, err := NormalizePath(in)
		if !errors.Is(err, ErrAmbiguousPath) {
			t.Errorf("NormalizePath(%q) = %q, %v; want ErrAmbiguousPath", in, got, err)
		}
	}
}

func FuzzNormalizePath(f *testing.F) {
	for _, s := range []string{"/", "/a/b", "/a/../b", "//a//b/", "/%2e%2e/x", "/a%2fb", "/a;b/..;/c", "/%25%32%65", "/a/./.", "/%C3%A9", "/a b/%20"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := NormalizePath(in)
		if err != nil {
			return
		}
		if out == "" || out[0] != '/' {
			t.Fatalf("NormalizePath(%q) = %q: not rooted", in, out)
		}
		if strings.Contains(out, "//") {
			t.Fatalf("NormalizePath(%q) = %q: duplicate slash", in, out)
		}
		for _, seg := range strings.Split(out, "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("NormalizePath(%q) = %q: dot segment", in, out)
			}
		}
		for _, seg := range strings.Split(dec(t, out), "/") {
			if strings.Contains(seg, ";") || strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " ") {
				t.Fatalf("NormalizePath(%q) = %q: segment %q a backend could read as another", in, out, seg)
			}
		}
		again, err := NormalizePath(out)
		if err != nil || again != out {
			t.Fatalf("not idempotent: NormalizePath(%q) = %q, NormalizePath(%q) = %q, %v", in, out, out, again, err)
		}
		// What the upstream decodes must be what was matched, and it must not
		// climb out of the root either.
		dec, err := UnescapePath(out)
		if err != nil {
			t.Fatalf("UnescapePath(%q): %v", out, err)
		}
		for _, seg := range strings.Split(dec, "/") {
			if seg == ".." {
				t.Fatalf("NormalizePath(%q) = %q decodes to %q with a .. segment", in, out, dec)
			}
		}
	})
}

func dec(t *testing.T, p string) string {
	t.Helper()
	d, err := UnescapePath(p)
	if err != nil {
		t.Fatalf("UnescapePath(%q): %v", p, err)
	}
	return d
}
