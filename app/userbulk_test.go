package app

import (
	"net/http"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// CancelBulk stops a running bulk action: the users already started
// finish, the others are reported not run, and progress reached the UI
// under the action's op id.
func TestBulkActionCancelsAndReportsProgress(t *testing.T) {
	started := make(chan struct{}, 16)
	release := make(chan struct{})
	s, rec := recordedSessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodDelete {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		started <- struct{}{}
		<-release
		w.WriteHeader(http.StatusNoContent)
	})
	users := NewUserService(s, NewLifecycle(), rec)

	ids := []string{"u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"}
	type outcome struct {
		rep keycloak.BulkReport
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		rep, err := users.Bulk("op-1", "demo", ids, keycloak.BulkRequest{Action: keycloak.BulkDelete})
		done <- outcome{rep, err}
	}()
	<-started
	users.CancelBulk("op-1")
	close(release)
	out := <-done
	if out.err != nil {
		t.Fatal(out.err)
	}
	rep := out.rep
	if !rep.Cancelled || rep.OK == 0 || rep.NotRun == 0 || rep.OK+rep.NotRun != len(ids) || len(rep.Results) != len(ids) {
		t.Fatalf("report %+v", rep)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	var last *BulkProgress
	for _, e := range rec.events {
		if bp, ok := e.payload.(BulkProgress); ok && e.name == EventProgress {
			last = &bp
		}
	}
	if last == nil || last.OpID != "op-1" || last.Kind != "user-bulk" || last.Total != len(ids) || last.Done != rep.OK {
		t.Fatalf("last progress %+v, want op-1 with %d done of %d", last, rep.OK, len(ids))
	}
}
