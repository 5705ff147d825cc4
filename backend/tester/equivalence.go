package tester

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/backend/ory/oathkeeper"
	"github.com/tandemhq/tandem/backend/routes"
)

// EquivalenceInput chooses the users the matrix runs as on every imported
// route, as for Matrix: one who holds the routes' roles and one who does not.
type EquivalenceInput struct {
	ValidUser   Identity `json:"validUser"`
	LackingUser Identity `json:"lackingUser"`
}

// Difference is what an Oathkeeper user saw where Tandem behaves otherwise.
// Code is the import report's code for the change.
type Difference struct {
	Code oathkeeper.ChangeCode `json:"code"`
	Text string                `json:"text"`
}

// EquivalenceRow is one matrix row: what Tandem's proxy did, and what
// Oathkeeper did instead when one of the known differences applies.
type EquivalenceRow struct {
	RowRun
	// Oathkeeper is empty when Oathkeeper behaved the same on this row.
	Oathkeeper []Difference `json:"oathkeeper"`
}

// EquivalenceRule is one access rule: its route's matrix, or why none ran.
type EquivalenceRule struct {
	RuleID string      `json:"ruleId"`
	Route  string      `json:"route"`
	Mode   routes.Auth `json:"mode"`
	// Path is where the matrix sent its requests.
	Path string `json:"path"`
	// Skipped says why no matrix ran ("" when it ran).
	Skipped string           `json:"skipped,omitempty"`
	Rows    []EquivalenceRow `json:"rows"`
	// Differences are the rule's behaviour changes no matrix row shows.
	Differences []Difference `json:"differences"`
	// Setup are warnings about the chosen users (see MatrixResult.Setup).
	Setup []string `json:"setup"`
}

// EquivalenceReport is the equivalence of a whole rule set.
type EquivalenceReport struct {
	Rules []EquivalenceRule `json:"rules"`
	// Differences counts the rows and rule-level changes where Oathkeeper
	// behaved otherwise; Surprises and Errors add up the matrices'.
	Differences int `json:"differences"`
	Surprises   int `json:"surprises"`
	Errors      int `json:"errors"`
}

// Equivalence runs the matrix on the route each imported rule became, as it
// is in cfg, and says per row what an Oathkeeper user saw instead where one
// of the import's known behaviour changes applies. Every request goes to
// the echo upstream, so nothing reaches the real services and the report
// shows what an upstream would receive. A rule that was skipped or whose
// route is disabled or missing from cfg is listed with the reason, unrun.
func (t *Tester) Equivalence(ctx context.Context, cfg routes.Config, rules []oathkeeper.RuleReport, in EquivalenceInput) (EquivalenceReport, error) {
	out := EquivalenceReport{Rules: []EquivalenceRule{}}
	for _, rep := range rules {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("equivalence report: %w", err)
		}
		rule := t.equivalenceRule(ctx, cfg, rep, in)
		for _, row := range rule.Rows {
			if len(row.Oathkeeper) > 0 {
				out.Differences++
			}
			out.Surprises += len(row.Surprises)
			if row.Error != "" {
				out.Errors++
			}
		}
		out.Differences += len(rule.Differences)
		out.Rules = append(out.Rules, rule)
	}
	return out, nil
}

func (t *Tester) equivalenceRule(ctx context.Context, cfg routes.Config, rep oathkeeper.RuleReport, in EquivalenceInput) EquivalenceRule {
	out := EquivalenceRule{RuleID: rep.ID, Route: rep.Route, Rows: []EquivalenceRow{}, Differences: []Difference{}, Setup: []string{}}
	if rep.Route == "" {
		out.Skipped = "not imported: " + gapReasons(rep.Gaps)
		return out
	}
	r, err := FindRoute(cfg, rep.Route)
	if err != nil {
		out.Skipped = fmt.Sprintf("route %s is not among the profile's routes", rep.Route)
		return out
	}
	out.Mode = authMode(r)
	if r.Disabled {
		out.Skipped = "the route is disabled"
		if len(rep.Gaps) > 0 {
			out.Skipped += ": " + gapReasons(rep.Gaps)
		}
		return out
	}
	changes := map[oathkeeper.ChangeCode][]string{}
	for _, c := range rep.Changes {
		changes[c.Code] = append(changes[c.Code], c.Text)
	}
	// Oathkeeper's /p/<.*> never matched /p itself: the matrix runs where
	// both matched, and the bare path is probed on its own.
	out.Path = r.Path
	if _, bare := changes[oathkeeper.ChangePrefixMatchesBare]; bare && r.Path != "/" {
		out.Path = strings.TrimSuffix(r.Path, "/") + "/"
	}
	m, err := t.Matrix(ctx, cfg, MatrixInput{Route: r.Name, ValidUser: in.ValidUser, LackingUser: in.LackingUser, Upstream: UpstreamEcho, Path: out.Path})
	if err != nil {
		out.Skipped = "the matrix did not run: " + err.Error()
		return out
	}
	out.Setup = append(out.Setup, m.Setup...)
	for _, mr := range m.Rows {
		row := EquivalenceRow{RowRun: mr.RowRun, Oathkeeper: []Difference{}}
		row.Surprises = append([]string{}, mr.Surprises...)
		if row.IdentityHeaders == nil {
			row.IdentityHeaders = map[string]string{}
		}
		if mr.Skipped == "" && mr.Error == "" {
			row.Oathkeeper = rowDifferences(mr, changes, passedThrough(cfg, rep))
		}
		out.Rows = append(out.Rows, row)
	}
	// What no row shows stays a rule-level difference, in the report's order.
	for _, c := range rep.Changes {
		if shownByRows(c.Code) {
			continue
		}
		d := Difference{Code: c.Code, Text: c.Text}
		if c.Code == oathkeeper.ChangePrefixMatchesBare {
			d.Text += "; " + t.probeBare(ctx, cfg, r)
		}
		out.Differences = append(out.Differences, d)
	}
	return out
}

// shownByRows says whether a change is told on the matrix rows it affects.
func shownByRows(code oathkeeper.ChangeCode) bool {
	switch code {
	case oathkeeper.ChangeAnonymousSubject, oathkeeper.ChangeAnonymousToken, oathkeeper.ChangeHeadersStripped:
		return true
	}
	return false
}

// passedThrough are the headers Tandem strips that Oathkeeper let through
// from the client on this rule: those its header mutators did not set.
func passedThrough(cfg routes.Config, rep oathkeeper.RuleReport) []string {
	set := map[string]bool{}
	for _, h := range rep.SetHeaders {
		set[routes.NormalizeHeaderName(h)] = true
	}
	var out []string
	for _, h := range InjectableHeaders(cfg) {
		if !set[routes.NormalizeHeaderName(h)] {
			out = append(out, h)
		}
	}
	return out
}

// rowDifferences is what Oathkeeper did otherwise on one row that ran,
// judged from what Tandem did: a difference that needs the request to be
// forwarded is not one when Tandem refused it too. passed are the headers
// Oathkeeper let through from the client.
func rowDifferences(row MatrixRow, changes map[oathkeeper.ChangeCode][]string, passed []string) []Difference {
	out := []Difference{}
	forwarded := row.Outcome == OutcomeForwarded
	anonymous := row.Case == CaseAnonymous || row.Case == CaseSpoofed
	if anonymous && forwarded {
		for _, text := range changes[oathkeeper.ChangeAnonymousSubject] {
			out = append(out, Difference{Code: oathkeeper.ChangeAnonymousSubject, Text: text})
		}
	}
	if row.Case == CaseSpoofed && forwarded && len(changes[oathkeeper.ChangeHeadersStripped]) > 0 && len(passed) > 0 {
		out = append(out, Difference{Code: oathkeeper.ChangeHeadersStripped, Text: fmt.Sprintf(
			"Oathkeeper passed the client's own %s through to the upstream; Tandem removed them", strings.Join(passed, ", "))})
	}
	if !anonymous && forwarded && len(changes[oathkeeper.ChangeAnonymousToken]) > 0 {
		out = append(out, Difference{Code: oathkeeper.ChangeAnonymousToken, Text: fmt.Sprintf(
			"Oathkeeper's anonymous authenticator answered 401 to this request, which carries a token; Tandem forwarded it (HTTP %d) and ignored the token", row.Status)})
	}
	return out
}

// probeBare sends an anonymous request to a route's bare prefix and says
// what Tandem did with it, next to Oathkeeper's 404.
func (t *Tester) probeBare(ctx context.Context, cfg routes.Config, r routes.Route) string {
	req := Request{Route: r.Name, Path: r.Path, Upstream: UpstreamEcho}
	res, err := t.Send(ctx, cfg, req, Identity{Kind: KindAnonymous})
	if err != nil {
		return fmt.Sprintf("the probe of %s failed: %v", r.Path, err)
	}
	what := fmt.Sprintf("HTTP %d", res.Response.Status)
	if res.Trace != nil {
		what = fmt.Sprintf("HTTP %d, %s", res.Response.Status, res.Trace.Decision)
		if res.Trace.Route != "" && res.Trace.Route != r.Name {
			what += " by route " + res.Trace.Route
		}
	}
	return fmt.Sprintf("anonymous %s %s: Tandem answered %s where Oathkeeper matched no rule (404)", res.Sent.Method, r.Path, what)
}

func gapReasons(gaps []oathkeeper.Gap) string {
	if len(gaps) == 0 {
		return "no reason given"
	}
	var parts []string
	for _, g := range gaps {
		part := g.Field + ": " + g.Reason
		if !slices.Contains(parts, part) {
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, "; ")
}
