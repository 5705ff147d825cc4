package userimport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// Status is how applying a row ended.
type Status string

const (
	StatusOK      Status = "ok"      // created or updated
	StatusSkipped Status = "skipped" // planned as skip, nothing written
	StatusFailed  Status = "failed"  // Keycloak refused; Message says what
	StatusNotRun  Status = "not run" // the import was cancelled first
)

// Result is the outcome of one row.
type Result struct {
	Line     int    `json:"line"`
	Username string `json:"username"`
	Action   Action `json:"action"`
	Status   Status `json:"status"`
	Message  string `json:"message"`
}

// Report is the outcome of an import, one result per row in file order.
type Report struct {
	Results   []Result `json:"results"`
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Skipped   int      `json:"skipped"`
	Failed    int      `json:"failed"`
	NotRun    int      `json:"notRun"`
	Cancelled bool     `json:"cancelled"`
}

// Progress is sent while an import runs.
type Progress struct {
	Done    int `json:"done"`
	Total   int `json:"total"`
	Created int `json:"created"`
	Updated int `json:"updated"`
	Skipped int `json:"skipped"`
	Failed  int `json:"failed"`
}

// ProgressInterval is the least time between two progress callbacks.
const ProgressInterval = 100 * time.Millisecond

// Apply imports the rows. Each row is re-planned against the realm as it is
// now, then created or updated; a failing row is reported and the others go
// on. When ctx is cancelled no further row starts, rows already running
// finish (so none is left half-written), and the report marks the rest as
// not run. progress, if not nil, is called at most every ProgressInterval
// and once at the end.
func (im *Importer) Apply(ctx context.Context, rows []Row, progress func(Progress)) (Report, error) {
	fc, err := im.checkFile(ctx, rows)
	if err != nil {
		return Report{}, err
	}
	results := make([]Result, len(rows))
	for i, r := range rows {
		results[i] = Result{Line: r.Line, Username: r.Username, Status: StatusNotRun, Message: "the import was cancelled before this row"}
	}
	tracker := newTracker(len(rows), progress, time.Now)
	// Rows that started finish even when ctx is cancelled: each Keycloak
	// call is still bounded by the client's timeout.
	work := context.WithoutCancel(ctx)
	var mu sync.Mutex
	im.forEach(ctx, work, len(rows), func(wctx context.Context, i int) {
		res := im.applyRow(wctx, rows[i], fc.problems[i], fc)
		mu.Lock()
		results[i] = res
		mu.Unlock()
		tracker.done(res)
	})
	tracker.flush()

	rep := Report{Results: results, Cancelled: ctx.Err() != nil}
	for _, r := range results {
		switch {
		case r.Status == StatusOK && r.Action == ActionCreate:
			rep.Created++
		case r.Status == StatusOK:
			rep.Updated++
		case r.Status == StatusSkipped:
			rep.Skipped++
		case r.Status == StatusFailed:
			rep.Failed++
		default:
			rep.NotRun++
		}
	}
	return rep, nil
}

func (im *Importer) applyRow(ctx context.Context, r Row, problem string, fc fileCheck) Result {
	res := Result{Line: r.Line, Username: r.Username}
	d, err := im.decide(ctx, r, problem)
	res.Action = d.Action
	if err != nil {
		res.Status, res.Message = StatusFailed, err.Error()
		return res
	}
	switch d.Action {
	case ActionSkip:
		res.Status, res.Message = StatusSkipped, d.Reason
		return res
	case ActionCreate:
		err = im.create(ctx, r, fc)
	case ActionUpdate:
		err = im.update(ctx, r, *d.existing, fc)
	}
	if err != nil {
		res.Status, res.Message = StatusFailed, err.Error()
		return res
	}
	res.Status, res.Message = StatusOK, d.Reason
	return res
}

func (im *Importer) create(ctx context.Context, r Row, fc fileCheck) error {
	in := keycloak.UserInput{Username: r.Username, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName, Enabled: true}
	if r.Enabled != nil {
		in.Enabled = *r.Enabled
	}
	extra := keycloak.NewUserExtras{Password: r.TemporaryPassword, TemporaryPassword: true}
	for _, g := range r.Groups {
		extra.Groups = append(extra.Groups, groupPath(g))
	}
	// User, password and groups are one request: it succeeds or fails whole.
	id, err := im.dir.CreateUserWith(ctx, im.realm, in, extra)
	if err != nil {
		return err
	}
	if len(r.RealmRoles) > 0 {
		if err := im.dir.AssignRealmRoleRefs(ctx, im.realm, id, fc.roleRefs(r.RealmRoles)); err != nil {
			return fmt.Errorf("user created, but assigning roles failed: %w", err)
		}
	}
	return nil
}

func (im *Importer) update(ctx context.Context, r Row, u keycloak.User, fc fileCheck) error {
	if len(profileChanges(u, r)) > 0 {
		in := keycloak.UserInput{
			Username: u.Username, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
			Enabled: u.Enabled, EmailVerified: u.EmailVerified,
		}
		if r.Email != "" && !strings.EqualFold(r.Email, u.Email) {
			in.Email, in.EmailVerified = r.Email, false
		}
		if r.FirstName != "" {
			in.FirstName = r.FirstName
		}
		if r.LastName != "" {
			in.LastName = r.LastName
		}
		if r.Enabled != nil {
			in.Enabled = *r.Enabled
		}
		if err := im.dir.UpdateUser(ctx, im.realm, u.ID, in); err != nil {
			return err
		}
	}
	var steps []error
	for _, g := range r.Groups {
		if err := im.dir.JoinGroup(ctx, im.realm, u.ID, fc.groupIDs[groupPath(g)]); err != nil {
			steps = append(steps, err)
		}
	}
	if len(r.RealmRoles) > 0 {
		if err := im.dir.AssignRealmRoleRefs(ctx, im.realm, u.ID, fc.roleRefs(r.RealmRoles)); err != nil {
			steps = append(steps, err)
		}
	}
	if r.TemporaryPassword != "" {
		if err := im.dir.ResetPassword(ctx, im.realm, u.ID, r.TemporaryPassword, true); err != nil {
			steps = append(steps, err)
		}
	}
	if err := errors.Join(steps...); err != nil {
		return fmt.Errorf("partly updated: %w", err)
	}
	return nil
}

// roleRefs resolves role names checked by checkFile.
func (fc fileCheck) roleRefs(names []string) []keycloak.RoleRef {
	refs := make([]keycloak.RoleRef, 0, len(names))
	for _, n := range names {
		refs = append(refs, fc.roles[n])
	}
	return refs
}

// tracker counts finished rows and calls progress at most every
// ProgressInterval.
type tracker struct {
	mu       sync.Mutex
	p        Progress
	send     func(Progress)
	now      func() time.Time
	lastSent time.Time
}

func newTracker(total int, send func(Progress), now func() time.Time) *tracker {
	return &tracker{p: Progress{Total: total}, send: send, now: now}
}

func (t *tracker) done(r Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.p.Done++
	switch {
	case r.Status == StatusOK && r.Action == ActionCreate:
		t.p.Created++
	case r.Status == StatusOK:
		t.p.Updated++
	case r.Status == StatusSkipped:
		t.p.Skipped++
	case r.Status == StatusFailed:
		t.p.Failed++
	}
	if t.send != nil && t.now().Sub(t.lastSent) >= ProgressInterval {
		t.lastSent = t.now()
		t.send(t.p)
	}
}

// flush sends the final state, so the last callback always shows the end.
func (t *tracker) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.send != nil {
		t.send(t.p)
	}
}
