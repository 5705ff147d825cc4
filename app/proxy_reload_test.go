package app

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// Editing routes while the embedded proxy runs applies them at once: no
// stop and start, and the Proxy screen's state says when and how.
func TestSavedRoutesApplyToTheRunningProxy(t *testing.T) {
	s, rec := activeSession(t)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("up")) }))
	defer up.Close()
	files := NewRouteService(s, NewLifecycle())
	if _, err := files.SaveRoute("", routes.Route{Name: "a", Path: "/a", Upstream: up.URL, Auth: routes.AuthPublic}); err != nil {
		t.Fatal(err)
	}
	svc := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	st, err := svc.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = svc.Stop() })
	get := func(path string) int {
		resp, err := http.Get("http://" + st.Status.Addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get("/b"); got != 404 {
		t.Fatalf("/b before the edit: %d", got)
	}

	if _, err := files.SaveRoute("", routes.Route{Name: "b", Path: "/b", Upstream: up.URL, Auth: routes.AuthPublic}); err != nil {
		t.Fatal(err)
	}
	if got := get("/b"); got != 200 {
		t.Errorf("/b after it was saved: %d, want 200 without a restart", got)
	}
	state := svc.State()
	if !state.Running || state.Status.Addr != st.Status.Addr || state.Routes != 2 {
		t.Errorf("state after the edit: %+v", state)
	}
	if lr := state.Status.LastReload; lr == nil || !lr.OK || lr.Time.IsZero() {
		t.Errorf("last reload %+v", lr)
	}

	if _, err := files.SetEnabled("a", false); err != nil {
		t.Fatal(err)
	}
	if got := get("/a"); got != 404 {
		t.Errorf("/a after it was disabled: %d", got)
	}
}
