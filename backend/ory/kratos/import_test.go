package kratos

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// fakeDirectory is a realm in memory.
type fakeDirectory struct {
	mu          sync.Mutex
	users       map[string]keycloak.User // by username
	hashes      map[string]keycloak.PasswordHash
	writes      int
	refuseAttrs bool
	conflictFor string            // username whose create answers 409
	onCreate    func(name string) // called before each create
}

func newFakeDirectory(existing ...keycloak.User) *fakeDirectory {
	d := &fakeDirectory{users: map[string]keycloak.User{}, hashes: map[string]keycloak.PasswordHash{}}
	for _, u := range existing {
		d.users[u.Username] = u
	}
	return d
}

func (d *fakeDirectory) FindUserByUsername(_ context.Context, _, username string) (keycloak.User, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if u, ok := d.users[strings.ToLower(username)]; ok {
		return u, nil
	}
	return keycloak.User{}, &keycloak.Error{Err: keycloak.ErrNotFound}
}

func (d *fakeDirectory) FindUserByEmail(_ context.Context, _, email string) (keycloak.User, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, u := range d.users {
		if strings.EqualFold(u.Email, email) {
			return u, nil
		}
	}
	return keycloak.User{}, &keycloak.Error{Err: keycloak.ErrNotFound}
}

func (d *fakeDirectory) create(in keycloak.UserInput) (string, error) {
	if d.onCreate != nil {
		d.onCreate(in.Username)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if in.Username == d.conflictFor {
		return "", &keycloak.Error{Op: "create user", Err: keycloak.ErrConflict, Message: "User exists with same username"}
	}
	d.writes++
	d.users[strings.ToLower(in.Username)] = keycloak.User{ID: "kc-" + in.Username, Username: strings.ToLower(in.Username),
		Email: in.Email, FirstName: in.FirstName, LastName: in.LastName, Enabled: in.Enabled,
		EmailVerified: in.EmailVerified, Attributes: in.Attributes, RequiredActions: in.RequiredActions}
	return "kc-" + in.Username, nil
}

func (d *fakeDirectory) CreateUser(_ context.Context, _ string, in keycloak.UserInput) (string, error) {
	return d.create(in)
}

func (d *fakeDirectory) CreateUserWithPasswordHash(_ context.Context, _ string, in keycloak.UserInput, h keycloak.PasswordHash) (string, error) {
	id, err := d.create(in)
	if err == nil {
		d.mu.Lock()
		d.hashes[strings.ToLower(in.Username)] = h
		d.mu.Unlock()
	}
	return id, err
}

func (d *fakeDirectory) CheckAttributesAllowed(context.Context, string, []string) error {
	if d.refuseAttrs {
		return &keycloak.Error{Err: keycloak.ErrInvalidInput, Message: `set unmanaged attributes to "ADMIN_EDIT"`}
	}
	return nil
}

func mixedExport(t *testing.T) []Identity {
	t.Helper()
	ids, err := Parse(export(t,
		testIdentity{id: "i-argon", traits: map[string]any{"email": "argon@example.com"}, hashed: kratosArgon2id(t, "pw-a", 8192, 2, 1)},
		testIdentity{id: "i-pbkdf2", traits: map[string]any{"email": "pbkdf2@example.com"}, hashed: kratosPBKDF2(t, "pw-p", "sha256", 1000, 32)},
		testIdentity{id: "i-bcrypt", traits: map[string]any{"email": "bcrypt@example.com"}, hashed: kratosBcrypt(t, "pw-b")},
		testIdentity{id: "i-nopw", traits: map[string]any{"email": "oidc@example.com"}, otherCreds: []string{"oidc"}},
		testIdentity{id: "i-taken", traits: map[string]any{"email": "old@example.com"}, hashed: kratosBcrypt(t, "x")},
		testIdentity{id: "i-mail", traits: map[string]any{"username": "newname", "email": "shared@example.com"}},
		testIdentity{id: "i-dup", traits: map[string]any{"email": "ARGON@example.com"}},
		testIdentity{id: "i-bad", traits: map[string]any{"phone": "+49"}},
	))
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func existingUsers() []keycloak.User {
	return []keycloak.User{
		{Username: "old@example.com", Email: "old@example.com"},
		{Username: "someone", Email: "shared@example.com"},
	}
}

func byID(rep Report) map[string]Result {
	out := map[string]Result{}
	for _, r := range rep.Results {
		out[r.IdentityID] = r
	}
	return out
}

func TestImportKeepsVerifiableHashesAndAsksTheRestToReset(t *testing.T) {
	dir := newFakeDirectory(existingUsers()...)
	rep, err := Import(t.Context(), dir, mixedExport(t), Options{Realm: "r"})
	if err != nil {
		t.Fatal(err)
	}
	res := byID(rep)
	for id, want := range map[string]struct {
		status   Status
		password Password
		reason   string
	}{
		"i-argon":  {StatusCreated, PasswordKept, ""},
		"i-pbkdf2": {StatusCreated, PasswordKept, ""},
		"i-bcrypt": {StatusCreated, PasswordMustReset, "bcrypt"},
		"i-nopw":   {StatusCreated, PasswordMustReset, "no password"},
		"i-taken":  {StatusExists, "", "user old@example.com already exists"},
		"i-mail":   {StatusExists, "", "email shared@example.com already belongs to user someone"},
		"i-dup":    {StatusFailed, "", "duplicate in file: identity i-argon"},
		"i-bad":    {StatusFailed, "", "no username"},
	} {
		r := res[id]
		text := r.Reason + r.PasswordReason
		if r.Status != want.status || r.Password != want.password || !strings.Contains(text, want.reason) {
			t.Errorf("%s = %+v, want %+v", id, r, want)
		}
	}
	if rep.Created != 4 || rep.PasswordsKept != 2 || rep.MustReset != 2 || rep.Existing != 2 || rep.Failed != 2 || rep.NotRun != 0 {
		t.Fatalf("totals = %+v", rep)
	}
	if h := dir.hashes["argon@example.com"]; h.Algorithm != keycloak.HashArgon2 || h.Argon2.MemoryKiB != 8192 {
		t.Errorf("argon hash sent = %+v", h)
	}
	if h := dir.hashes["pbkdf2@example.com"]; h.Algorithm != keycloak.HashPBKDF2SHA256 || h.Iterations != 1000 {
		t.Errorf("pbkdf2 hash sent = %+v", h)
	}
	for _, name := range []string{"bcrypt@example.com", "oidc@example.com"} {
		u := dir.users[name]
		if _, hashed := dir.hashes[name]; hashed || !slices.Equal(u.RequiredActions, []string{RequiredActionUpdatePassword}) {
			t.Errorf("%s = %+v, want UPDATE_PASSWORD and no credential", name, u)
		}
	}
	if u := dir.users["argon@example.com"]; len(u.RequiredActions) != 0 {
		t.Errorf("argon user has required actions %v", u.RequiredActions)
	}
	if got := res["i-nopw"].NotImported; !slices.Equal(got, []string{"credentials.oidc"}) {
		t.Errorf("i-nopw notImported = %v", got)
	}
}

func TestDryRunWritesNothingAndGivesTheSameVerdicts(t *testing.T) {
	dir := newFakeDirectory(existingUsers()...)
	dry, err := Import(t.Context(), dir, mixedExport(t), Options{Realm: "r", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if dir.writes != 0 {
		t.Fatalf("dry run wrote %d users", dir.writes)
	}
	if !dry.DryRun || dry.Created != 4 || dry.PasswordsKept != 2 || dry.MustReset != 2 || dry.Existing != 2 || dry.Failed != 2 {
		t.Fatalf("dry run = %+v", dry)
	}
	if r := byID(dry)["i-bcrypt"]; r.Status != StatusWouldCreate || r.Password != PasswordMustReset {
		t.Fatalf("i-bcrypt = %+v", r)
	}
}

func TestImportRefusesAttributesTheRealmWouldDropBeforeWriting(t *testing.T) {
	dir := newFakeDirectory()
	dir.refuseAttrs = true
	m, _ := ParseMapping([]byte("attributes: {kratos_id: id}"))
	_, err := Import(t.Context(), dir, mixedExport(t), Options{Realm: "r", Mapping: m})
	if !errors.Is(err, keycloak.ErrInvalidInput) || dir.writes != 0 {
		t.Fatalf("err = %v, writes = %d", err, dir.writes)
	}
}

func TestImportCountsACreateConflictAsExisting(t *testing.T) {
	dir := newFakeDirectory()
	dir.conflictFor = "pbkdf2@example.com"
	rep, err := Import(t.Context(), dir, mixedExport(t)[:2], Options{Realm: "r"})
	if err != nil {
		t.Fatal(err)
	}
	if r := byID(rep)["i-pbkdf2"]; r.Status != StatusExists || r.Password != "" || !strings.Contains(r.Reason, "same username") {
		t.Fatalf("i-pbkdf2 = %+v", r)
	}
}

func TestCancelLeavesTheRestNotRun(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	dir := newFakeDirectory()
	dir.onCreate = func(string) { cancel() } // the user cancels while the first user is written
	rep, err := Import(ctx, dir, mixedExport(t), Options{Realm: "r", Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.Created != 1 || rep.NotRun != 7 || dir.writes != 1 {
		t.Fatalf("report = %+v, writes = %d", rep, dir.writes)
	}
	if r := byID(rep)["i-argon"]; r.Status != StatusCreated {
		t.Fatalf("the identity being written when cancelled = %+v, want it finished", r)
	}
	if r := byID(rep)["i-bad"]; r.Status != StatusNotRun {
		t.Fatalf("i-bad = %+v", r)
	}
}

func TestProgressIsPacedAndEndsWithTheTotal(t *testing.T) {
	var now time.Time
	var got []Progress
	dir := newFakeDirectory()
	ids := mixedExport(t)
	// Each identity takes 40 ms on the test's clock: with 100 ms pacing the
	// callback sees the first, then every third, then the final count.
	dir.onCreate = func(string) { now = now.Add(40 * time.Millisecond) }
	_, err := Import(t.Context(), dir, ids, Options{Realm: "r", Workers: 1, Now: func() time.Time { return now },
		Progress: func(p Progress) { got = append(got, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 || len(got) >= len(ids) || got[len(got)-1] != (Progress{Done: len(ids), Total: len(ids)}) {
		t.Fatalf("progress = %+v", got)
	}
}
