package app

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/tempdb"
)

type recordedEvent struct {
	name    string
	payload any
}

type recorder struct {
	mu     sync.Mutex
	events []recordedEvent
}

func (r *recorder) Emit(name string, payload any) {
	r.mu.Lock()
	r.events = append(r.events, recordedEvent{name, payload})
	r.mu.Unlock()
}

func newTestSession(t *testing.T) (*Session, *recorder) {
	t.Helper()
	s, rec, _ := newTestSessionOver(t, nil, nil)
	return s, rec
}

// newTestSessionOver is a session on a fresh database in a temporary
// folder (returned too), seen through wrap when not nil, with secrets in
// keychain (nil: in the encrypted file).
func newTestSessionOver(t *testing.T, wrap func(profile.Store) profile.Store, keychain profile.SecretStore) (*Session, *recorder, *store.DB) {
	t.Helper()
	dir := t.TempDir()
	db := tempdb.In(t, dir)
	opts := profile.SecretOptions{Mode: profile.SecretModeFile, KeyFile: filepath.Join(dir, "secret.key"), Sealed: db}
	if keychain != nil {
		opts.Mode, opts.Keychain = profile.SecretModeKeychain, keychain
	}
	secrets, err := profile.OpenSecrets(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var st profile.Store = db
	if wrap != nil {
		st = wrap(st)
	}
	rec := &recorder{}
	return NewSession(profile.NewService(st, secrets), rec), rec, db
}

// startOn creates staging profiles named names in s's store and starts s
// with names[active] recorded as the active one.
func startOn(t *testing.T, s *Session, active int, names ...string) []profile.Profile {
	t.Helper()
	ctx := context.Background()
	ps := make([]profile.Profile, len(names))
	for i, n := range names {
		p, err := s.Profiles().Create(ctx, staging(n))
		if err != nil {
			t.Fatal(err)
		}
		ps[i] = p
	}
	if err := s.Profiles().SetActive(ctx, ps[active].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return ps
}

// switchTo creates the profile in and makes it s's active one.
func switchTo(t *testing.T, s *Session, in profile.ProfileInput) profile.Profile {
	t.Helper()
	ctx := context.Background()
	p, err := s.Profiles().Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Switch(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

func staging(name string) profile.ProfileInput {
	return profile.ProfileInput{Secret: "pw", Details: profile.Details{
		Name: name, Kind: profile.KindStaging, KeycloakURL: "http://127.0.0.1:1", AdminRealm: "master",
		AuthMethod: profile.AuthPassword, Username: "ops",
	}}
}

// uiError is the UIError err carries, the zero one when none.
func uiError(err error) UIError {
	var ui *UIError
	if errors.As(err, &ui) {
		return *ui
	}
	return UIError{}
}

func uiCode(err error) Code { return uiError(err).Code }

func uiMessage(err error) string { return uiError(err).Message }

func TestSessionWithoutProfilesSaysNoProfile(t *testing.T) {
	s, _ := newTestSession(t)
	ctx := context.Background()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := s.Profile(ctx)
	if code := uiCode(toUI(err)); code != CodeNoProfile {
		t.Errorf("code = %q (err %v), want no_profile", code, err)
	}
	if _, err := s.Keycloak(ctx); uiCode(toUI(err)) != CodeNoProfile {
		t.Errorf("Keycloak without profile: %v", err)
	}
}

func TestSessionStartsOnFirstRunLocal(t *testing.T) {
	s, _ := newTestSession(t)
	ctx := context.Background()
	if _, err := s.Profiles().EnsureLocal(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := s.Profile(ctx)
	if err != nil || p.Name != "Local" {
		t.Fatalf("active = %+v, %v", p, err)
	}
}

func TestSwitchNotifiesListenersThenUI(t *testing.T) {
	s, rec := newTestSession(t)
	ctx := context.Background()
	b := startOn(t, s, 0, "A", "B")[1]
	var order []string
	s.OnSwitch(func(p profile.Profile) { order = append(order, "listener:"+p.Name) })
	ca, err := s.Keycloak(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Switch(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	order = append(order, "after")
	if len(order) != 2 || order[0] != "listener:B" {
		t.Errorf("listener calls = %v", order)
	}
	if len(rec.events) != 1 || rec.events[0].name != EventProfileSwitched {
		t.Fatalf("events = %+v", rec.events)
	}
	body, _ := json.Marshal(rec.events[0].payload)
	var payload map[string]any
	if err := json.Unmarshal(body, &payload); err != nil {
		t.Fatal(err)
	}
	if payload["name"] != "B" || payload["color"] == nil {
		t.Errorf("event payload = %s", body)
	}
	if _, has := payload["secret"]; has {
		t.Error("the event carries a secret")
	}
	cb, err := s.Keycloak(ctx)
	if err != nil || cb == ca {
		t.Errorf("client after switch = %p (before %p), %v; want a new one", cb, ca, err)
	}
	if again, _ := s.Keycloak(ctx); again != cb {
		t.Error("client rebuilt without a change")
	}
	// The switch is remembered for the next start.
	if act, _ := s.Profiles().Active(ctx); act.ID != b.ID {
		t.Errorf("stored active = %d, want %d", act.ID, b.ID)
	}
}

func TestClientIsRebuiltAfterTheProfileChanges(t *testing.T) {
	s, _ := newTestSession(t)
	ctx := context.Background()
	a := startOn(t, s, 0, "A")[0]
	c1, err := s.Keycloak(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := staging("A")
	in.ReadOnly = true
	in.Secret = ""
	if _, err := s.Profiles().Update(ctx, a.ID, in); err != nil {
		t.Fatal(err)
	}
	c2, err := s.Keycloak(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c2 == c1 || !c2.ReadOnly() {
		t.Errorf("client after making the profile read-only: same=%v readOnly=%v", c2 == c1, c2.ReadOnly())
	}
}

func TestDeletingTheActiveProfileMovesOn(t *testing.T) {
	s, rec := newTestSession(t)
	created := startOn(t, s, 1, "A", "B")
	a, b := created[0], created[1]
	ps := NewProfileService(s, NewLifecycle(), nil)
	if err := ps.Delete(b.ID); err != nil {
		t.Fatal(err)
	}
	p, err := ps.Active()
	if err != nil || p.ID != a.ID {
		t.Fatalf("active after deleting it = %+v, %v", p, err)
	}
	if err := ps.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Active(); uiCode(err) != CodeNoProfile {
		t.Errorf("active after deleting all = %v", err)
	}
	last := rec.events[len(rec.events)-1]
	if last.name != EventProfileSwitched || last.payload != nil {
		t.Errorf("last event = %+v, want profile:switched with null", last)
	}
}

func TestProfileServiceErrorsCarryCodesAndFieldDetails(t *testing.T) {
	s, _ := newTestSession(t)
	ps := NewProfileService(s, NewLifecycle(), nil)
	_, err := ps.Create(profile.ProfileInput{Details: profile.Details{Name: "", Kind: "dev", KeycloakURL: "x"}})
	var ui *UIError
	if !errors.As(err, &ui) || ui.Code != CodeInvalidInput || len(ui.Details) < 3 {
		t.Fatalf("err = %v", err)
	}
	found := false
	for _, d := range ui.Details {
		if d == "name: is required" {
			found = true
		}
	}
	if !found {
		t.Errorf("details = %v, want \"name: is required\"", ui.Details)
	}
	if _, err := ps.Get(404); uiCode(err) != CodeNotFound {
		t.Errorf("Get missing: %v", err)
	}
	_, err = ps.Switch(404)
	if uiCode(err) != CodeNotFound {
		t.Errorf("Switch missing: %v", err)
	}
}

func TestReadOnlyRoutesSaveMapsToReadOnly(t *testing.T) {
	s, _ := newTestSession(t)
	ctx := context.Background()
	in := staging("Prod")
	in.ReadOnly = true
	p, _ := s.Profiles().Create(ctx, in)
	err := toUI(s.Profiles().SaveRoutes(ctx, p.ID, profile.DemoRoutes()))
	if uiCode(err) != CodeReadOnly {
		t.Errorf("err = %v, want read_only", err)
	}
}

func TestEditingTheActiveProfileUpdatesTheUIWithoutStoppingAnything(t *testing.T) {
	s, rec := newTestSession(t)
	a := startOn(t, s, 0, "A")[0]
	stops := 0
	s.OnSwitch(func(profile.Profile) { stops++ })
	ps := NewProfileService(s, NewLifecycle(), nil)
	in := staging("A renamed")
	in.Secret = ""
	if _, err := ps.Update(a.ID, in); err != nil {
		t.Fatal(err)
	}
	if stops != 0 {
		t.Errorf("OnSwitch listeners ran %d times for an edit", stops)
	}
	if len(rec.events) != 1 || rec.events[0].payload.(profile.Profile).Name != "A renamed" {
		t.Errorf("events = %+v, want one profile:switched with the new name", rec.events)
	}
}
