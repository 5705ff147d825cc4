package proxy

import (
	"slices"
	"testing"
)

// A client that names identity headers or X-Request-Id in its Connection
// header cannot get the headers the proxy injects removed on the way to the
// upstream, while the other names it lists stay hop-by-hop.
func TestConnectionHeaderCannotRemoveInjectedHeaders(t *testing.T) {
	e := newEnv(t)
	c := e.claims("alice-sub", "user", "admin")
	c["resource_access"] = map[string]any{"web": map[string]any{"roles": []any{"editor"}}}
	tok := e.key.sign(t, c)
	for _, conn := range []string{
		"close, X-User-Id, X-User-Roles, X-Request-Id, X-Hop",
		"x_user_id, X-USER-ROLES,x-request-id , X-Web-Roles, X-Hop, X_User_Name",
	} {
		for _, c := range []struct {
			path string
			want map[string]string
		}{
			{"/api/req", map[string]string{"X-User-Id": "alice-sub", "X-User-Name": "alice-sub-name", "X-User-Roles": "user,admin"}},
			{"/api/custom", map[string]string{"X-User-Id": "alice-sub-name", "X-User-Roles": "user,admin", "X-Web-Roles": "editor"}},
		} {
			r := e.raw("GET", c.path, map[string]string{"Authorization": "Bearer " + tok, "Connection": conn, "X-Hop": "1"})
			if r.status != 200 {
				t.Fatalf("%s, Connection: %s: status %d %s", c.path, conn, r.status, r.body)
			}
			for name, want := range c.want {
				if got := r.echo.Headers[name]; got != want {
					t.Errorf("%s, Connection: %s: upstream %s = %q, want %q", c.path, conn, name, got, want)
				}
			}
			if id := r.header.Get("X-Request-Id"); id == "" || r.echo.Headers["X-Request-Id"] != id {
				t.Errorf("%s, Connection: %s: upstream X-Request-Id %q, response %q", c.path, conn, r.echo.Headers["X-Request-Id"], id)
			}
			if v, ok := r.echo.Headers["X-Hop"]; ok {
				t.Errorf("%s, Connection: %s: X-Hop reached the upstream (%q): other listed names must stay hop-by-hop", c.path, conn, v)
			}
		}
	}

	// Anonymous: naming identity headers in Connection does not let spoofed
	// values through either.
	r := e.raw("GET", "/api/opt", map[string]string{"Connection": "X-User-Id", "x-user-id": "evil", "X_User_Roles": "admin"})
	if r.status != 200 {
		t.Fatalf("anonymous: %d %s", r.status, r.body)
	}
	for name, v := range r.echo.Headers {
		if name != "X-Request-Id" && e.srv.owns(name) {
			t.Errorf("anonymous request: upstream received %s: %q", name, v)
		}
	}
}

func TestTraceListsConnectionTokensTakenOut(t *testing.T) {
	e := newEnv(t)
	r := e.raw("GET", "/api/req", e.traced(map[string]string{"Connection": "X-User-Id, X-Keep"}, "alice-sub", "user"))
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	tr, ok := e.traceOf(r)
	if !ok {
		t.Fatal("no trace")
	}
	if !slices.Contains(tr.Stripped, "Connection: X-User-Id") || slices.Contains(tr.Stripped, "Connection: X-Keep") {
		t.Errorf("stripped %v", tr.Stripped)
	}
	if tr.UpstreamHeaders.Get("X-User-Id") != "alice-sub" || tr.UpstreamHeaders.Get("X-Request-Id") != r.header.Get("X-Request-Id") {
		t.Errorf("upstream headers %v", tr.UpstreamHeaders)
	}
}
