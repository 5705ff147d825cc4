package oathkeeper

import (
	"slices"
	"testing"
)

// The equivalence report tells which client-sent headers Oathkeeper passed
// through: those no header mutator of the rule set, on public rules too.
func TestReportNamesTheHeadersARuleSets(t *testing.T) {
	rules, err := ParseRules([]byte(`
- id: feed
  match: {url: "http://h/feed", methods: [GET]}
  authenticators: [{handler: jwt}, {handler: anonymous}]
  authorizer: {handler: allow}
  mutators: [{handler: header, config: {headers: {x_user_id: "{{ print .Subject }}"}}}]
  upstream: {url: "http://up"}
- id: docs
  match: {url: "http://h/docs", methods: [GET]}
  authenticators: [{handler: anonymous}]
  authorizer: {handler: allow}
  mutators: [{handler: header}]
  upstream: {url: "http://up"}
- id: health
  match: {url: "http://h/health", methods: [GET]}
  authenticators: [{handler: noop}]
  authorizer: {handler: allow}
  mutators: [{handler: noop}]
  upstream: {url: "http://up"}
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{HeaderMutator: map[string]string{"X-User-Email": "{{ print .Extra.email }}"}}
	res, err := Convert(rules, Options{Config: cfg, Issuer: "http://idp/realms/demo"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"feed": {"X-User-Email", "X-User-Id"}, "docs": {"X-User-Email"}, "health": {}}
	for _, r := range res.Rules {
		if !slices.Equal(r.SetHeaders, want[r.ID]) {
			t.Errorf("rule %s sets %q, want %q", r.ID, r.SetHeaders, want[r.ID])
		}
	}
}
