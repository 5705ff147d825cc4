package app

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/tandemhq/tandem/backend/proxy"
)

// The timeline holds the user's login events and, from the proxy's log,
// only the records whose subject is the user's id.
func TestTimelineTakesOnlyTheUsersProxyRecords(t *testing.T) {
	s, rec := recordedSessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/admin/realms/demo/events/config":
			_ = json.NewEncoder(w).Encode(map[string]any{"eventsEnabled": true})
		case "/admin/realms/demo/events":
			if r.URL.Query().Get("user") != "bob-id" {
				t.Errorf("events asked for %s, want bob's", r.URL)
			}
			_ = json.NewEncoder(w).Encode([]map[string]any{{"time": 7, "type": "LOGIN_ERROR", "userId": "bob-id", "error": "user_disabled"}})
		default:
			t.Errorf("unexpected %s", r.URL)
		}
	})
	runner := NewProxyService(s, NewLifecycle(), rec, noBrowser{})
	runner.sink = proxy.NewMemorySink(10, nil)
	defer runner.sink.Close()
	runner.sink.Log(proxy.Record{Path: "/api/admin", Subject: "bob-id", Decision: proxy.DecisionForbidden})
	runner.sink.Log(proxy.Record{Path: "/api/admin", Subject: "alice-id", Decision: proxy.DecisionAllowed})
	runner.sink.Log(proxy.Record{Path: "/page", Decision: proxy.DecisionAnonymous})

	tl, err := NewKeycloakProxyService[RealmEventService](s, NewLifecycle(), runner).Timeline("demo", "bob-id")
	if err != nil {
		t.Fatal(err)
	}
	if !tl.EventsEnabled || len(tl.LoginEvents) != 1 || tl.LoginEvents[0].Error != "user_disabled" {
		t.Errorf("login events %+v", tl)
	}
	if len(tl.ProxyRecords) != 1 || tl.ProxyRecords[0].Subject != "bob-id" || tl.ProxyRecords[0].Decision != proxy.DecisionForbidden {
		t.Errorf("proxy records %+v, want bob's one", tl.ProxyRecords)
	}
}
