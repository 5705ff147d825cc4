package oathkeeper

import (
	"slices"
	"testing"
)

// The equivalence report tells which client-sent headers Oathkeeper passed
// through: those no header mutator of the rule set, on public rules too.
func TestReportNamesTheHeadersARuleSets(t *testing.T) {
	rules := ruleSet(
		rule{id: "feed", url: "http://h/feed", authn: "[{handler: jwt}, {handler: anonymous}]", mutators: `[{handler: header, config: {headers: {x_user_id: "{{ print .Subject }}"}}}]`},
		rule{id: "docs", url: "http://h/docs", authn: "[{handler: anonymous}]", mutators: "[{handler: header}]"},
		rule{id: "health", url: "http://h/health", authn: "[{handler: noop}]"},
	)
	cfg := &Config{HeaderMutator: map[string]string{"X-User-Email": "{{ print .Extra.email }}"}}
	res := convert(t, rules, Options{Config: cfg, Issuer: "http://idp/realms/demo"})
	want := map[string][]string{"feed": {"X-User-Email", "X-User-Id"}, "docs": {"X-User-Email"}, "health": {}}
	for _, r := range res.Rules {
		if !slices.Equal(r.SetHeaders, want[r.ID]) {
			t.Errorf("rule %s sets %q, want %q", r.ID, r.SetHeaders, want[r.ID])
		}
	}
}
