package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tandemhq/tandem/backend/compare"
	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/profile"
)

// CompareRequest names the two sides of a comparison: profiles by id and
// their realms ("" for the profile's default realm).
type CompareRequest struct {
	FromProfile int64  `json:"fromProfile"`
	FromRealm   string `json:"fromRealm"`
	ToProfile   int64  `json:"toProfile"`
	ToRealm     string `json:"toRealm"`
}

// PromoteProgress is the op:progress payload of a running promotion.
type PromoteProgress struct {
	OpID    string          `json:"opId"`
	Kind    string          `json:"kind"` // "promote"
	Done    int             `json:"done"`
	Total   int             `json:"total"`
	Current compare.Outcome `json:"current"`
}

// CompareService is what the Compare screen calls: compare two profiles (or
// two realms), preview the promotion of chosen differences, apply it with
// progress and cancel, save it as a plan file.
type CompareService struct {
	session *Session
	life    *Lifecycle
	emitter Emitter
	saver   FileSaver

	ops operations
}

// NewCompareService binds comparing and promoting between profiles.
func NewCompareService(session *Session, life *Lifecycle, emitter Emitter, saver FileSaver) *CompareService {
	return &CompareService{session: session, life: life, emitter: emitter, saver: saver}
}

// side is one opened profile of a comparison.
type side struct {
	p     profile.Profile
	kc    *keycloak.Client
	realm string
}

func (s *CompareService) open(ctx context.Context, id int64, realm string) (side, error) {
	svc := s.session.Profiles()
	if svc == nil {
		return side{}, profile.ErrNoActiveProfile
	}
	p, err := svc.Get(ctx, id)
	if err != nil {
		return side{}, err
	}
	secret, err := svc.Secret(ctx, p.ID)
	if err != nil {
		return side{}, fmt.Errorf("log in to profile %q: %w", p.Name, err)
	}
	cfg := profile.KeycloakConfig(p, secret)
	cfg.Timeout = compare.CallTimeout
	kc, err := keycloak.New(cfg)
	if err != nil {
		return side{}, fmt.Errorf("connect profile %q: %w", p.Name, err)
	}
	if realm == "" {
		realm = p.DefaultRealm
	}
	if realm == "" {
		return side{}, &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Profile %q has no default realm: choose one.", p.Name)}
	}
	return side{p: p, kc: kc, realm: realm}, nil
}

// Compare reads both sides and returns their differences; routes are
// compared when the two profiles differ.
func (s *CompareService) Compare(req CompareRequest) (compare.Result, error) {
	ctx := s.life.context()
	from, err := s.open(ctx, req.FromProfile, req.FromRealm)
	if err != nil {
		return compare.Result{}, toUI(err)
	}
	to, err := s.open(ctx, req.ToProfile, req.ToRealm)
	if err != nil {
		return compare.Result{}, toUI(err)
	}
	fromSrc := compare.Source{Profile: from.p.Name, Keycloak: from.kc, Realm: from.realm}
	toSrc := compare.Source{Profile: to.p.Name, Keycloak: to.kc, Realm: to.realm}
	if from.p.ID != to.p.ID {
		svc := s.session.Profiles()
		fr, err := svc.Routes(ctx, from.p.ID)
		if err != nil {
			return compare.Result{}, toUI(err)
		}
		tr, err := svc.Routes(ctx, to.p.ID)
		if err != nil {
			return compare.Result{}, toUI(err)
		}
		fromSrc.Routes, toSrc.Routes = &fr, &tr
	}
	res, err := compare.Compare(ctx, fromSrc, toSrc)
	if err != nil {
		var se *compare.SideError
		base := from.kc.BaseURL()
		if errors.As(err, &se) && se.Side == "to" {
			base = to.kc.BaseURL()
		}
		return compare.Result{}, keycloakUIError(err, base)
	}
	return res, nil
}

// Preview returns the promotion of the chosen differences of res: every
// admin call in order, for the operator to read before applying.
func (s *CompareService) Preview(res compare.Result, ids []string) (compare.Plan, error) {
	plan, err := compare.NewPlan(res, ids)
	if err != nil {
		return compare.Plan{}, &UIError{Code: CodeInvalidInput, Message: sentence(err.Error())}
	}
	return plan, nil
}

// Promote applies plan to the target profile of req. A prod profile needs
// its name typed as confirm; a read-only one is refused by its Keycloak
// client (and its route store) before anything changes. It emits
// op:progress after each step; Cancel(opID) stops it before the next call,
// and the report says what was applied and what was not.
func (s *CompareService) Promote(opID string, req CompareRequest, plan compare.Plan, confirm string) (compare.Report, error) {
	ctx, done, err := s.ops.start(s.life.context(), opID, "promotion")
	if err != nil {
		return compare.Report{}, err
	}
	defer done()
	to, err := s.open(ctx, req.ToProfile, req.ToRealm)
	if err != nil {
		return compare.Report{}, toUI(err)
	}
	if to.p.Kind == profile.KindProd && confirm != to.p.Name {
		return compare.Report{}, &UIError{Code: CodeInvalidInput, Message: fmt.Sprintf("Type the profile's name %q to promote into a prod profile.", to.p.Name)}
	}
	target := compare.Target{Keycloak: to.kc, Realm: to.realm, Routes: s.session.Profiles().RouteFile(to.p.ID)}
	rep, err := compare.Apply(ctx, target, plan, func(done, total int, o compare.Outcome) {
		s.emitter.Emit(EventProgress, PromoteProgress{OpID: opID, Kind: "promote", Done: done, Total: total, Current: o})
	})
	if err != nil && !errors.Is(err, compare.ErrStopped) {
		return compare.Report{}, toUI(err)
	}
	// A stop is in the report: one outcome per difference says what was
	// applied, what failed and what was not tried.
	return rep, nil
}

// Cancel stops the promotion started with opID; unknown ids are ignored.
func (s *CompareService) Cancel(opID string) {
	s.ops.cancel(opID)
}

// SavePlan asks where to save the plan and writes it as JSON for review and
// a later `tandemctl diff --apply FILE --to PROFILE`. It returns the path, or
// "" when the user cancelled.
func (s *CompareService) SavePlan(plan compare.Plan) (string, error) {
	body, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		return "", toUI(fmt.Errorf("write the plan: %w", err))
	}
	path, err := saveAs(s.saver, "Save promotion plan", "promotion-plan.json", "JSON (*.json)", "*.json", append(body, '\n'))
	return path, toUI(err)
}
