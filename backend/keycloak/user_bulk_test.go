package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func init() {
	readOnlyCase("ApplyToUsers", func(ctx context.Context, c *Client) error {
		_, err := c.ApplyToUsers(ctx, "r", []string{"id"}, BulkRequest{Action: BulkDelete}, nil)
		return err
	})
	readOnlyCase("SetUserEnabled", func(ctx context.Context, c *Client) error {
		return c.SetUserEnabled(ctx, "r", "id", false)
	})
}

// Disabling several users changes only their enabled flag, reports one
// result per user in the order given, and a user Keycloak refuses does not
// stop the others.
func TestApplyToUsersReportsEachUser(t *testing.T) {
	f := newFakeKeycloak(t)
	var mu sync.Mutex
	puts := map[string]map[string]any{}
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch {
		case id == "gone":
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "User not found"})
		case r.Method == http.MethodGet:
			writeJSON(w, http.StatusOK, map[string]any{"id": id, "username": id, "firstName": "First " + id, "enabled": true,
				"access": map[string]bool{"manage": true}})
		case r.Method == http.MethodPut:
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			mu.Lock()
			puts[id] = body
			mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	})
	c, _ := f.client()
	rep, err := c.ApplyToUsers(context.Background(), "demo", []string{"u1", "gone", "u2"}, BulkRequest{Action: BulkDisable}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK != 2 || rep.Failed != 1 || rep.NotRun != 0 || rep.Cancelled {
		t.Fatalf("report %+v", rep)
	}
	for i, want := range []struct{ id, status string }{{"u1", BulkOK}, {"gone", BulkFailed}, {"u2", BulkOK}} {
		if got := rep.Results[i]; got.ID != want.id || got.Status != want.status {
			t.Errorf("result %d = %+v, want %s %s", i, got, want.id, want.status)
		}
	}
	if rep.Results[1].Message == "" {
		t.Error("a failed user says nothing about why")
	}
	for _, id := range []string{"u1", "u2"} {
		if b := puts[id]; b["enabled"] != false || b["firstName"] != "First "+id || b["access"] != nil {
			t.Errorf("PUT %s = %v, want enabled false and the rest kept", id, b)
		}
	}
}

// Cancelling stops users from starting; those already started finish, and
// the rest are reported as not run.
func TestApplyToUsersStopsWhenCancelled(t *testing.T) {
	f := newFakeKeycloak(t)
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodDelete {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		once.Do(cancel)
		w.WriteHeader(http.StatusNoContent)
	})
	c, _ := f.client()
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = "u" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	rep, err := c.ApplyToUsers(ctx, "demo", ids, BulkRequest{Action: BulkDelete}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.OK == 0 || rep.OK > bulkWorkers || rep.OK+rep.NotRun != len(ids) || rep.Failed != 0 {
		t.Fatalf("report after cancel: ok %d not run %d failed %d cancelled %v", rep.OK, rep.NotRun, rep.Failed, rep.Cancelled)
	}
	for _, r := range rep.Results {
		if r.Status == BulkNotRun && r.Message == "" {
			t.Errorf("%s not run without saying why", r.ID)
		}
	}
}

// Progress comes at most every progress.Interval, and once at the end
// with every user counted.
func TestApplyToUsersThrottlesProgress(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	c, _ := f.client()
	var mu sync.Mutex
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var sent []BulkProgress
	ids := []string{"a", "b", "c", "d", "e", "f"}
	rep, err := c.applyToUsers(context.Background(), "demo", ids, BulkRequest{Action: BulkSignOut},
		func(p BulkProgress) { mu.Lock(); sent = append(sent, p); mu.Unlock() },
		func() time.Time { return now }) // the clock never moves: one callback for the first user, one at the end
	if err != nil || rep.OK != len(ids) {
		t.Fatalf("report %+v, err %v", rep, err)
	}
	if len(sent) != 2 || sent[1] != (BulkProgress{Done: 6, Total: 6}) {
		t.Fatalf("progress %+v, want the first and the final one", sent)
	}
}

func TestApplyToUsersRefusesAnUnknownActionOrAMissingGroup(t *testing.T) {
	f := newFakeKeycloak(t)
	c, _ := f.client()
	for _, req := range []BulkRequest{{Action: "explode"}, {Action: BulkJoinGroup}} {
		if _, err := c.ApplyToUsers(context.Background(), "demo", []string{"u1"}, req, nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%+v: err = %v, want ErrInvalidInput", req, err)
		}
	}
}
