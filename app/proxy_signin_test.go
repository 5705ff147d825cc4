package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

type fakeBrowser struct {
	mu     sync.Mutex
	opened []string
}

func (b *fakeBrowser) OpenURL(url string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.opened = append(b.opened, url)
}

func signInRoutes(upstream string) routes.Config {
	return routes.Config{
		Version: routes.Version,
		Login:   routes.Login{ClientID: "tandem-proxy"},
		Routes: []routes.Route{
			{Name: "app", Path: "/app", Upstream: upstream, Auth: routes.AuthRequired, Login: true},
			{Name: "page", Path: "/page", Upstream: upstream, Auth: routes.AuthOptional},
		},
	}
}

// The panel reads where sign-in's secrets come from, keeps a client secret
// write-only, and the profile's cookie keys are made by the first start,
// kept by the next, rotated and pruned from the screen.
func TestSignInPanel(t *testing.T) {
	s, rec := activeSession(t)
	ctx := context.Background()
	up := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer up.Close()
	p, _ := s.Profile(ctx)
	browser := &fakeBrowser{}
	svc := NewProxyService(s, NewLifecycle(), rec, browser)

	st, err := svc.SignIn()
	if err != nil || st.Enabled || !strings.Contains(st.Reason, "no login block") {
		t.Fatalf("without a login block: %+v, %v", st, err)
	}
	if err := s.Profiles().SaveRoutes(ctx, p.ID, signInRoutes(up.URL)); err != nil {
		t.Fatal(err)
	}
	st, err = svc.SignIn()
	if err != nil || !st.Enabled || st.ClientID != "tandem-proxy" || st.ClientSecret != profile.SourceNone ||
		st.CookieKeys != profile.SourceProfile || len(st.Keys) != 0 || len(st.Routes) != 2 {
		t.Fatalf("with a login block: %+v, %v", st, err)
	}
	if st, err = svc.SetSignInClientSecret("  staging-client-secret "); err != nil || !st.ClientSecretKept || st.ClientSecret != profile.SourceProfile {
		t.Fatalf("after keeping a client secret: %+v, %v", st, err)
	}

	if _, err := svc.OpenInBrowser("app"); err == nil {
		t.Fatal("OpenInBrowser with the proxy stopped opened something")
	}
	if _, err := svc.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	keys, err := s.Profiles().CookieKeys(ctx, p.ID)
	if err != nil || len(keys) != 1 {
		t.Fatalf("after the first start: %d keys, %v", len(keys), err)
	}
	url, err := svc.OpenInBrowser("app")
	if err != nil || !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/app") ||
		len(browser.opened) != 1 || browser.opened[0] != url {
		t.Fatalf("OpenInBrowser = %q, %v; opened %v", url, err, browser.opened)
	}
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Profiles().CookieKeys(ctx, p.ID)
	if len(again) != 1 || again[0].Key != keys[0].Key {
		t.Fatal("a restart of the proxy made a new cookie key: every browser would be signed out")
	}

	st, err = svc.RotateCookieKey()
	if err != nil || len(st.Keys) != 2 || !st.Keys[0].Seals {
		t.Fatalf("after rotate: %+v, %v", st.Keys, err)
	}
	if last := svc.State().Status.LastReload; last == nil || !last.OK {
		t.Fatalf("the running proxy was not reloaded with the new keys: %+v", last)
	}
	st, err = svc.DropOldCookieKeys()
	if err != nil || len(st.Keys) != 1 {
		t.Fatalf("after dropping old keys: %+v, %v", st.Keys, err)
	}
	if _, err := svc.Stop(); err != nil {
		t.Fatal(err)
	}
}
