package tester

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/ory/oathkeeper"
	"github.com/tandemhq/tandem/backend/routes"
)

// userToken is a token of the issuer for a user holding roles.
func userToken(t *testing.T, issuer, name string, roles ...any) Identity {
	t.Helper()
	return Identity{Kind: KindToken, Token: signToken(t, map[string]any{
		"iss": issuer, "sub": "id-" + name, "preferred_username": name,
		"exp": float64(time.Now().Add(5 * time.Minute).Unix()), "iat": float64(time.Now().Unix()),
		"realm_access": map[string]any{"roles": roles},
	})}
}

// equivalenceFixture converts testdata/equivalence-rules.yaml (Oathkeeper
// rules with each known difference) and runs the report on the real embedded
// proxy, with alice (admin) and bob as the matrix's users.
func equivalenceFixture(t *testing.T) (EquivalenceReport, map[string]EquivalenceRule) {
	t.Helper()
	issuer := newFakeIdP(t).issuer()
	rules, err := oathkeeper.LoadRules("testdata/equivalence-rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	conv, err := oathkeeper.Convert(rules, oathkeeper.Options{Issuer: issuer, MatchingStrategy: oathkeeper.StrategyGlob})
	if err != nil {
		t.Fatal(err)
	}
	tt := newClosingTester(t, StartProxy, StartEcho)
	rep, err := tt.Equivalence(context.Background(), conv.Routes, conv.Rules, EquivalenceInput{
		ValidUser: userToken(t, issuer, "alice", "user", "admin"), LackingUser: userToken(t, issuer, "bob", "user"),
	})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]EquivalenceRule{}
	for _, r := range rep.Rules {
		byID[r.RuleID] = r
	}
	return rep, byID
}

func rowOf(t *testing.T, r EquivalenceRule, c MatrixCase) EquivalenceRow {
	t.Helper()
	for _, row := range r.Rows {
		if row.Case == c {
			return row
		}
	}
	t.Fatalf("rule %s has no %s row: %+v", r.RuleID, c, r.Rows)
	return EquivalenceRow{}
}

func codesOf(ds []Difference) []oathkeeper.ChangeCode {
	var out []oathkeeper.ChangeCode
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func hasCode(ds []Difference, code oathkeeper.ChangeCode) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// jwt, anonymous: Tandem forwards an anonymous request with no identity
// header, where Oathkeeper sent X-User-Id: anonymous; a client's own
// X-User-Id is removed, where Oathkeeper passed it through.
func TestEquivalenceOptionalRuleShowsTheAnonymousSubjectAndStrippedHeaders(t *testing.T) {
	_, rules := equivalenceFixture(t)
	feed := rules["feed"]
	if feed.Skipped != "" || feed.Mode != routes.AuthOptional {
		t.Fatalf("feed: skipped %q, mode %q", feed.Skipped, feed.Mode)
	}
	anon := rowOf(t, feed, CaseAnonymous)
	if anon.Status != 200 || len(anon.IdentityHeaders) != 0 {
		t.Errorf("anonymous on feed: HTTP %d, identity headers %v; want 200 and none", anon.Status, anon.IdentityHeaders)
	}
	if codes := codesOf(anon.Oathkeeper); len(codes) != 1 || codes[0] != oathkeeper.ChangeAnonymousSubject {
		t.Fatalf("anonymous row differences: %v, want only %s", codes, oathkeeper.ChangeAnonymousSubject)
	}
	if !strings.Contains(anon.Oathkeeper[0].Text, "X-User-Id: anonymous") {
		t.Errorf("the difference does not say what Oathkeeper sent: %q", anon.Oathkeeper[0].Text)
	}
	spoofed := rowOf(t, feed, CaseSpoofed)
	if spoofed.Status != 200 || len(spoofed.IdentityHeaders) != 0 {
		t.Errorf("spoofed on feed: HTTP %d, identity headers %v; want 200 and none", spoofed.Status, spoofed.IdentityHeaders)
	}
	// Oathkeeper's mutator overwrote a client's X-User-Id with the anonymous
	// subject, but let X-User-Plan, which it does not set, through, and the
	// default identity headers, which Tandem strips even when the file names
	// its own.
	if !hasCode(spoofed.Oathkeeper, oathkeeper.ChangeAnonymousSubject) {
		t.Errorf("spoofed row differences: %v, want %s", codesOf(spoofed.Oathkeeper), oathkeeper.ChangeAnonymousSubject)
	}
	var stripped string
	for _, d := range spoofed.Oathkeeper {
		if d.Code == oathkeeper.ChangeHeadersStripped {
			stripped = d.Text
		}
	}
	if !strings.Contains(stripped, "client's own X-User-Email, X-User-Name, X-User-Plan, X-User-Roles through") || strings.Contains(stripped, "X-User-Id") {
		t.Errorf("spoofed row: headers-stripped says %q, want X-User-Plan and the default headers but X-User-Id", stripped)
	}
	valid := rowOf(t, feed, CaseValidUser)
	if valid.Status != 200 || valid.IdentityHeaders["X-User-Id"] != "id-alice" || len(valid.Oathkeeper) != 0 {
		t.Errorf("alice on feed: HTTP %d, headers %v, differences %v; want 200, X-User-Id id-alice, none", valid.Status, valid.IdentityHeaders, codesOf(valid.Oathkeeper))
	}
	if bad := rowOf(t, feed, CaseBadSignature); bad.Status != 401 || len(bad.Oathkeeper) != 0 {
		t.Errorf("forged token on feed: HTTP %d, differences %v; want 401 like Oathkeeper", bad.Status, codesOf(bad.Oathkeeper))
	}
}

// /feed/<**> never matched /feed: the matrix runs on /feed/, and the bare
// path is probed and reported next to Oathkeeper's 404.
func TestEquivalenceProbesTheBarePrefix(t *testing.T) {
	_, rules := equivalenceFixture(t)
	feed := rules["feed"]
	if feed.Path != "/feed/" {
		t.Errorf("matrix path %q, want /feed/ (where Oathkeeper matched too)", feed.Path)
	}
	var bare *Difference
	for i, d := range feed.Differences {
		if d.Code == oathkeeper.ChangePrefixMatchesBare {
			bare = &feed.Differences[i]
		}
	}
	if bare == nil {
		t.Fatalf("no %s difference: %+v", oathkeeper.ChangePrefixMatchesBare, feed.Differences)
	}
	if !strings.Contains(bare.Text, "GET /feed: Tandem answered HTTP 200, anonymous where Oathkeeper matched no rule (404)") {
		t.Errorf("bare prefix difference: %q", bare.Text)
	}
}

// anonymous alone: a request carrying a token is forwarded where
// Oathkeeper answered 401; without a token both forward.
func TestEquivalencePublicRuleShowsTokensForwarded(t *testing.T) {
	_, rules := equivalenceFixture(t)
	docs := rules["docs"]
	if docs.Mode != routes.AuthPublic || docs.Path != "/docs" {
		t.Fatalf("docs: mode %q, path %q", docs.Mode, docs.Path)
	}
	for _, c := range []MatrixCase{CaseValidUser, CaseBadSignature, CaseLackingRole} {
		row := rowOf(t, docs, c)
		if row.Status != 200 || !hasCode(row.Oathkeeper, oathkeeper.ChangeAnonymousToken) {
			t.Errorf("%s on docs: HTTP %d, differences %v; want 200 and %s", c, row.Status, codesOf(row.Oathkeeper), oathkeeper.ChangeAnonymousToken)
		}
	}
	spoofed := rowOf(t, docs, CaseSpoofed)
	if len(spoofed.Oathkeeper) != 1 || !strings.Contains(spoofed.Oathkeeper[0].Text, "client's own X-User-Email, X-User-Id, X-User-Name, X-User-Plan, X-User-Roles through") {
		t.Errorf("spoofed on docs: differences %+v, want every header Tandem strips passed by Oathkeeper", spoofed.Oathkeeper)
	}
	if anon := rowOf(t, docs, CaseAnonymous); anon.Status != 200 || len(anon.Oathkeeper) != 0 {
		t.Errorf("anonymous on docs: HTTP %d, differences %v; want 200, the same as Oathkeeper", anon.Status, codesOf(anon.Oathkeeper))
	}
}

// jwt alone: refusals are the same; only the spoofed headers differ, and
// only where Tandem forwarded (it does not: 401), so no row differs.
func TestEquivalenceRequiredRuleDiffersOnlyWhereTandemForwards(t *testing.T) {
	_, rules := equivalenceFixture(t)
	api := rules["api"]
	want := map[MatrixCase]int{CaseAnonymous: 401, CaseSpoofed: 401, CaseValidUser: 200, CaseBadSignature: 401, CaseLackingRole: 200}
	for _, row := range api.Rows {
		if row.Status != want[row.Case] {
			t.Errorf("%s on api: HTTP %d, want %d", row.Case, row.Status, want[row.Case])
		}
		if len(row.Oathkeeper) != 0 {
			t.Errorf("%s on api: differences %v, want none (Oathkeeper behaved the same)", row.Case, codesOf(row.Oathkeeper))
		}
	}
}

// A disabled route and a skipped rule are listed with the reason, unrun.
func TestEquivalenceListsRulesItCannotRun(t *testing.T) {
	rep, rules := equivalenceFixture(t)
	if len(rep.Rules) != 5 {
		t.Fatalf("%d rules in the report, want 5", len(rep.Rules))
	}
	keto := rules["keto"]
	if !strings.HasPrefix(keto.Skipped, "the route is disabled: authorizer: remote_json") || len(keto.Rows) != 0 {
		t.Errorf("keto: skipped %q, %d rows", keto.Skipped, len(keto.Rows))
	}
	grpc := rules["grpc"]
	if !strings.HasPrefix(grpc.Skipped, "not imported: match: a gRPC rule") {
		t.Errorf("grpc: skipped %q", grpc.Skipped)
	}
	if rep.Errors != 0 || rep.Surprises != 0 {
		t.Errorf("the embedded proxy kept its own contract, yet %d errors, %d surprises", rep.Errors, rep.Surprises)
	}
	// feed: anonymous, spoofed, bare prefix; docs: three token rows; and each
	// rule's rule-level changes.
	if rep.Differences < 6 {
		t.Errorf("differences = %d, want at least 6", rep.Differences)
	}
}

// The screen reads a row's fields flat (row.case, row.status), the same on
// a matrix row and an equivalence row.
func TestRowsShareTheirFlatJSONFields(t *testing.T) {
	run := RowRun{Case: CaseAnonymous, Label: "Anonymous", Status: 200, Decision: "anonymous", IdentityHeaders: map[string]string{}}
	for name, row := range map[string]any{
		"matrix":      MatrixRow{RowRun: run, Reason: "public route"},
		"equivalence": EquivalenceRow{RowRun: run, Oathkeeper: []Difference{}},
	} {
		data, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if got["case"] != string(CaseAnonymous) || got["status"] != float64(200) || got["decision"] != "anonymous" || got["RowRun"] != nil {
			t.Errorf("%s row JSON %s, want case, status and decision at the top level", name, data)
		}
	}
}
