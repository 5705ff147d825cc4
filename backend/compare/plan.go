package compare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/tandemhq/tandem/backend/routes"
)

// PlanVersion is the format version of a plan written to a file.
const PlanVersion = 1

// Call is one admin call of a promotion, as the preview shows it and a plan
// file keeps it. Path is below {Keycloak}/admin; a segment written
// {kind:name} (and an "id" in the body written the same way) is the target's
// generated id of that entity, looked up by name when the call is sent, so
// a plan applies to a realm whose ids it never saw.
type Call struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	Body    any    `json:"body,omitempty"`
	Summary string `json:"summary"`
}

// RouteEdit is a change to the target profile's route file: Route replaces
// (or adds) the route of that name, or removes it when nil; Settings
// replaces the file's shared settings.
type RouteEdit struct {
	Name     string        `json:"name,omitempty"`
	Route    *routes.Route `json:"route,omitempty"`
	Settings *RouteFields  `json:"settings,omitempty"`
}

// RouteFields are the route file's shared settings that a comparison covers.
type RouteFields struct {
	IdentityHeaders   map[string]string `json:"identityHeaders"`
	Audiences         []string          `json:"audiences"`
	AuthorizedParties []string          `json:"authorizedParties"`
}

// DiffRef says which difference a step or an outcome is about: its ID and,
// for whoever reads the plan or the report, its kind, key and change. It is
// embedded, so its fields sit at the top level of the JSON.
type DiffRef struct {
	Difference string `json:"difference"` // the Difference's ID
	Kind       Kind   `json:"kind"`
	Key        string `json:"key"`
	Change     Change `json:"change"`
}

// Ref is the reference to d that its steps and outcome carry.
func (d Difference) Ref() DiffRef {
	return DiffRef{Difference: d.ID, Kind: d.Kind, Key: d.Key, Change: d.Change}
}

// Step is what one difference needs in one phase of a promotion: admin
// calls, or an edit of the route file. A difference may need two steps (a
// role is created with the other roles, its composites added once every role
// exists).
type Step struct {
	DiffRef
	Calls  []Call     `json:"calls,omitempty"`
	Routes *RouteEdit `json:"routes,omitempty"`
}

// Plan is an ordered promotion into To. It is plain JSON: written to a file
// it can be reviewed and applied later.
type Plan struct {
	Version int    `json:"version"`
	From    Side   `json:"from"`
	To      Side   `json:"to"`
	Steps   []Step `json:"steps"`
	// Covered lists chosen differences that need no call of their own: a
	// mapper or role of a client that is removed goes with it.
	Covered []string `json:"covered,omitempty"`
}

// Phases order a promotion: scopes before the clients that use them, clients
// before their mappers and roles, roles before the composites and group
// mappings that name them, parents before subgroups; removals last, children
// before parents; routes at the end.
const (
	phaseScopes = iota
	phaseScopeMappers
	phaseClients
	phaseClientMappers
	phaseRoles
	phaseComposites
	phaseGroups
	phaseRealm
	phaseRemovals
	phaseRoutes
)

// removalOrder is the order removals run in: what names another goes first.
var removalOrder = map[Kind]int{
	KindGroup: 0, KindClientMapper: 1, KindClientRole: 2, KindRealmRole: 3, KindClient: 4,
	KindClientScopeMapper: 5, KindClientScope: 6, KindIdentityProvider: 7, KindRequiredAction: 8,
	KindRoute: 9, KindRouteSettings: 10, KindRealm: 11,
}

// NewPlan builds the promotion of the chosen differences of res (by ID) into
// res.To. It refuses an unknown ID, and an added child (mapper, client role,
// subgroup) whose parent is added but not chosen.
func NewPlan(res Result, ids []string) (Plan, error) {
	byID := map[string]Difference{}
	for _, d := range res.Differences {
		byID[d.ID] = d
	}
	chosen := map[string]bool{}
	for _, id := range ids {
		if _, ok := byID[id]; !ok {
			return Plan{}, fmt.Errorf("plan: no difference %q in this comparison", id)
		}
		chosen[id] = true
	}
	plan := Plan{Version: PlanVersion, From: res.From, To: res.To, Steps: []Step{}}
	type phased struct {
		phase, rank int
		order       int
		step        Step
	}
	var all []phased
	for i, d := range res.Differences {
		if !chosen[d.ID] {
			continue
		}
		parent, hasParent := byID[d.Parent]
		if d.Change == Added && hasParent && parent.Change == Added && !chosen[parent.ID] {
			return Plan{}, fmt.Errorf("plan: %s %q needs its parent %s %q, which the target lacks: choose it too", d.Kind, d.Key, parent.Kind, parent.Key)
		}
		if d.Change == Removed && hasParent && parent.Change == Removed && chosen[parent.ID] {
			plan.Covered = append(plan.Covered, d.ID)
			continue
		}
		steps, err := stepsFor(d, res.To.Realm)
		if err != nil {
			return Plan{}, err
		}
		for _, s := range steps {
			rank := 0
			if s.phase == phaseRemovals {
				rank = removalOrder[d.Kind]
			}
			// Removals run children first: reverse their order within a kind.
			order := i
			if s.phase == phaseRemovals {
				order = -i
			}
			all = append(all, phased{phase: s.phase, rank: rank, order: order, step: s.Step})
		}
	}
	sort.SliceStable(all, func(a, b int) bool {
		if all[a].phase != all[b].phase {
			return all[a].phase < all[b].phase
		}
		if all[a].rank != all[b].rank {
			return all[a].rank < all[b].rank
		}
		return all[a].order < all[b].order
	})
	for _, p := range all {
		plan.Steps = append(plan.Steps, p.step)
	}
	return plan, nil
}

// ReadPlan parses a plan file, refusing another version and unknown fields.
func ReadPlan(data []byte) (Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return Plan{}, fmt.Errorf("read plan: %w", err)
	}
	if p.Version != PlanVersion {
		return Plan{}, fmt.Errorf("read plan: version %d, this build reads %d", p.Version, PlanVersion)
	}
	return p, nil
}
