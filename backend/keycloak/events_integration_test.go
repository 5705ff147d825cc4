//go:build integration

package keycloak

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// A wrong password through the token endpoint shows up as a LOGIN_ERROR with
// invalid_user_credentials once login events are on, and the filters find it.
func TestIntegrationLoginEventsRecordAWrongPassword(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	seedRealm(t, c, realm)
	id, err := c.CreateUserWith(ctx, realm, UserInput{Username: "bob", Email: "bob@example.com", FirstName: "Bob", LastName: "B", Enabled: true}, NewUserExtras{Password: "bob-password"})
	if err != nil {
		t.Fatal(err)
	}

	cfg, err := c.GetEventsConfig(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.EventsEnabled || cfg.AdminEventsEnabled {
		t.Fatalf("a new realm records events: %+v", cfg)
	}
	cfg = EventsConfig{EventsEnabled: true, EventsExpiration: 3600, EnabledEventTypes: []string{"LOGIN", "LOGIN_ERROR"}, AdminEventsEnabled: true, AdminEventsDetailsEnabled: true}
	if err := c.UpdateEventsConfig(ctx, realm, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetEventsConfig(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got.EnabledEventTypes)
	if !got.EventsEnabled || got.EventsExpiration != 3600 || !slices.Equal(got.EnabledEventTypes, []string{"LOGIN", "LOGIN_ERROR"}) || !got.AdminEventsEnabled || !got.AdminEventsDetailsEnabled {
		t.Fatalf("config read back %+v", got)
	}

	since := time.Now().Add(-time.Minute).UnixMilli()
	tokenRequest(t, c, realm, "bob", "wrong-password", http.StatusUnauthorized)
	tokenRequest(t, c, realm, "bob", "bob-password", http.StatusOK)

	page, err := c.ListLoginEvents(ctx, realm, EventQuery{UserID: id, From: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.More {
		t.Fatalf("bob's events %+v, want a login error then a login", page)
	}
	failed, ok := page.Items[1], page.Items[0] // newest first
	if failed.Type != "LOGIN_ERROR" || failed.Error != "invalid_user_credentials" || !failed.Failed || failed.ClientID != "cli" || failed.IPAddress == "" {
		t.Errorf("failed login %+v", failed)
	}
	if ok.Type != "LOGIN" || ok.Failed || ok.UserID != id {
		t.Errorf("login %+v", ok)
	}

	// Filters and paging are Keycloak's: a type filter, a page of one, a
	// time range that ends before the logins.
	errs, err := c.ListLoginEvents(ctx, realm, EventQuery{Types: []string{"LOGIN_ERROR"}})
	if err != nil || len(errs.Items) != 1 || errs.Items[0].Error != "invalid_user_credentials" {
		t.Errorf("LOGIN_ERROR only: %+v, %v", errs, err)
	}
	first, err := c.ListLoginEvents(ctx, realm, EventQuery{UserID: id, Max: 1})
	if err != nil || len(first.Items) != 1 || !first.More || first.Items[0].Type != "LOGIN" {
		t.Errorf("first page of one: %+v, %v", first, err)
	}
	second, err := c.ListLoginEvents(ctx, realm, EventQuery{UserID: id, First: 1, Max: 1})
	if err != nil || len(second.Items) != 1 || second.More || second.Items[0].Type != "LOGIN_ERROR" {
		t.Errorf("second page of one: %+v, %v", second, err)
	}
	before, err := c.ListLoginEvents(ctx, realm, EventQuery{UserID: id, To: since})
	if err != nil || len(before.Items) != 0 {
		t.Errorf("events before the logins: %+v, %v", before, err)
	}

	// Admin events: the password reset below is recorded with who did it.
	if err := c.ResetPassword(ctx, realm, id, "another-password", false); err != nil {
		t.Fatal(err)
	}
	admin, err := c.ListAdminEvents(ctx, realm, AdminEventQuery{ResourceTypes: []string{"USER"}, From: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(admin.Items) == 0 || admin.Items[0].Operation != "ACTION" || admin.Items[0].ResourcePath != "users/"+id+"/reset-password" || admin.Items[0].AuthUserID == "" {
		t.Errorf("admin events %+v", admin.Items)
	}
}

func tokenRequest(t *testing.T, c *Client, realm, username, password string, want int) {
	t.Helper()
	resp := passwordGrant(t, realm, "cli", username, password)
	// Keycloak answers a wrong password with 401 up to 26.5 and, as OAuth 2.0
	// says for invalid_grant, with 400 from 26.6 on: both are a refusal.
	if want == http.StatusUnauthorized && resp.StatusCode == http.StatusBadRequest {
		return
	}
	if resp.StatusCode != want {
		t.Fatalf("token for %s: status %d, want %d", username, resp.StatusCode, want)
	}
}
