package userimport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/progress"
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

// Counts are the finished rows by how they ended.
type Counts struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	Skipped int `json:"skipped"`
	Failed  int `json:"failed"`
}

// add counts r under how it ended; a row not run is in none of the counts
// (false).
func (c *Counts) add(r Result) bool {
	switch {
	case r.Status == StatusOK && r.Action == ActionCreate:
		c.Created++
	case r.Status == StatusOK:
		c.Updated++
	case r.Status == StatusSkipped:
		c.Skipped++
	case r.Status == StatusFailed:
		c.Failed++
	default:
		return false
	}
	return true
}

// Report is the outcome of an import, one result per row in file order.
type Report struct {
	Results []Result `json:"results"`
	Counts
	NotRun    int  `json:"notRun"`
	Cancelled bool `json:"cancelled"`
}

// Progress is sent while an import runs.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
	Counts
}

// Apply imports the rows. Each row is re-planned against the realm as it is
// now; new users are created in batches of DefaultBatchSize through
// Keycloak's partial import, and a batch Keycloak refuses (a user created
// meanwhile, a password the policy rejects) is created again one user at a
// time, so every row gets its own verdict. Existing users are updated one by
// one. A failing row is reported and the others go on. When ctx is
// cancelled no further row or batch starts, those already running finish (so
// none is left half-written), and the report marks the rest as not run.
// progress, if not nil, is called at most every progress.Interval and once at
// the end.
func (im *Importer) Apply(ctx context.Context, rows []Row, onProgress func(Progress)) (Report, error) {
	fc, err := im.checkFile(ctx, rows)
	if err != nil {
		return Report{}, err
	}
	results := make([]Result, len(rows))
	for i, r := range rows {
		results[i] = Result{Line: r.Line, Username: r.Username, Status: StatusNotRun, Message: "the import was cancelled before this row"}
	}
	tracker := newTracker(len(rows), onProgress, time.Now)
	var mu sync.Mutex
	set := func(i int, res Result) {
		mu.Lock()
		results[i] = res
		mu.Unlock()
		tracker.done(res)
	}
	// Rows that started finish even when ctx is cancelled: each Keycloak
	// call is still bounded by the client's timeout.
	work := context.WithoutCancel(ctx)
	b := &batcher{im: im, stop: ctx, work: work, rows: rows, fc: fc, set: set}
	b.g.SetLimit(batchWorkers)
	im.forEach(ctx, work, len(rows), func(wctx context.Context, i int) {
		d, err := im.decide(wctx, rows[i], fc.problems[i])
		if err == nil && d.Action == ActionCreate && im.batchSize > 1 {
			b.add(i, d.Reason)
			return
		}
		set(i, im.applyDecision(wctx, rows[i], d, err, fc))
	})
	b.finish()
	tracker.Flush()

	rep := Report{Results: results, Cancelled: ctx.Err() != nil}
	for _, r := range results {
		if !rep.add(r) {
			rep.NotRun++
		}
	}
	return rep, nil
}

// applyDecision carries out one row's decision on its own.
func (im *Importer) applyDecision(ctx context.Context, r Row, d decision, err error, fc fileCheck) Result {
	res := Result{Line: r.Line, Username: r.Username, Action: d.Action}
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

// batcher gathers rows to create and imports them batchSize at a time, on
// at most batchWorkers batches at once.
type batcher struct {
	im   *Importer
	stop context.Context // once done, no batch starts
	work context.Context // what a started batch runs under
	rows []Row
	fc   fileCheck
	set  func(i int, res Result)
	g    errgroup.Group

	mu      sync.Mutex
	pending []pendingCreate
}

type pendingCreate struct {
	index  int
	reason string
}

// add queues row i; a full batch is sent at once. While batchWorkers
// batches are running, add waits: the lookups need not run far ahead.
func (b *batcher) add(i int, reason string) {
	b.mu.Lock()
	b.pending = append(b.pending, pendingCreate{index: i, reason: reason})
	var full []pendingCreate
	if len(b.pending) >= b.im.batchSize {
		full, b.pending = b.pending, nil
	}
	b.mu.Unlock()
	if full != nil {
		b.send(full)
	}
}

// finish sends what is left and waits for every batch.
func (b *batcher) finish() {
	b.mu.Lock()
	rest := b.pending
	b.pending = nil
	b.mu.Unlock()
	if len(rest) > 0 {
		b.send(rest)
	}
	_ = b.g.Wait()
}

func (b *batcher) send(batch []pendingCreate) {
	if b.stop.Err() != nil {
		return // cancelled: these rows stay "not run"
	}
	b.g.Go(func() error {
		if b.stop.Err() != nil {
			return nil // cancelled while this batch waited for a worker
		}
		b.importBatch(batch)
		return nil
	})
}

func (b *batcher) importBatch(batch []pendingCreate) {
	users := make([]keycloak.ImportUser, len(batch))
	for k, p := range batch {
		users[k] = importUser(b.rows[p.index])
	}
	_, err := b.im.dir.ImportUsers(b.work, b.im.realm, users, keycloak.IfExistsFail)
	if err == nil {
		for _, p := range batch {
			r := b.rows[p.index]
			b.set(p.index, Result{Line: r.Line, Username: r.Username, Action: ActionCreate, Status: StatusOK, Message: p.reason})
		}
		return
	}
	// Keycloak wrote nothing of the batch (one transaction): create its
	// users one by one, so only the row at fault fails, with its own reason.
	for _, p := range batch {
		if b.stop.Err() != nil {
			return // cancelled: the rest stay "not run"
		}
		r := b.rows[p.index]
		d := decision{PlanRow: PlanRow{Line: r.Line, Username: r.Username, Action: ActionCreate, Reason: p.reason}}
		b.set(p.index, b.im.applyDecision(b.work, r, d, nil, b.fc))
	}
}

// importUser is the partial-import form of a row to create, the same user
// create makes.
func importUser(r Row) keycloak.ImportUser {
	u := keycloak.ImportUser{
		UserInput:  keycloak.UserInput{Username: r.Username, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName, Enabled: true},
		Password:   r.TemporaryPassword,
		RealmRoles: r.RealmRoles,
	}
	u.TemporaryPassword = u.Password != ""
	if r.Enabled != nil {
		u.Enabled = *r.Enabled
	}
	for _, g := range r.Groups {
		u.Groups = append(u.Groups, groupPath(g))
	}
	return u
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

// tracker counts finished rows by outcome, paced by a progress.Pacer.
type tracker struct{ *progress.Pacer[Progress] }

func newTracker(total int, send func(Progress), now func() time.Time) tracker {
	return tracker{progress.New(Progress{Total: total}, send, now)}
}

func (t tracker) done(r Result) {
	t.Update(func(p *Progress) {
		p.Done++
		p.add(r)
	})
}
