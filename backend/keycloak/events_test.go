package keycloak

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

func init() {
	readOnlyCase("UpdateEventsConfig", func(ctx context.Context, c *Client) error {
		return c.UpdateEventsConfig(ctx, "r", EventsConfig{EventsEnabled: true})
	})
}

// A page asks Keycloak for one event more than it shows, newest first, with
// every filter the screen offers; the extra event only says there is more.
func TestLoginEventsPageSendsTheFiltersAndSaysWhetherThereIsMore(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		want := map[string][]string{
			"user": {"u1"}, "client": {"web"}, "ipAddress": {"10.0.0.1"}, "type": {"LOGIN", "LOGIN_ERROR"},
			"dateFrom": {"1700000000000"}, "dateTo": {"1700000600000"}, "first": {"4"}, "max": {"3"}, "direction": {"desc"},
		}
		if r.URL.Path != "/admin/realms/r/events" || !reflect.DeepEqual(map[string][]string(q), want) {
			t.Errorf("request %s, want %v", r.URL, want)
		}
		writeJSON(w, http.StatusOK, []map[string]any{
			{"time": 3, "type": "LOGIN_ERROR", "userId": "u1", "error": "invalid_user_credentials", "details": map[string]string{"username": "bob"}},
			{"time": 2, "type": "LOGIN", "userId": "u1"},
			{"time": 1, "type": "LOGIN", "userId": "u1"},
		})
	})
	c, _ := f.client()
	page, err := c.ListLoginEvents(context.Background(), "r", EventQuery{
		UserID: "u1", ClientID: "web", IPAddress: " 10.0.0.1 ", Types: []string{"LOGIN", "LOGIN_ERROR"},
		From: 1700000000000, To: 1700000600000, First: 4, Max: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || !page.More {
		t.Fatalf("page %+v, want 2 events and more", page)
	}
	if e := page.Items[0]; !e.Failed || e.Error != "invalid_user_credentials" || e.Details["username"] != "bob" {
		t.Errorf("failed login %+v", e)
	}
	if e := page.Items[1]; e.Failed || e.Details == nil {
		t.Errorf("successful login %+v: not failed, details never nil", e)
	}
}

func TestAdminEventsPageReadsWhoDidWhat(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/admin/realms/r/admin-events" || q.Get("operationTypes") != "DELETE" || q.Get("resourceTypes") != "USER" ||
			q.Get("authUser") != "admin-id" || q.Get("max") != "51" || q.Get("first") != "0" || q.Has("dateFrom") {
			t.Errorf("request %s", r.URL)
		}
		writeJSON(w, http.StatusOK, []map[string]any{{
			"time": 5, "operationType": "DELETE", "resourceType": "USER", "resourcePath": "users/u1",
			"authDetails": map[string]string{"realmId": "m", "clientId": "c", "userId": "admin-id", "ipAddress": "127.0.0.1"},
		}})
	})
	c, _ := f.client()
	page, err := c.ListAdminEvents(context.Background(), "r", AdminEventQuery{Operations: []string{"DELETE"}, ResourceTypes: []string{"USER"}, AuthUserID: "admin-id"})
	if err != nil {
		t.Fatal(err)
	}
	want := AdminEvent{Time: 5, Operation: "DELETE", ResourceType: "USER", ResourcePath: "users/u1", AuthRealmID: "m", AuthClientID: "c", AuthUserID: "admin-id", AuthIPAddress: "127.0.0.1"}
	if page.More || len(page.Items) != 1 || page.Items[0] != want {
		t.Errorf("page %+v", page)
	}
}

// Updating the configuration keeps what Tandem does not edit (the event
// listeners) and clears an expiration set to 0.
func TestUpdateEventsConfigKeepsTheListeners(t *testing.T) {
	f := newFakeKeycloak(t)
	stored := f.storeOne(map[string]any{
		"eventsEnabled": false, "eventsExpiration": 3600, "eventsListeners": []string{"jboss-logging", "email"},
		"enabledEventTypes": []string{"LOGIN"}, "adminEventsEnabled": false, "adminEventsDetailsEnabled": false,
	})
	c, _ := f.client()
	err := c.UpdateEventsConfig(context.Background(), "r", EventsConfig{EventsEnabled: true, AdminEventsEnabled: true, AdminEventsDetailsEnabled: true})
	put := *stored
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"eventsEnabled": true, "eventsExpiration": 0.0, "eventsListeners": []any{"jboss-logging", "email"},
		"enabledEventTypes": []any{}, "adminEventsEnabled": true, "adminEventsDetailsEnabled": true,
	}
	if !reflect.DeepEqual(put, want) {
		t.Errorf("PUT %v\nwant %v", put, want)
	}
}

func TestUpdateEventsConfigRefusesANegativeExpiration(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	err := c.UpdateEventsConfig(context.Background(), "r", EventsConfig{EventsExpiration: -1})
	if !isErr(err, ErrInvalidInput) || f.admins() != 0 {
		t.Errorf("err %v after %d admin calls, want invalid input before any call", err, f.admins())
	}
}
