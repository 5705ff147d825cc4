package compare

import (
	"context"
	"errors"
	"fmt"

	"github.com/tandemhq/tandem/backend/routes"
)

// RouteStore reads and writes the target profile's route file
// (profile.Service's Routes and SaveRoutes for one profile; a read-only
// profile refuses the save).
type RouteStore interface {
	Routes(ctx context.Context) (routes.Config, error)
	SaveRoutes(ctx context.Context, cfg routes.Config) error
}

// Target is where a promotion applies.
type Target struct {
	Keycloak Admin
	Realm    string
	Routes   RouteStore // nil when the plan has no route steps
}

// Status is what happened to one chosen difference.
type Status string

const (
	Applied    Status = "applied"
	Failed     Status = "failed"
	NotApplied Status = "not-applied"
	// PartlyApplied: the promotion stopped between two steps of this
	// difference (a role created, its composites not yet added).
	PartlyApplied Status = "partly-applied"
)

// Outcome is the result of promoting one difference. A failed difference
// may have been partly applied: CallsDone of CallsTotal calls went through.
type Outcome struct {
	DiffRef
	Status     Status `json:"status"`
	CallsDone  int    `json:"callsDone"`
	CallsTotal int    `json:"callsTotal"`
	Error      string `json:"error,omitempty"`
}

// Report is a promotion's outcome, one entry per difference in the order
// their first steps ran.
type Report struct {
	Applied    int       `json:"applied"`
	Failed     int       `json:"failed"` // failed or partly applied
	NotApplied int       `json:"notApplied"`
	Outcomes   []Outcome `json:"outcomes"`
}

// ErrStopped is returned (wrapped) when a promotion stopped at a failure:
// the report says what was applied and what was not.
var ErrStopped = errors.New("promotion stopped")

// Progress is told after each step: how many of the plan's steps are done.
type Progress func(done, total int, current Outcome)

// Apply runs plan against t in order, stopping at the first failure (or
// when ctx is cancelled): nothing after it is sent. The report always covers
// every difference of the plan; the error wraps ErrStopped when something
// failed.
func Apply(ctx context.Context, t Target, plan Plan, progress Progress) (Report, error) {
	if t.Realm != "" && plan.To.Realm != "" && t.Realm != plan.To.Realm {
		return Report{}, fmt.Errorf("apply: the plan is for realm %q, not %q", plan.To.Realm, t.Realm)
	}
	realm := plan.To.Realm
	if realm == "" {
		realm = t.Realm
	}
	res := &resolver{kc: t.Keycloak, realm: realm, ids: map[string]string{}}
	index := map[string]int{}
	stepsLeft := map[string]int{}
	var outcomes []Outcome
	for _, s := range plan.Steps {
		i, ok := index[s.Difference]
		if !ok {
			i = len(outcomes)
			index[s.Difference] = i
			outcomes = append(outcomes, Outcome{DiffRef: s.DiffRef, Status: NotApplied})
		}
		stepsLeft[s.Difference]++
		outcomes[i].CallsTotal += len(s.Calls)
		if s.Routes != nil {
			outcomes[i].CallsTotal++
		}
	}
	var stopErr error
	for n, s := range plan.Steps {
		o := &outcomes[index[s.Difference]]
		if stopErr == nil {
			if err := ctx.Err(); err != nil {
				stopErr = err
			} else if err := runStep(ctx, t, res, s, o); err != nil {
				o.Status, o.Error = Failed, err.Error()
				stopErr = err
			} else if stepsLeft[s.Difference]--; stepsLeft[s.Difference] == 0 {
				o.Status = Applied
			} else {
				o.Status = PartlyApplied
			}
		}
		if progress != nil {
			progress(n+1, len(plan.Steps), *o)
		}
	}
	rep := Report{Outcomes: outcomes}
	if rep.Outcomes == nil {
		rep.Outcomes = []Outcome{}
	}
	for i := range rep.Outcomes {
		switch rep.Outcomes[i].Status {
		case Applied:
			rep.Applied++
		case Failed, PartlyApplied:
			rep.Failed++
		default:
			rep.NotApplied++
		}
	}
	if stopErr != nil {
		return rep, fmt.Errorf("%w after %d applied: %w", ErrStopped, rep.Applied, stopErr)
	}
	return rep, nil
}

// runStep sends one step's calls in order, counting those that went through.
func runStep(ctx context.Context, t Target, res *resolver, s Step, o *Outcome) error {
	for _, c := range s.Calls {
		path, err := res.path(ctx, c.Path)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Summary, err)
		}
		var body any
		if c.Body != nil {
			if body, err = res.body(ctx, c.Body); err != nil {
				return fmt.Errorf("%s: %w", c.Summary, err)
			}
		}
		if _, err := t.Keycloak.AdminCall(ctx, c.Method, path, body); err != nil {
			return fmt.Errorf("%s: %w", c.Summary, err)
		}
		o.CallsDone++
	}
	if s.Routes != nil {
		if t.Routes == nil {
			return fmt.Errorf("route %q: the target has no route file", s.Routes.Name)
		}
		if err := editRoutes(ctx, t.Routes, *s.Routes); err != nil {
			return err
		}
		o.CallsDone++
	}
	return nil
}

// editRoutes applies one route edit to the target's route file.
func editRoutes(ctx context.Context, store RouteStore, e RouteEdit) error {
	cfg, err := store.Routes(ctx)
	if err != nil {
		return fmt.Errorf("read the target's routes: %w", err)
	}
	if e.Settings != nil {
		cfg.IdentityHeaders, cfg.Audiences, cfg.AuthorizedParties = e.Settings.IdentityHeaders, e.Settings.Audiences, e.Settings.AuthorizedParties
	}
	if e.Name != "" {
		kept := cfg.Routes[:0:0]
		replaced := false
		for _, r := range cfg.Routes {
			if r.Name != e.Name {
				kept = append(kept, r)
			} else if e.Route != nil && !replaced {
				kept = append(kept, *e.Route)
				replaced = true
			}
		}
		if e.Route != nil && !replaced {
			kept = append(kept, *e.Route)
		}
		cfg.Routes = kept
	}
	if err := store.SaveRoutes(ctx, cfg); err != nil {
		return fmt.Errorf("save route %q in the target: %w", e.Name, err)
	}
	return nil
}
