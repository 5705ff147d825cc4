package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
)

func TestRealmImportReportsProgressAndWhatWasWrittenBeforeAFailure(t *testing.T) {
	requests := 0
	s := sessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		requests++
		if requests == 2 {
			// Keycloak goes away after the first batch.
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		var body struct {
			Users []map[string]any `json:"users"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		results := make([]map[string]any, len(body.Users))
		for i, u := range body.Users {
			results[i] = map[string]any{"action": "ADDED", "resourceType": "USER", "resourceName": u["username"]}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"added": len(results), "results": results})
	})
	users := make([]string, 150)
	for i := range users {
		users[i] = fmt.Sprintf(`{"username":"u%d"}`, i)
	}
	rec := &recorder{}
	svc := NewRealmImportService(s, NewLifecycle(), rec)
	_, err := svc.ImportInto("op-1", "demo", `{"users":[`+strings.Join(users, ",")+`]}`, keycloak.ImportFileOptions{IfExists: keycloak.IfExistsSkip})
	var ui *UIError
	if uiCode(err) != CodeUnreachable || !asUIError(err, &ui) || len(ui.Details) != 1 || !strings.HasPrefix(ui.Details[0], "100 entities were imported before this") {
		t.Fatalf("err = %v, want unreachable naming the 100 users written", err)
	}
	var seen []string
	for _, e := range rec.events {
		if p, ok := e.payload.(RealmImportProgress); ok && e.name == EventProgress && p.OpID == "op-1" && p.Kind == "realm-import" {
			seen = append(seen, fmt.Sprintf("%d/%d", p.Done, p.Total))
		}
	}
	if strings.Join(seen, " ") != "0/150 100/150" {
		t.Errorf("progress = %v, want 0/150 then 100/150", seen)
	}
}

func asUIError(err error, target **UIError) bool {
	ui, ok := err.(*UIError)
	*target = ui
	return ok
}
