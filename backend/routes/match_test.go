package routes

import (
	"reflect"
	"testing"
)

func TestMatch(t *testing.T) {
	cfg := Config{Version: 1, Routes: []Route{
		{Name: "root", Path: "/", Upstream: "http://u", Auth: AuthPublic},
		{Name: "api", Path: "/api", Upstream: "http://u", Auth: AuthPublic},
		{Name: "feed", Path: "/api/feed", Upstream: "http://u", Auth: AuthPublic},
		{Name: "feed-post", Path: "/api/feed", Methods: []string{"POST"}, Upstream: "http://u", Auth: AuthRequired},
		{Name: "feed-host", Path: "/api/feed", Host: "feeds.example", Upstream: "http://u", Auth: AuthPublic},
		{Name: "admin", Path: "/admin/", Methods: []string{"GET", "PUT"}, Upstream: "http://u", Auth: AuthRequired},
		{Name: "admin-del", Path: "/admin", Methods: []string{"DELETE"}, Upstream: "http://u", Auth: AuthRequired},
		{Name: "off", Path: "/off", Upstream: "http://u", Auth: AuthPublic, Disabled: true},
		{Name: "port", Path: "/p", Host: "h.example:8443", Upstream: "http://u", Auth: AuthPublic},
	}}
	tbl := Compile(cfg)
	cases := []struct {
		host, method, path string
		want               string
		allow              []string
	}{
		{"x", "GET", "/api/feed", "feed", nil},
		{"x", "GET", "/api/feed/", "feed", nil},
		{"x", "GET", "/api/feed/42", "feed", nil},
		{"x", "GET", "/api/feedback", "api", nil},
		{"x", "POST", "/api/feed/1", "feed-post", nil},
		{"FEEDS.example:8080", "GET", "/api/feed", "feed-host", nil},
		{"feeds.example", "POST", "/api/feed", "feed-host", nil},
		{"x", "GET", "/other", "root", nil},
		{"x", "GET", "/off", "root", nil},
		{"x", "GET", "/admin", "admin", nil},
		{"x", "DELETE", "/admin/x", "admin-del", nil},
		{"x", "POST", "/admin", "root", nil},
		{"h.example:8443", "GET", "/p", "port", nil},
		{"h.example", "GET", "/p", "root", nil},
	}
	for _, c := range cases {
		res := tbl.Match(c.host, c.method, c.path)
		got := ""
		if res.Index >= 0 {
			got = cfg.Routes[res.Index].Name
		}
		if got != c.want || !reflect.DeepEqual(res.Allow, c.allow) {
			t.Errorf("%s %s %s: got %q allow %v, want %q allow %v", c.host, c.method, c.path, got, res.Allow, c.want, c.allow)
		}
	}
	noRoot := Compile(Config{Routes: cfg.Routes[1:]})
	if res := noRoot.Match("x", "GET", "/apix"); res.Index != -1 || res.Allow != nil {
		t.Errorf("/apix matched %+v", res)
	}
	if res := noRoot.Match("x", "POST", "/admin/1"); res.Index != -1 || !reflect.DeepEqual(res.Allow, []string{"DELETE", "GET", "PUT"}) {
		t.Errorf("POST /admin/1: %+v, want 405 with DELETE, GET, PUT", res)
	}
}

func TestStripPrefix(t *testing.T) {
	for _, c := range []struct{ route, path, want string }{
		{"/api/feed", "/api/feed/x", "/x"},
		{"/api/feed", "/api/feed", "/"},
		{"/api/feed/", "/api/feed/x/", "/x/"},
		{"/", "/x", "/x"},
	} {
		if got := StripPrefix(c.route, c.path); got != c.want {
			t.Errorf("StripPrefix(%q, %q) = %q want %q", c.route, c.path, got, c.want)
		}
	}
}

// A route that takes GET takes HEAD too, as HTTP servers do; other methods
// do not bring HEAD along.
func TestGetRoutesAcceptHead(t *testing.T) {
	cfg := Config{Version: 1, Routes: []Route{
		{Name: "any", Path: "/a", Upstream: "http://u", Auth: AuthRequired},
		{Name: "get", Path: "/a", Methods: []string{"GET"}, Upstream: "http://u", Auth: AuthPublic},
		{Name: "only-get", Path: "/g", Methods: []string{"GET"}, Upstream: "http://u", Auth: AuthPublic},
		{Name: "post", Path: "/p", Methods: []string{"POST"}, Upstream: "http://u", Auth: AuthPublic},
		{Name: "head", Path: "/h", Methods: []string{"HEAD"}, Upstream: "http://u", Auth: AuthPublic},
	}}
	tbl := Compile(cfg)
	for _, c := range []struct {
		method, path, want string
		allow              []string
	}{
		{"HEAD", "/g/x", "only-get", nil},
		{"HEAD", "/a", "get", nil}, // the GET route is more specific than the one without methods, for HEAD as for GET
		{"DELETE", "/a", "any", nil},
		{"HEAD", "/p", "", []string{"POST"}},
		{"HEAD", "/h", "head", nil},
		{"GET", "/h", "", []string{"HEAD"}},
		{"POST", "/g", "", []string{"GET"}},
	} {
		res := tbl.Match("x", c.method, c.path)
		got := ""
		if res.Index >= 0 {
			got = cfg.Routes[res.Index].Name
		}
		if got != c.want || !reflect.DeepEqual(res.Allow, c.allow) {
			t.Errorf("%s %s: got %q allow %v, want %q allow %v", c.method, c.path, got, res.Allow, c.want, c.allow)
		}
	}
	if d := DescribeMatch(cfg.Routes[2]); d != "path prefix /g, any host, methods GET (HEAD with GET)" {
		t.Errorf("DescribeMatch = %q", d)
	}
}

// Case-insensitive backends (ASP.NET, Express) serve "/API/admin" as
// "/api/admin": matching folds ASCII case, so every spelling meets the
// checks of the route it would reach, the most specific route still wins
// and the host compares the same way.
func TestMatchFoldsASCIICase(t *testing.T) {
	cfg := Config{Version: 1, Routes: []Route{
		{Name: "root", Path: "/", Upstream: "http://u", Auth: AuthPublic},
		{Name: "admin", Path: "/api/admin", Upstream: "http://u", Auth: AuthRequired, Roles: []string{"admin"}},
		{Name: "admin-users", Path: "/api/admin/Users", Upstream: "http://u", Auth: AuthRequired},
		{Name: "host", Path: "/h", Host: "Api.Example.test", Upstream: "http://u", Auth: AuthRequired},
		{Name: "cafe", Path: "/caf%C3%A9", Upstream: "http://u", Auth: AuthRequired},
	}}
	tbl := Compile(cfg)
	for _, c := range []struct{ host, path, want string }{
		{"x", "/API/admin", "admin"},
		{"x", "/Api/Admin/x", "admin"},
		{"x", "/api/ADMIN/", "admin"},
		{"x", "/api/admin/users/1", "admin-users"},
		{"x", "/API/ADMIN/USERS", "admin-users"},
		{"x", "/api/adminx", "root"},
		{"x", "/API/ADMINX", "root"},
		{"API.EXAMPLE.TEST", "/H/x", "host"},
		{"api.example.test:8080", "/h", "host"},
		{"x", "/h", "root"},
		{"x", "/CAF%C3%A9", "cafe"},
		{"x", "/cafe", "root"},
		// Only ASCII folds: the Kelvin sign (U+212A) is not "k".
		{"x", "/api/admin/%E2%84%AA", "admin"},
	} {
		res := tbl.Match(c.host, "GET", c.path)
		got := ""
		if res.Index >= 0 {
			got = cfg.Routes[res.Index].Name
		}
		if got != c.want {
			t.Errorf("%s %s: matched %q, want %q", c.host, c.path, got, c.want)
		}
	}
	kelvin := Compile(Config{Version: 1, Routes: []Route{{Name: "k", Path: "/k", Upstream: "http://u", Auth: AuthPublic}}})
	if res := kelvin.Match("x", "GET", "/%E2%84%AA"); res.Index != -1 {
		t.Errorf("the Kelvin sign matched the route /k")
	}
}

// strip_prefix removes the prefix in whatever case the route matched it,
// so the upstream never receives the route's own prefix back.
func TestStripPrefixFoldsASCIICase(t *testing.T) {
	for _, c := range []struct{ route, path, want string }{
		{"/api/feed", "/API/Feed/X", "/X"},
		{"/api/feed", "/API/FEED", "/"},
		{"/api/feed/", "/Api/Feed/x/", "/x/"},
		{"/api/feed", "/api/feedback", "/api/feedback"}, // not matched: unchanged
	} {
		if got := StripPrefix(c.route, c.path); got != c.want {
			t.Errorf("StripPrefix(%q, %q) = %q, want %q", c.route, c.path, got, c.want)
		}
	}
}
