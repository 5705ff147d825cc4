package app

import (
	"encoding/json"
	"net/http"
	"testing"
)

type openedURLs struct{ urls []string }

func (o *openedURLs) OpenURL(url string) { o.urls = append(o.urls, url) }

func TestImpersonateOpensKeycloaksRedirectInTheBrowser(t *testing.T) {
	s := sessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/admin/realms/demo/users/u-1/impersonation" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"redirect": "https://kc.example/realms/demo/account", "sameRealm": false})
	})
	opened := &openedURLs{}
	url, err := NewUserAccessService(s, NewLifecycle(), opened).Impersonate("demo", "u-1")
	if err != nil || url != "https://kc.example/realms/demo/account" {
		t.Fatalf("Impersonate = %q, %v", url, err)
	}
	if len(opened.urls) != 1 || opened.urls[0] != url {
		t.Errorf("opened %v, want the redirect once", opened.urls)
	}
}

func TestImpersonateOnAReadOnlyProfileOpensNothing(t *testing.T) {
	opened := &openedURLs{}
	_, err := NewUserAccessService(activeStaging(t, true), NewLifecycle(), opened).Impersonate("demo", "u-1")
	if uiCode(err) != CodeReadOnly || len(opened.urls) != 0 {
		t.Fatalf("err = %v, opened %v; want read_only and nothing opened", err, opened.urls)
	}
}

func TestDeleteIdentityProviderNeedsItsAliasTyped(t *testing.T) {
	s := sessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a mistyped confirmation reached Keycloak: %s %s", r.Method, r.URL.Path)
	})
	err := NewKeycloakService[IdentityProviderService](s, NewLifecycle()).Delete("demo", "corp", "cor")
	if uiCode(err) != CodeInvalidInput {
		t.Fatalf("err = %v, want invalid_input", err)
	}
}
