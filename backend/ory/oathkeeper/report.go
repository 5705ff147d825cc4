package oathkeeper

import (
	"fmt"
	"strings"
)

// GapCode names why part of a rule has no Tandem equivalent.
type GapCode string

const (
	GapURL            GapCode = "url"             // match.url is not a host + path prefix
	GapMethods        GapCode = "methods"         // no methods: the rule matches nothing
	GapGRPC           GapCode = "grpc"            // a gRPC rule
	GapAuthenticator  GapCode = "authenticator"   // a handler or chain with no auth mode equivalent
	GapJWTConfig      GapCode = "jwt-config"      // jwt settings Tandem cannot apply per route
	GapAuthorizer     GapCode = "authorizer"      // anything but allow
	GapMutator        GapCode = "mutator"         // id_token, cookie, unknown mutators
	GapHeaderTemplate GapCode = "header-template" // a template that is not one session value
	GapHeaderName     GapCode = "header-name"     // a header Tandem reserves
	GapStripPath      GapCode = "strip-path"      // strip_path other than the matched prefix
	GapUpstream       GapCode = "upstream"        // no upstream URL
	GapRouteFile      GapCode = "route-file"      // the route file refuses the route as mapped
)

// Gap is one part of a rule with no Tandem equivalent.
type Gap struct {
	Code   GapCode `json:"code"`
	Field  string  `json:"field"`
	Reason string  `json:"reason"`
}

// ChangeCode names a behaviour an Oathkeeper user will see change.
type ChangeCode string

const (
	ChangeAnonymousSubject   ChangeCode = "anonymous-subject"     // no identity header instead of the anonymous subject
	ChangeAnonymousToken     ChangeCode = "anonymous-token"       // public forwards a request carrying a token
	ChangeHeadersStripped    ChangeCode = "headers-stripped"      // client-sent identity headers are removed
	ChangePrefixMatchesBare  ChangeCode = "prefix-matches-bare"   // /p/<.*> did not match /p
	ChangePrefixSegmentAware ChangeCode = "prefix-segment-aware"  // /p<.*> matched /pX
	ChangeExactPathNowPrefix ChangeCode = "exact-path-now-prefix" // a literal path now matches below it
	ChangeStaleCookie        ChangeCode = "stale-cookie"          // optional: a stale session passes anonymously
	ChangeSessionSource      ChangeCode = "session-source"        // cookie_session asked Kratos
	ChangeExtraHeaders       ChangeCode = "extra-headers"         // headers the rule did not set
	ChangePreserveHost       ChangeCode = "preserve-host"         // Host is the upstream's
	ChangeErrorHandlers      ChangeCode = "error-handlers"        // redirect / www_authenticate
	ChangeSessionClaims      ChangeCode = "session-claims"        // .Extra read Kratos's session, now token claims
	ChangeIssuers            ChangeCode = "issuers"               // several trusted issuers, now one
)

// Change is a behaviour that differs after the import.
type Change struct {
	Code ChangeCode `json:"code"`
	Text string     `json:"text"`
}

// Outcome is what became of a rule.
type Outcome string

const (
	OutcomeImported Outcome = "imported" // an enabled route
	OutcomeDisabled Outcome = "disabled" // a disabled route: see Gaps before enabling it
	OutcomeSkipped  Outcome = "skipped"  // no route: see Gaps
)

// RuleReport is the import's account of one rule.
type RuleReport struct {
	ID      string   `json:"id"`
	Route   string   `json:"route,omitempty"` // the route's name; empty when skipped
	Outcome Outcome  `json:"outcome"`
	Mapped  []string `json:"mapped"`
	Gaps    []Gap    `json:"gaps"`
	Changes []Change `json:"changes"`
	Notes   []string `json:"notes"`
	// SetHeaders are the headers the rule's header mutators set, in their
	// sent spelling: Oathkeeper overwrote these and passed every other
	// client-sent header through.
	SetHeaders []string `json:"setHeaders"`
}

func (r *RuleReport) gap(code GapCode, field, format string, args ...any) {
	r.Gaps = append(r.Gaps, Gap{Code: code, Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (r *RuleReport) change(code ChangeCode, format string, args ...any) {
	r.Changes = append(r.Changes, Change{Code: code, Text: fmt.Sprintf(format, args...)})
}

// Lines renders the report for a terminal.
func (res Result) Lines() []string {
	var out []string
	for _, n := range res.Notes {
		out = append(out, "note: "+n)
	}
	counts := map[Outcome]int{}
	for _, r := range res.Rules {
		counts[r.Outcome]++
		head := fmt.Sprintf("rule %s: %s", r.ID, r.Outcome)
		if r.Route != "" {
			head += " as route " + r.Route
		}
		out = append(out, head)
		for _, m := range r.Mapped {
			out = append(out, "  mapped: "+m)
		}
		for _, g := range r.Gaps {
			out = append(out, fmt.Sprintf("  no equivalent (%s): %s", g.Field, g.Reason))
		}
		for _, n := range r.Notes {
			out = append(out, "  note: "+n)
		}
		for _, c := range r.Changes {
			out = append(out, "  behaviour change: "+c.Text)
		}
	}
	out = append(out, fmt.Sprintf("%d rules: %d imported, %d imported disabled, %d skipped",
		len(res.Rules), counts[OutcomeImported], counts[OutcomeDisabled], counts[OutcomeSkipped]))
	return out
}

func quoteList(xs []string) string { return strings.Join(xs, ", ") }
