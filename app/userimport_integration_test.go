//go:build integration

package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/livekc"
)

// cancellingRecorder records events and runs onEvent for each.
type cancellingRecorder struct {
	recorder
	onEvent func(any)
}

func (r *cancellingRecorder) Emit(name string, payload any) {
	r.recorder.Emit(name, payload)
	if r.onEvent != nil {
		r.onEvent(payload)
	}
}

func localSession(t *testing.T, emitter Emitter) (*Session, *keycloak.Client, string) {
	t.Helper()
	s, _ := newTestSession(t)
	s.emitter = emitter
	switchTo(t, s, profile.ProfileInput{Secret: "admin", Details: profile.Details{
		Name: "local-test", Kind: profile.KindLocal, KeycloakURL: livekc.URL(), AdminRealm: "master",
		AuthMethod: profile.AuthPassword, Username: "admin",
	}})
	c, err := s.Keycloak(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s, c, livekc.Realm(t, c, "tandem-app")
}

func csvOf(n int) string {
	var b strings.Builder
	b.WriteString("username,email\n")
	for i := range n {
		fmt.Fprintf(&b, "user%03d,user%03d@example.com\n", i, i)
	}
	return b.String()
}

func TestIntegrationImportServiceReportsProgressAndCancels(t *testing.T) {
	rec := &cancellingRecorder{}
	s, c, realm := localSession(t, rec)
	im := NewUserImportService(s, NewLifecycle(), rec, nil)

	plan, err := im.DryRun(realm, csvOf(30))
	if err != nil || plan.Creates != 30 {
		t.Fatalf("DryRun = %+v, %v", plan, err)
	}
	rep, err := im.Apply("op-1", realm, csvOf(30))
	if err != nil || rep.Created != 30 {
		t.Fatalf("Apply = %+v, %v", rep, err)
	}
	rec.mu.Lock()
	last := rec.events[len(rec.events)-1]
	rec.mu.Unlock()
	p, ok := last.payload.(ImportProgress)
	if last.name != EventProgress || !ok || p.OpID != "op-1" || p.Done != 30 || p.Total != 30 {
		t.Fatalf("last event = %+v", last)
	}

	// Cancel on the first progress event of a second, larger import: large
	// enough that batches (100 rows, two at a time) remain unsent then.
	var once sync.Once
	rec.onEvent = func(payload any) {
		if p, ok := payload.(ImportProgress); ok && p.OpID == "op-2" {
			once.Do(func() { im.Cancel("op-2") })
		}
	}
	big := "username,email" + strings.ReplaceAll(strings.TrimPrefix(csvOf(600), "username,email"), "user", "bulk")
	rep, err = im.Apply("op-2", realm, big)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.NotRun == 0 || rep.Created+rep.NotRun != 600 {
		t.Fatalf("cancelled report: created %d not run %d cancelled %v", rep.Created, rep.NotRun, rep.Cancelled)
	}
	page, err := c.SearchUsers(context.Background(), realm, keycloak.UserQuery{Search: "bulk"})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != rep.Created {
		t.Fatalf("Keycloak has %d bulk users, the report says %d were created", page.Total, rep.Created)
	}
}
