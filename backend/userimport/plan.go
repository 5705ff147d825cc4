package userimport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// Directory is the part of the Keycloak client the importer needs.
type Directory interface {
	FindUserByUsername(ctx context.Context, realm, username string) (keycloak.User, error)
	FindUserByEmail(ctx context.Context, realm, email string) (keycloak.User, error)
	GroupByPath(ctx context.Context, realm, path string) (keycloak.GroupRef, error)
	AllRealmRoles(ctx context.Context, realm string) ([]keycloak.RoleRef, error)
	CreateUserWith(ctx context.Context, realm string, in keycloak.UserInput, extra keycloak.NewUserExtras) (string, error)
	UpdateUser(ctx context.Context, realm, id string, in keycloak.UserInput) error
	ResetPassword(ctx context.Context, realm, userID, password string, temporary bool) error
	JoinGroup(ctx context.Context, realm, userID, groupID string) error
	AssignRealmRoleRefs(ctx context.Context, realm, userID string, roles []keycloak.RoleRef) error
	ImportUsers(ctx context.Context, realm string, users []keycloak.ImportUser, ifExists keycloak.IfExists) (keycloak.PartialImportResult, error)
	RealmPasswordHashing(ctx context.Context, realm string) (keycloak.PasswordHashing, error)
}

// Action is what the import does with a row.
type Action string

const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionSkip   Action = "skip"
)

// PlanRow is the dry-run verdict for one row.
type PlanRow struct {
	Line     int    `json:"line"`
	Username string `json:"username"`
	Action   Action `json:"action"`
	// Reason says why a row is skipped, or what an update changes.
	Reason string `json:"reason"`
}

// Plan is the dry-run result: nothing has been written.
type Plan struct {
	Rows    []PlanRow `json:"rows"`
	Creates int       `json:"creates"`
	Updates int       `json:"updates"`
	Skips   int       `json:"skips"`
	// Hashing forecasts the realm's password hashing for the rows that set
	// a password; nil when none does or the realm's policy cannot be read.
	Hashing *HashingEstimate `json:"hashing"`
}

// Importer imports rows into one realm.
type Importer struct {
	dir     Directory
	realm   string
	workers int
	// batchSize is how many new users go into one partial import; 1 creates
	// each on its own.
	batchSize int
}

// DefaultWorkers is how many rows are looked up (and updated) at once.
const DefaultWorkers = 6

// DefaultBatchSize is how many new users one partial import creates:
// Keycloak imports about 1,400 users a second in batches of 100, and slows
// down steeply in larger ones.
const DefaultBatchSize = 100

// batchWorkers is how many batches are imported at once: Keycloak hashes a
// batch's passwords on one thread, so two keep two cores busy.
const batchWorkers = 2

// New returns an importer for realm; workers ≤ 0 means DefaultWorkers.
func New(dir Directory, realm string, workers int) *Importer {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	return &Importer{dir: dir, realm: realm, workers: workers, batchSize: DefaultBatchSize}
}

// fileCheck holds what is known about the rows before asking Keycloak about
// individual users: duplicates within the file, and which groups and roles
// exist.
type fileCheck struct {
	problems map[int]string // row index → reason to skip
	groupIDs map[string]string
	roles    map[string]keycloak.RoleRef
}

// checkFile finds the problems that need the whole file or realm-wide facts.
func (im *Importer) checkFile(ctx context.Context, rows []Row) (fileCheck, error) {
	fc := fileCheck{problems: map[int]string{}, groupIDs: map[string]string{}, roles: map[string]keycloak.RoleRef{}}
	realmRoles, err := im.dir.AllRealmRoles(ctx, im.realm)
	if err != nil {
		return fc, fmt.Errorf("list realm roles: %w", err)
	}
	for _, r := range realmRoles {
		fc.roles[r.Name] = r
	}
	missingGroups := map[string]bool{}
	for _, r := range rows {
		for _, g := range r.Groups {
			path := groupPath(g)
			if _, known := fc.groupIDs[path]; known || missingGroups[path] {
				continue
			}
			ref, err := im.dir.GroupByPath(ctx, im.realm, path)
			switch {
			case errors.Is(err, keycloak.ErrNotFound):
				missingGroups[path] = true
			case err != nil:
				return fc, fmt.Errorf("look up group %s: %w", path, err)
			default:
				fc.groupIDs[path] = ref.ID
			}
		}
	}

	seenUser := map[string]int{}
	seenEmail := map[string]int{}
	for i, r := range rows {
		if reason := rowProblem(r, fc.roles, missingGroups); reason != "" {
			fc.problems[i] = reason
			continue
		}
		key := strings.ToLower(r.Username)
		if first, dup := seenUser[key]; dup {
			fc.problems[i] = fmt.Sprintf("duplicate in file: username also on line %d", first)
			continue
		}
		seenUser[key] = r.Line
		if r.Email != "" {
			e := strings.ToLower(r.Email)
			if first, dup := seenEmail[e]; dup {
				fc.problems[i] = fmt.Sprintf("duplicate in file: email also on line %d", first)
				continue
			}
			seenEmail[e] = r.Line
		}
	}
	return fc, nil
}

func rowProblem(r Row, roles map[string]keycloak.RoleRef, missingGroups map[string]bool) string {
	var problems []string
	if r.Problem != "" {
		problems = append(problems, r.Problem)
	}
	if r.Username == "" {
		problems = append(problems, "username is empty")
	}
	if r.Email != "" {
		if err := keycloak.ValidEmail(r.Email); err != nil {
			problems = append(problems, "invalid email: "+err.Error())
		}
	}
	for _, g := range r.Groups {
		if missingGroups[groupPath(g)] {
			problems = append(problems, fmt.Sprintf("missing group %s", groupPath(g)))
		}
	}
	for _, role := range r.RealmRoles {
		if _, ok := roles[role]; !ok {
			problems = append(problems, fmt.Sprintf("unknown role %q", role))
		}
	}
	return strings.Join(problems, "; ")
}

// groupPath turns "staff" or "/staff/berlin/" into Keycloak's "/staff",
// "/staff/berlin".
func groupPath(g string) string { return "/" + strings.Trim(strings.TrimSpace(g), "/") }

// decision is the plan for one row plus what applying it needs.
type decision struct {
	PlanRow
	existing *keycloak.User
}

// decide looks the row's user up in Keycloak and chooses create, update or
// skip.
func (im *Importer) decide(ctx context.Context, r Row, problem string) (decision, error) {
	d := decision{PlanRow: PlanRow{Line: r.Line, Username: r.Username}}
	if problem != "" {
		d.Action, d.Reason = ActionSkip, problem
		return d, nil
	}
	u, err := im.dir.FindUserByUsername(ctx, im.realm, r.Username)
	switch {
	case errors.Is(err, keycloak.ErrNotFound):
	case err != nil:
		return d, err
	default:
		d.existing = &u
	}
	if r.Email != "" {
		owner, err := im.emailOwner(ctx, r.Email)
		if err != nil {
			return d, err
		}
		if owner != "" && !strings.EqualFold(owner, r.Username) {
			d.Action, d.Reason = ActionSkip, fmt.Sprintf("email %s already belongs to user %s", r.Email, owner)
			return d, nil
		}
	}
	if d.existing == nil {
		d.Action = ActionCreate
		return d, nil
	}
	changes := profileChanges(*d.existing, r)
	if len(r.Groups) > 0 {
		changes = append(changes, "groups (added when missing)")
	}
	if len(r.RealmRoles) > 0 {
		changes = append(changes, "realm roles (added when missing)")
	}
	if r.TemporaryPassword != "" {
		changes = append(changes, "temporary password")
	}
	if len(changes) == 0 {
		d.Action, d.Reason = ActionSkip, "already up to date"
		return d, nil
	}
	d.Action, d.Reason = ActionUpdate, "changes "+strings.Join(changes, ", ")
	return d, nil
}

// emailOwner names the user holding email, or "" when nobody does.
func (im *Importer) emailOwner(ctx context.Context, email string) (string, error) {
	u, err := im.dir.FindUserByEmail(ctx, im.realm, email)
	switch {
	case errors.Is(err, keycloak.ErrNotFound):
		return "", nil
	case err != nil:
		return "", err
	}
	return u.Username, nil
}

// profileChanges names the fields a row would change; empty cells keep the
// current value.
func profileChanges(u keycloak.User, r Row) []string {
	var changes []string
	if r.Email != "" && !strings.EqualFold(r.Email, u.Email) {
		changes = append(changes, "email")
	}
	if r.FirstName != "" && r.FirstName != u.FirstName {
		changes = append(changes, "first name")
	}
	if r.LastName != "" && r.LastName != u.LastName {
		changes = append(changes, "last name")
	}
	if r.Enabled != nil && *r.Enabled != u.Enabled {
		changes = append(changes, "enabled")
	}
	return changes
}

// DryRun plans every row without writing anything.
func (im *Importer) DryRun(ctx context.Context, rows []Row) (Plan, error) {
	fc, err := im.checkFile(ctx, rows)
	if err != nil {
		return Plan{}, err
	}
	plan := Plan{Rows: make([]PlanRow, len(rows))}
	var mu sync.Mutex
	var firstErr error
	im.forEach(ctx, ctx, len(rows), func(ctx context.Context, i int) {
		d, err := im.decide(ctx, rows[i], fc.problems[i])
		mu.Lock()
		defer mu.Unlock()
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("plan line %d (%s): %w", rows[i].Line, rows[i].Username, err)
		}
		plan.Rows[i] = d.PlanRow
	})
	if firstErr != nil {
		return Plan{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return Plan{}, err
	}
	passwords := 0
	for i, r := range plan.Rows {
		switch r.Action {
		case ActionCreate:
			plan.Creates++
		case ActionUpdate:
			plan.Updates++
		default:
			plan.Skips++
		}
		if r.Action != ActionSkip && rows[i].TemporaryPassword != "" {
			passwords++
		}
	}
	if passwords > 0 {
		// A realm the account may not read leaves the plan without a
		// forecast rather than failing it.
		if h, err := im.dir.RealmPasswordHashing(ctx, im.realm); err == nil {
			est := EstimateHashing(h, passwords)
			plan.Hashing = &est
		}
	}
	return plan, nil
}

// forEach runs fn for indexes 0..n-1 on at most im.workers goroutines,
// passing work as fn's context. Once stop is done no new index starts; the
// ones running finish.
func (im *Importer) forEach(stop, work context.Context, n int, fn func(ctx context.Context, i int)) {
	var g errgroup.Group
	g.SetLimit(im.workers)
	for i := 0; i < n && stop.Err() == nil; i++ {
		g.Go(func() error {
			if stop.Err() != nil {
				return nil // cancelled while this row waited for a worker
			}
			fn(work, i)
			return nil
		})
	}
	_ = g.Wait()
}
