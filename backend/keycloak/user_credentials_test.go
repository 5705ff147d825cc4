package keycloak

import (
	"context"
	"net/http"
	"testing"
)

func init() {
	readOnlyCase("RemoveConsent", func(ctx context.Context, c *Client) error { return c.RemoveConsent(ctx, "r", "id", "web") })
	readOnlyCase("RemoveLinkedAccount", func(ctx context.Context, c *Client) error {
		return c.RemoveLinkedAccount(ctx, "r", "id", "corp")
	})
	// Impersonating starts a session as the user: a change.
	readOnlyCase("ImpersonateUser", func(ctx context.Context, c *Client) error {
		_, err := c.ImpersonateUser(ctx, "r", "id")
		return err
	})
}

func TestImpersonateUserReturnsKeycloaksRedirectOnly(t *testing.T) {
	for _, tc := range []struct {
		name, redirect string
		ok             bool
	}{
		{"account console", "https://kc.example/realms/demo/account", true},
		{"no redirect", "", false},
		{"not http", "javascript:alert(1)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeKeycloak(t)
			f.handle(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/admin/realms/demo/users/u-1/impersonation" {
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
				}
				writeJSON(w, http.StatusOK, map[string]any{"redirect": tc.redirect, "sameRealm": false})
			})
			c, _ := f.client()
			got, err := c.ImpersonateUser(context.Background(), "demo", "u-1")
			if tc.ok && (err != nil || got.RedirectURL != tc.redirect) {
				t.Fatalf("ImpersonateUser = %+v, %v", got, err)
			}
			if !tc.ok && !isErr(err, ErrServer) {
				t.Fatalf("ImpersonateUser = %+v, %v; want ErrServer", got, err)
			}
		})
	}
}

func TestListConsentsSortsScopesAndNeverAnswersNull(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []map[string]any{
			{"clientId": "web", "grantedClientScopes": []string{"profile", "email"}, "createdDate": 1, "lastUpdatedDate": 2},
			{"clientId": "app"},
		})
	})
	c, _ := f.client()
	got, err := c.ListConsents(context.Background(), "demo", "u-1")
	if err != nil || len(got) != 2 {
		t.Fatalf("ListConsents = %+v, %v", got, err)
	}
	if got[0].ClientID != "app" || got[0].Scopes == nil || got[1].Scopes[0] != "email" || got[1].LastUpdatedAt != 2 {
		t.Errorf("consents = %+v", got)
	}
}
