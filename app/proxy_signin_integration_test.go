//go:build integration

package app

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
)

// meAt asks the proxy at addr who the cookie belongs to.
func meAt(t *testing.T, addr, cookie string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+routes.MePath, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me struct {
		Name string `json:"name"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&me)
	return resp.StatusCode, me.Name
}

// A browser signed in at the app's proxy stays signed in across a restart
// of the app: the proxy started by the next run, from the same stored
// profile, opens the cookie the last one sealed. A profile with other keys
// does not.
func TestLiveSessionSurvivesARestartOfTheApp(t *testing.T) {
	t.Setenv("TANDEM_SECRET_STORE", "file")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tandem.db")

	run := func() (*ProxyService, func()) {
		db, session, err := OpenSession(ctx, path, &recorder{})
		if err != nil {
			t.Fatal(err)
		}
		life := NewLifecycle()
		svc := NewProxyService(session, life, &recorder{}, noBrowser{})
		if _, err := svc.Start("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		return svc, func() {
			_, _ = svc.Stop()
			life.Stop(ctx)
			db.Close()
		}
	}

	first, stop := run()
	addr := first.State().Listen
	sess, err := tester.SignInBrowser(ctx, "http://"+addr, profile.DemoRoutes().Issuer, "/app", "alice", "alice")
	if err != nil {
		t.Fatal(err)
	}
	cookie := sess.CookieHeader()
	if code, name := meAt(t, addr, cookie); code != 200 || name != "alice" {
		t.Fatalf("before the restart: HTTP %d, %q", code, name)
	}
	stop()

	second, stop := run()
	defer stop()
	if code, name := meAt(t, second.State().Listen, cookie); code != 200 || name != "alice" {
		t.Fatalf("after the restart: HTTP %d, %q; the new run does not open the session", code, name)
	}

	// Another database, so other keys: the same cookie opens nothing there.
	db, session, err := OpenSession(ctx, filepath.Join(t.TempDir(), "other.db"), &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other := NewProxyService(session, NewLifecycle(), &recorder{}, noBrowser{})
	if _, err := other.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := other.Stop(); err != nil {
			t.Errorf("stop the proxy: %v", err)
		}
	}()
	if code, _ := meAt(t, other.State().Listen, cookie); code != http.StatusUnauthorized {
		t.Fatalf("a proxy with other keys answered HTTP %d to the cookie", code)
	}

	// Sign out, so the test leaves no Keycloak session behind.
	req, _ := http.NewRequest(http.MethodPost, "http://"+second.State().Listen+routes.LogoutPath, nil)
	req.Header.Set("Cookie", cookie)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}
}
