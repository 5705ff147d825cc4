package userimport

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/progress"
)

const sample = `Username,Email,First name,Last name,Enabled,Groups,Realm roles,Temporary password
newbie,newbie@example.com,New,Bie,yes,staff;/staff/berlin,user|admin,Start-123
alice,alice@example.com,Alicia,Anders,,,,
bob,bob@example.com,Bob,Baker,true,,,
broken,not-an-email,,,,,,
newbie,other@example.com,,,,,,
ghost,ghost@example.com,,,,nowhere,,
roler,roler@example.com,,,,,superuser,
thief,carol@example.com,,,,,,
lazy,lazy@example.com,,,maybe,,,
`

func seeded() *fakeDirectory {
	f := newFakeDirectory()
	f.add(keycloak.User{Username: "alice", Email: "alice@example.com", FirstName: "Alice", LastName: "Anders", Enabled: true})
	f.add(keycloak.User{Username: "bob", Email: "bob@example.com", FirstName: "Bob", LastName: "Baker", Enabled: true})
	f.add(keycloak.User{Username: "carol", Email: "carol@example.com", Enabled: false})
	return f
}

func parseSample(t *testing.T) []Row {
	t.Helper()
	rows, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return rows
}

func TestParseReadsColumnsListsAndLineNumbers(t *testing.T) {
	rows := parseSample(t)
	if len(rows) != 9 {
		t.Fatalf("rows = %d, want 9", len(rows))
	}
	r := rows[0]
	if r.Line != 2 || r.Username != "newbie" || r.FirstName != "New" || r.TemporaryPassword != "Start-123" ||
		r.Enabled == nil || !*r.Enabled ||
		!slices.Equal(r.Groups, []string{"staff", "/staff/berlin"}) || !slices.Equal(r.RealmRoles, []string{"user", "admin"}) {
		t.Fatalf("first row = %+v", r)
	}
	if rows[1].Enabled != nil {
		t.Error("an empty enabled cell should leave Enabled nil")
	}
	if rows[8].Problem == "" {
		t.Error(`enabled "maybe" should mark the row`)
	}
}

func TestParseAcceptsHeaderVariantsAndABOM(t *testing.T) {
	rows, err := Parse(strings.NewReader("\ufeffUSERNAME, first_name ,RealmRoles\n\ncarl,Carl,user\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Username != "carl" || rows[0].FirstName != "Carl" || rows[0].Line != 3 {
		t.Fatalf("rows = %+v", rows)
	}
}

func TestParseRejectsUnknownColumnsAndAMissingUsername(t *testing.T) {
	if _, err := Parse(strings.NewReader("username,emial\nx,y\n")); err == nil || !strings.Contains(err.Error(), `"emial"`) {
		t.Fatalf("unknown column: err = %v", err)
	}
	if _, err := Parse(strings.NewReader("email\nx@example.com\n")); err != ErrNoUsernameColumn {
		t.Fatalf("no username column: err = %v", err)
	}
	if _, err := Parse(strings.NewReader("")); err == nil {
		t.Fatal("empty file accepted")
	}
}

func wantPlan(t *testing.T, got []PlanRow) {
	t.Helper()
	want := []struct {
		action Action
		reason string
	}{
		{ActionCreate, ""},
		{ActionUpdate, "first name"},
		{ActionSkip, "already up to date"},
		{ActionSkip, "invalid email"},
		{ActionSkip, "username also on line 2"},
		{ActionSkip, "missing group /nowhere"},
		{ActionSkip, `unknown role "superuser"`},
		{ActionSkip, "already belongs to user carol"},
		{ActionSkip, "maybe"},
	}
	for i, w := range want {
		if got[i].Action != w.action || !strings.Contains(got[i].Reason, w.reason) {
			t.Errorf("line %d (%s): %s %q, want %s containing %q", got[i].Line, got[i].Username, got[i].Action, got[i].Reason, w.action, w.reason)
		}
	}
}

func TestDryRunPlansEveryRowAndWritesNothing(t *testing.T) {
	f := seeded()
	plan, err := New(f, "demo", 4).DryRun(context.Background(), parseSample(t))
	if err != nil {
		t.Fatal(err)
	}
	wantPlan(t, plan.Rows)
	if plan.Creates != 1 || plan.Updates != 1 || plan.Skips != 7 {
		t.Errorf("counts = %d/%d/%d, want 1 create, 1 update, 7 skips", plan.Creates, plan.Updates, plan.Skips)
	}
	if f.writeCount() != 0 {
		t.Fatalf("dry run wrote %d times", f.writeCount())
	}
}

func TestApplyCreatesUpdatesAndReportsEveryRow(t *testing.T) {
	f := seeded()
	var last Progress
	rep, err := New(f, "demo", 4).Apply(context.Background(), parseSample(t), func(p Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || rep.Updated != 1 || rep.Skipped != 7 || rep.Failed != 0 || rep.NotRun != 0 || rep.Cancelled {
		t.Fatalf("report counts = %+v", rep)
	}
	if last.Done != 9 || last.Total != 9 || last.Created != 1 || last.Updated != 1 || last.Skipped != 7 {
		t.Fatalf("last progress = %+v, want the final state", last)
	}
	newbie, ok := f.user("newbie")
	if !ok || newbie.password != "Start-123" || !slices.Equal(newbie.groups, []string{"g-staff", "g-berlin"}) ||
		!slices.Equal(newbie.roles, []string{"user", "admin"}) || !newbie.Enabled {
		t.Fatalf("newbie = %+v", newbie)
	}
	if alice, _ := f.user("alice"); alice.FirstName != "Alicia" || alice.Email != "alice@example.com" {
		t.Fatalf("alice = %+v", alice)
	}
	if _, ok := f.user("ghost"); ok {
		t.Fatal("a skipped row was created")
	}

	// Running the same file again changes nothing: every row is skipped.
	rep, err = New(f, "demo", 4).Apply(context.Background(), parseSample(t)[:3], nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 2 || rep.Updated != 1 {
		// newbie still lists groups, roles and a password, which are re-applied.
		t.Fatalf("second run = %+v", rep)
	}
}

func TestApplyGoesOnAfterAFailingRow(t *testing.T) {
	f := newFakeDirectory()
	f.fail["u2"] = true
	rows, _ := Parse(strings.NewReader("username\nu1\nu2\nu3\n"))
	rep, err := New(f, "demo", 2).Apply(context.Background(), rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || rep.Failed != 1 {
		t.Fatalf("report = %+v", rep)
	}
	if r := rep.Results[1]; r.Status != StatusFailed || !strings.Contains(r.Message, "refused") {
		t.Fatalf("failed row = %+v, want Keycloak's reason", r)
	}
}

func usernamesCSV(n int, extra string) string {
	var b strings.Builder
	b.WriteString("username,email,groups,realm roles,temporary password\n")
	for i := range n {
		fmt.Fprintf(&b, "user%03d,user%03d@example.com%s\n", i, i, extra)
	}
	return b.String()
}

// cancelOnCall returns a context that the nth call of hook cancels, and the
// number of calls so far: set hook on one of the fake's before* seams to
// cancel an import halfway through it.
func cancelOnCall(t *testing.T, n int32) (ctx context.Context, hook func(), calls *atomic.Int32) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	calls = new(atomic.Int32)
	return ctx, func() {
		if calls.Add(1) == n {
			cancel()
		}
	}, calls
}

// applyCancelled applies 40 new rows to f in batches of batchSize with ctx,
// which a hook of f cancels on the way, and checks that the report says
// exactly what was written.
func applyCancelled(ctx context.Context, t *testing.T, f *fakeDirectory, batchSize int) {
	t.Helper()
	rows, _ := Parse(strings.NewReader(usernamesCSV(40, ",,,")))
	im := New(f, "demo", 3)
	im.batchSize = batchSize
	rep, err := im.Apply(ctx, rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.NotRun == 0 || rep.Created == 0 {
		t.Fatalf("report = cancelled %v, created %d, not run %d; want a cancelled run with rows on both sides", rep.Cancelled, rep.Created, rep.NotRun)
	}
	for _, r := range rep.Results {
		_, exists := f.user(r.Username)
		switch r.Status {
		case StatusOK:
			if !exists {
				t.Errorf("%s reported created but does not exist", r.Username)
			}
		case StatusNotRun:
			if exists {
				t.Errorf("%s reported not run but exists", r.Username)
			}
		default:
			t.Errorf("%s: unexpected status %s (%s)", r.Username, r.Status, r.Message)
		}
	}
	if rep.Created+rep.NotRun != len(rows) {
		t.Fatalf("created %d + not run %d != %d rows", rep.Created, rep.NotRun, len(rows))
	}
}

func TestCancelledApplyReportsExactlyWhatWasWritten(t *testing.T) {
	f := newFakeDirectory()
	// Cancel when the second batch starts: it finishes (Keycloak writes a
	// batch whole), and no batch starts after it.
	ctx, cancelHook, batches := cancelOnCall(t, 2)
	f.beforeImport = func(int) { cancelHook() }
	applyCancelled(ctx, t, f, 5)
	if n := batches.Load(); n > 2+batchWorkers {
		t.Fatalf("%d batches ran, want no new batch after the cancel beyond those already waiting for a worker", n)
	}
}

func TestCancelledOneByOneApplyReportsExactlyWhatWasWritten(t *testing.T) {
	f := newFakeDirectory()
	// Cancel when the sixth create starts, whichever row it is: keying on a
	// row's name would let the scheduler run that row last, after every other
	// row had already been handed to a worker.
	ctx, cancelHook, _ := cancelOnCall(t, 6)
	f.beforeCreate = func(string) { cancelHook() }
	applyCancelled(ctx, t, f, 1)
}

func TestApplyCreatesNewUsersInBatchesWithTheirGroupsRolesAndPasswords(t *testing.T) {
	f := newFakeDirectory()
	rows, err := Parse(strings.NewReader(usernamesCSV(250, ",staff,user,Start-1")))
	if err != nil {
		t.Fatal(err)
	}
	f.beforeCreate = func(name string) { t.Errorf("%s was created on its own, want it in a batch", name) }
	rep, err := New(f, "demo", 4).Apply(context.Background(), rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 250 || rep.Failed != 0 {
		t.Fatalf("report = %+v", rep)
	}
	if f.imports != 3 {
		t.Fatalf("%d partial imports, want 3 (batches of %d)", f.imports, DefaultBatchSize)
	}
	// One exact email lookup per row, no search and no count.
	if f.reads != 250 {
		t.Fatalf("%d email lookups, want 250", f.reads)
	}
	u, _ := f.user("user123")
	if u.password != "Start-1" || !slices.Equal(u.groups, []string{"g-staff"}) || !slices.Equal(u.roles, []string{"user"}) ||
		!slices.Equal(u.RequiredActions, []string{"UPDATE_PASSWORD"}) || !u.Enabled {
		t.Fatalf("user123 = %+v", u)
	}
}

func TestABatchWithAConflictingRowFallsBackAndReportsThatRowAlone(t *testing.T) {
	f := newFakeDirectory()
	rows, _ := Parse(strings.NewReader(usernamesCSV(10, ",staff,user,")))
	// Someone creates user004 between the lookups and the batch.
	f.beforeImport = func(int) {
		if _, exists := f.user("user004"); !exists {
			f.add(keycloak.User{Username: "user004", Enabled: true})
		}
	}
	im := New(f, "demo", 2)
	im.batchSize = 5
	rep, err := im.Apply(context.Background(), rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOnlyConflictFailed(t, rep, 9, "user004", "same username", func(r Result) {
		u, ok := f.user(r.Username)
		if !ok || !slices.Equal(u.groups, []string{"g-staff"}) || !slices.Equal(u.roles, []string{"user"}) {
			t.Fatalf("%s = %+v (user %+v), want created with group and role", r.Username, r, u)
		}
	})
}

// checkOnlyConflictFailed checks the report of an import whose batch met a
// row created by someone else meanwhile: that row alone failed, with
// Keycloak's reason (matched in lower case), and the wantCreated others were
// created; created checks each of them in the directory.
func checkOnlyConflictFailed(t *testing.T, rep Report, wantCreated int, conflicting, reason string, created func(Result)) {
	t.Helper()
	if rep.Created != wantCreated || rep.Failed != 1 {
		t.Fatalf("report = %+v, want %d created and the conflicting row failed", rep, wantCreated)
	}
	for _, r := range rep.Results {
		if r.Username == conflicting {
			if r.Status != StatusFailed || !strings.Contains(strings.ToLower(r.Message), reason) {
				t.Fatalf("%s = %+v, want failed with Keycloak's reason (%q)", conflicting, r, reason)
			}
			continue
		}
		if r.Status != StatusOK {
			t.Fatalf("%s = %+v, want created", r.Username, r)
		}
		created(r)
	}
}

func TestDryRunForecastsThePasswordHashing(t *testing.T) {
	f := newFakeDirectory()
	f.passwordPolicy = "length(8) and hashAlgorithm(pbkdf2-sha512)"
	rows, _ := Parse(strings.NewReader(usernamesCSV(4, ",,,Start-1") + "nopw,nopw@example.com,,,\n"))
	plan, err := New(f, "demo", 2).DryRun(context.Background(), rows)
	if err != nil {
		t.Fatal(err)
	}
	h := plan.Hashing
	if h == nil || h.Algorithm != "pbkdf2-sha512" || h.Iterations != 210_000 || h.Passwords != 4 || !h.Expensive ||
		h.PerPasswordMs < 300 || h.PerPasswordMs > 320 || h.Seconds < 0.6 || h.Seconds > 0.64 {
		t.Fatalf("hashing = %+v, want pbkdf2-sha512, 4 passwords at ~310 ms on 2 cores, expensive", h)
	}

	f.passwordPolicy = ""
	plan, _ = New(f, "demo", 2).DryRun(context.Background(), rows)
	if h := plan.Hashing; h == nil || h.Algorithm != "argon2" || h.Expensive || h.PerPasswordMs != 24 {
		t.Fatalf("default hashing = %+v, want argon2 at 24 ms, not expensive", h)
	}
	rows, _ = Parse(strings.NewReader(usernamesCSV(4, ",,,")))
	if plan, _ = New(f, "demo", 2).DryRun(context.Background(), rows); plan.Hashing != nil {
		t.Fatalf("hashing = %+v without passwords, want none", plan.Hashing)
	}
}

func TestProgressIsThrottledAndEndsWithTheTotal(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var sent []Progress
	tr := newTracker(5, func(p Progress) { sent = append(sent, p) }, func() time.Time { return now })
	for range 4 {
		tr.done(Result{Action: ActionCreate, Status: StatusOK})
	}
	if len(sent) != 1 {
		t.Fatalf("sent %d updates without time passing, want 1", len(sent))
	}
	now = now.Add(progress.Interval)
	tr.done(Result{Action: ActionSkip, Status: StatusSkipped})
	tr.Flush()
	if len(sent) != 3 {
		t.Fatalf("sent %d updates, want 3", len(sent))
	}
	if last := sent[len(sent)-1]; last.Done != 5 || last.Created != 4 || last.Skipped != 1 {
		t.Fatalf("last = %+v", last)
	}
}

func TestReportCSVHasAHeaderAndDefusesFormulas(t *testing.T) {
	var buf bytes.Buffer
	err := WriteReportCSV(&buf, []Result{{Line: 2, Username: "=HYPERLINK(1)", Action: ActionCreate, Status: StatusOK, Message: "a, b"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "line,username,action,status,message\n2,'=HYPERLINK(1),create,ok,\"a, b\"\n"
	if buf.String() != want {
		t.Fatalf("got %q, want %q", buf.String(), want)
	}
}
