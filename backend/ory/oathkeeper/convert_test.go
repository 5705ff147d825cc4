package oathkeeper

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// rule is one access rule as a test writes it; empty fields take the plain
// defaults (id r, a prefix URL, jwt, allow, noop).
type rule struct{ id, url, authn, authz, mutators, extra string }

func (r rule) yaml() string {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	return fmt.Sprintf("- id: %s\n  match: {url: %q, methods: [GET]}\n  authenticators: %s\n  authorizer: %s\n  mutators: %s\n  upstream: {url: \"http://up:9090\"}\n%s",
		or(r.id, "r"), or(r.url, "http://h/api/<**>"), or(r.authn, "[{handler: jwt}]"), or(r.authz, "{handler: allow}"), or(r.mutators, "[{handler: noop}]"), r.extra)
}

// ruleSet writes rules as one rules file, in order.
func ruleSet(rs ...rule) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.yaml())
	}
	return b.String()
}

// ruleYAML writes one rule with id r.
func ruleYAML(url, authn, authz, mutators, extra string) string {
	return rule{url: url, authn: authn, authz: authz, mutators: mutators, extra: extra}.yaml()
}

func convert(t *testing.T, rulesYAML string, opts Options) Result {
	t.Helper()
	rules, err := ParseRules([]byte(rulesYAML))
	if err != nil {
		t.Fatalf("ParseRules: %v", err)
	}
	res, err := Convert(rules, opts)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	// Whatever came in, what comes out is a route file Tandem accepts.
	data, err := routes.Marshal(res.Routes)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := routes.Check("out.yaml", data, routes.Validate); err != nil {
		t.Fatalf("the output is not a valid route file: %v\n%s", err, data)
	}
	return res
}

func gapCodes(r RuleReport) []GapCode {
	var out []GapCode
	for _, g := range r.Gaps {
		out = append(out, g.Code)
	}
	return out
}

func changeCodes(r RuleReport) []ChangeCode {
	var out []ChangeCode
	for _, c := range r.Changes {
		if c.Code != ChangeHeadersStripped && c.Code != ChangeExtraHeaders {
			out = append(out, c.Code)
		}
	}
	slices.Sort(out)
	return out
}

func sorted[T ~string](xs ...T) []T {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func TestAuthenticatorChainsMapByWhatTheyLetThrough(t *testing.T) {
	for _, tc := range []struct {
		authn   string
		want    routes.Auth // "" when the rule is skipped
		reason  string      // the gap's reason, when skipped
		changes []ChangeCode
	}{
		{"[{handler: jwt}]", routes.AuthRequired, "", nil},
		{"[{handler: jwt}, {handler: cookie_session}]", routes.AuthRequired, "", []ChangeCode{ChangeSessionSource}},
		{"[{handler: cookie_session}]", routes.AuthRequired, "", []ChangeCode{ChangeSessionSource}},
		{"[{handler: jwt}, {handler: anonymous}]", routes.AuthOptional, "", nil},
		{"[{handler: cookie_session}, {handler: anonymous}]", routes.AuthOptional, "", []ChangeCode{ChangeSessionSource, ChangeStaleCookie}},
		{"[{handler: jwt}, {handler: noop}]", routes.AuthOptional, "", nil},
		{"[{handler: anonymous}]", routes.AuthPublic, "", []ChangeCode{ChangeAnonymousToken}},
		{"[{handler: noop}]", routes.AuthPublic, "", nil},
		{"[{handler: noop}, {handler: jwt}]", routes.AuthPublic, "", nil},
		{"[]", "", "none: Oathkeeper refuses every request", nil},
		{"[{handler: oauth2_introspection}]", "", "RFC 7662", nil},
		{"[{handler: oauth2_client_credentials}]", "", "Basic client credentials", nil},
		{"[{handler: bearer_token}]", "", "session-check URL", nil},
		{"[{handler: unauthorized}]", "", "refuses every request", nil},
		{"[{handler: jwt}, {handler: oauth2_introspection}]", "", "RFC 7662", nil},
		{"[{handler: anonymous}, {handler: jwt}]", "", "anonymous before other authenticators", nil},
		{"[{handler: magic}]", "", `"magic" is not an authenticator Tandem knows`, nil},
	} {
		res := convert(t, ruleYAML("", tc.authn, "", "", ""), Options{Issuer: "http://kc/realms/r"})
		rep := res.Rules[0]
		if tc.want == "" {
			if rep.Outcome != OutcomeSkipped || len(res.Routes.Routes) != 0 || !slices.Equal(gapCodes(rep), []GapCode{GapAuthenticator}) ||
				!strings.Contains(rep.Gaps[0].Reason, tc.reason) {
				t.Errorf("%s: %+v, want skipped for %q", tc.authn, rep, tc.reason)
			}
			continue
		}
		if rep.Outcome != OutcomeImported || res.Routes.Routes[0].Auth != tc.want || !slices.Equal(changeCodes(rep), sorted(append([]ChangeCode{ChangePrefixMatchesBare}, tc.changes...)...)) {
			t.Errorf("%s: %+v / %+v, want auth %s with changes %v", tc.authn, rep, res.Routes.Routes, tc.want, tc.changes)
		}
	}
}

func TestAuthorizersOtherThanAllowHaveNoEquivalent(t *testing.T) {
	for _, tc := range []struct{ authz, reason string }{
		{"{handler: deny}", "refuses every request"},
		{"{handler: remote_json, config: {remote: 'http://keto'}}", "Keto"},
		{"{handler: remote}", "remote service"},
		{"{handler: keto_engine_acp_ory}", "ACP engine"},
		{"{handler: opa}", `"opa" is not an authorizer`},
		{"{handler: ''}", "without an authorizer"},
	} {
		res := convert(t, ruleYAML("", "", tc.authz, "", ""), Options{})
		rep := res.Rules[0]
		if rep.Outcome != OutcomeDisabled || !res.Routes.Routes[0].Disabled || !slices.Equal(gapCodes(rep), []GapCode{GapAuthorizer}) ||
			!strings.Contains(rep.Gaps[0].Reason, tc.reason) {
			t.Errorf("%s: %+v, want a disabled route for %q", tc.authz, rep, tc.reason)
		}
	}
}

func TestHeaderTemplatesBecomeClaimPaths(t *testing.T) {
	mut := `[{handler: header, config: {headers: {
    X-User-Id: "{{ print .Subject }}", X-Email: "{{ print .Extra.email }}", X-Roles: "{{ print .Extra.realm_access.roles }}",
    X-Sub-Plain: "{{ .Subject }}", X-Trim: "{{- print .Extra.preferred_username -}}"}}}]`
	res := convert(t, ruleYAML("", "", "", mut, ""), Options{})
	want := map[string]string{"X-User-Id": "sub", "X-Email": "email", "X-Roles": "realm_access.roles", "X-Sub-Plain": "sub", "X-Trim": "preferred_username"}
	got := routes.EffectiveRouteHeaders(res.Routes, res.Routes.Routes[0])
	if !maps.Equal(got, want) || res.Rules[0].Outcome != OutcomeImported {
		t.Fatalf("headers = %v, want %v (%+v)", got, want, res.Rules[0])
	}
	for _, tc := range []struct {
		tmpl string
		code GapCode
	}{
		{"Bearer {{ print .Subject }}", GapHeaderTemplate},
		{"{{ print .MatchContext.URL }}", GapHeaderTemplate},
		{`{{ index .Extra "email" }}`, GapHeaderTemplate},
		{"{{ if .Subject }}yes{{ end }}", GapHeaderTemplate},
		{"static", GapHeaderTemplate},
	} {
		res := convert(t, ruleYAML("", "", "", fmt.Sprintf("[{handler: header, config: {headers: {X-A: %q}}}]", tc.tmpl), ""), Options{})
		if rep := res.Rules[0]; rep.Outcome != OutcomeDisabled || !slices.Equal(gapCodes(rep), []GapCode{tc.code}) {
			t.Errorf("%q: %+v", tc.tmpl, rep)
		}
	}
	res = convert(t, ruleYAML("", "", "", `[{handler: header, config: {headers: {X-Forwarded-User: "{{ print .Subject }}"}}}]`, ""), Options{})
	if rep := res.Rules[0]; rep.Outcome != OutcomeDisabled || !slices.Equal(gapCodes(rep), []GapCode{GapHeaderName}) {
		t.Errorf("reserved header: %+v", rep)
	}
}

func TestMutators(t *testing.T) {
	for _, tc := range []struct {
		mut     string
		outcome Outcome
		gaps    []GapCode
		note    string
	}{
		{"[{handler: noop}]", OutcomeImported, nil, ""},
		{"[{handler: hydrator, config: {api: {url: 'http://h'}}}, {handler: header, config: {headers: {X-Plan: '{{ print .Extra.plan }}'}}}]", OutcomeImported, nil, "the claim goes straight into the header"},
		{"[{handler: id_token}]", OutcomeDisabled, []GapCode{GapMutator}, ""},
		{"[{handler: cookie, config: {cookies: {user: '{{ print .Subject }}'}}}]", OutcomeDisabled, []GapCode{GapMutator}, ""},
		{"[{handler: custom}]", OutcomeDisabled, []GapCode{GapMutator}, ""},
	} {
		res := convert(t, ruleYAML("", "", "", tc.mut, ""), Options{})
		rep := res.Rules[0]
		if rep.Outcome != tc.outcome || !slices.Equal(gapCodes(rep), tc.gaps) || (tc.note != "" && !strings.Contains(strings.Join(rep.Notes, " "), tc.note)) {
			t.Errorf("%s: %+v", tc.mut, rep)
		}
	}
	res := convert(t, ruleYAML("", "", "", "[{handler: hydrator}, {handler: header, config: {headers: {X-Plan: '{{ print .Extra.plan }}'}}}]", ""), Options{})
	if got := routes.EffectiveRouteHeaders(res.Routes, res.Routes.Routes[0]); got["X-Plan"] != "plan" {
		t.Fatalf("a hydrated value's header = %v, want the claim plan", got)
	}
}

func TestMatchURLs(t *testing.T) {
	for _, tc := range []struct {
		url, strategy string
		host, path    string // path "" when there is no equivalent
		change        ChangeCode
		reason        string
	}{
		{"http://h/api/<**>", StrategyGlob, "h", "/api", ChangePrefixMatchesBare, ""},
		{"http://h/api/<.*>", StrategyRegexp, "h", "/api", ChangePrefixMatchesBare, ""},
		{"<http|https>://h:4455/api/<.+>", StrategyRegexp, "h:4455", "/api", ChangePrefixMatchesBare, ""},
		{"<{http,https}>://h/api/<**>", StrategyGlob, "h", "/api", ChangePrefixMatchesBare, ""},
		{"http://h/api/<**>", "", "h", "/api", ChangePrefixMatchesBare, ""},
		{"http://h/api/<.*>", "", "h", "/api", ChangePrefixMatchesBare, ""},
		{"http://h/<**>", StrategyGlob, "h", "/", "", ""},
		{"http://h/api/users", StrategyGlob, "h", "/api/users", ChangeExactPathNowPrefix, ""},
		{"http://h/api<**>", StrategyGlob, "h", "/api", ChangePrefixSegmentAware, ""},
		{"http://h/api<(/.*)?>", StrategyRegexp, "h", "/api", "", ""},
		{"http://<[^/]+>/api/<.*>", StrategyRegexp, "", "/api", ChangePrefixMatchesBare, ""},
		{"http://h/api/<**>", StrategyRegexp, "", "", "", "not a regular expression"},
		{"http://h/api/<.*>", StrategyGlob, "", "", "", "under glob matching"},
		{"http://h/api/<*>", StrategyGlob, "", "", "", "single path segment"},
		{"http://h/api/<[^/]+>", StrategyRegexp, "", "", "", "single path segment"},
		{"http://h/users/<[0-9]+>/avatar", StrategyRegexp, "", "", "", "inside the path"},
		{"http://h/api/<v[0-9]+>", StrategyRegexp, "", "", "", "not a path prefix"},
		{"http://<.*>/api/<.*>", StrategyRegexp, "", "", "", "host"},
		{"http://<*>.example.com/api/<**>", StrategyGlob, "", "", "", "host"},
		{"/api/<**>", StrategyGlob, "", "", "", "no scheme://host"},
		{"http://h", StrategyGlob, "", "", "", "no path"},
		{"http://h/a/../b", StrategyGlob, "", "", "", "normal form"},
		{"http://h/api?x=1", StrategyGlob, "", "", "", "query"},
	} {
		res := convert(t, ruleYAML(tc.url, "", "", "", ""), Options{MatchingStrategy: tc.strategy})
		rep := res.Rules[0]
		if tc.path == "" {
			if rep.Outcome != OutcomeSkipped || !slices.Equal(gapCodes(rep), []GapCode{GapURL}) || !strings.Contains(rep.Gaps[0].Reason, tc.reason) {
				t.Errorf("%s (%s): %+v, want skipped for %q", tc.url, tc.strategy, rep, tc.reason)
			}
			continue
		}
		var want []ChangeCode
		if tc.change != "" {
			want = []ChangeCode{tc.change}
		}
		if rep.Outcome != OutcomeImported || len(res.Routes.Routes) != 1 {
			t.Errorf("%s (%s): %+v", tc.url, tc.strategy, rep)
			continue
		}
		r := res.Routes.Routes[0]
		if r.Host != tc.host || r.Path != tc.path || !slices.Equal(changeCodes(rep), want) {
			t.Errorf("%s (%s): host %q path %q changes %v, want %q %q %v", tc.url, tc.strategy, r.Host, r.Path, changeCodes(rep), tc.host, tc.path, want)
		}
	}
}

func TestMethodsUpstreamAndErrors(t *testing.T) {
	res := convert(t, "- id: m\n  match: {url: 'http://h/a/<**>', methods: [get, GET, post]}\n  authenticators: [{handler: noop}]\n  authorizer: {handler: allow}\n  upstream: {url: 'http://up'}\n", Options{})
	if r := res.Routes.Routes[0]; !slices.Equal(r.Methods, []string{"GET", "POST"}) {
		t.Errorf("methods = %v", r.Methods)
	}
	res = convert(t, "- id: m\n  match: {url: 'http://h/a/<**>'}\n  authenticators: [{handler: noop}]\n  authorizer: {handler: allow}\n  upstream: {url: 'http://up'}\n", Options{})
	if rep := res.Rules[0]; rep.Outcome != OutcomeSkipped || !slices.Equal(gapCodes(rep), []GapCode{GapMethods}) {
		t.Errorf("no methods: %+v", rep)
	}
	res = convert(t, "- id: m\n  match: {url: 'http://h/a/<**>', methods: [GET]}\n  authenticators: [{handler: noop}]\n  authorizer: {handler: allow}\n", Options{})
	if rep := res.Rules[0]; rep.Outcome != OutcomeSkipped || !slices.Equal(gapCodes(rep), []GapCode{GapUpstream}) {
		t.Errorf("no upstream: %+v", rep)
	}
	res = convert(t, "- id: g\n  match: {authority: 'h:50051', full_method: 'svc/Method'}\n  authenticators: [{handler: noop}]\n  authorizer: {handler: allow}\n  upstream: {url: 'http://up'}\n", Options{})
	if rep := res.Rules[0]; rep.Outcome != OutcomeSkipped || !slices.Equal(gapCodes(rep), []GapCode{GapGRPC}) {
		t.Errorf("grpc: %+v", rep)
	}
	for _, tc := range []struct {
		extra string
		strip bool
		gaps  []GapCode
		chg   []ChangeCode
	}{
		{"  errors: [{handler: json}]\n", false, nil, nil},
		{"", false, nil, nil},
	} {
		res := convert(t, ruleYAML("", "", "", "", tc.extra), Options{})
		if rep := res.Rules[0]; !slices.Equal(gapCodes(rep), tc.gaps) || res.Routes.Routes[0].StripPrefix != tc.strip {
			t.Errorf("%q: %+v", tc.extra, rep)
		}
	}
	strip := func(sp string) Result {
		return convert(t, fmt.Sprintf("- id: s\n  match: {url: 'http://h/api/<**>', methods: [GET]}\n  authenticators: [{handler: noop}]\n  authorizer: {handler: allow}\n  upstream: {url: 'http://up', strip_path: %q, preserve_host: true}\n  errors: [{handler: redirect, config: {to: 'http://h/login'}}, {handler: www_authenticate}]\n", sp), Options{})
	}
	for _, sp := range []string{"/api", "/api/"} {
		res := strip(sp)
		if r := res.Routes.Routes[0]; !r.StripPrefix || r.Disabled {
			t.Errorf("strip_path %s: %+v", sp, r)
		}
		want := []ChangeCode{ChangePrefixMatchesBare, ChangePreserveHost, ChangeErrorHandlers, ChangeErrorHandlers}
		if got := changeCodes(res.Rules[0]); !slices.Equal(got, sorted(want...)) {
			t.Errorf("changes = %v, want %v", got, want)
		}
	}
	if rep := strip("/ap").Rules[0]; rep.Outcome != OutcomeDisabled || !slices.Equal(gapCodes(rep), []GapCode{GapStripPath}) {
		t.Errorf("strip_path /ap: %+v", rep)
	}
}

func TestJWTSettingsARouteCannotCarry(t *testing.T) {
	cfg := &Config{JWT: JWTConfig{TrustedIssuers: []string{"http://kc/realms/r"}, TargetAudience: []string{"api"}}}
	for _, tc := range []struct {
		authn, field string
	}{
		{"[{handler: jwt, config: {required_scope: [admin]}}]", "jwt.required_scope"},
		{"[{handler: jwt, config: {token_from: {query_parameter: t}}}]", "jwt.token_from"},
		{"[{handler: jwt, config: {trusted_issuers: ['http://other']}}]", "jwt.trusted_issuers"},
		{"[{handler: jwt, config: {target_audience: [web]}}]", "jwt.target_audience"},
		{"[{handler: jwt, config: {jwks_urls: ['http://kc/realms/x/protocol/openid-connect/certs']}}]", "jwt.jwks_urls"},
	} {
		res := convert(t, ruleYAML("", tc.authn, "", "", ""), Options{Config: cfg})
		rep := res.Rules[0]
		if rep.Outcome != OutcomeDisabled || len(rep.Gaps) != 1 || rep.Gaps[0].Code != GapJWTConfig || rep.Gaps[0].Field != tc.field {
			t.Errorf("%s: %+v", tc.authn, rep)
		}
	}
	res := convert(t, ruleYAML("", "", "", "", ""), Options{Config: cfg})
	if res.Rules[0].Outcome != OutcomeImported || !slices.Equal(res.Routes.Audiences, []string{"api"}) || res.Routes.Issuer != "http://kc/realms/r" {
		t.Errorf("plain jwt under the config: %+v / %+v", res.Rules[0], res.Routes)
	}
}

func TestIssuerComesFromTheConfigOrIsGiven(t *testing.T) {
	plain := ruleYAML("", "", "", "", "")
	for _, tc := range []struct {
		name, rules string
		opts        Options
		want, note  string
	}{
		{"given", plain, Options{Issuer: "http://given", Config: &Config{JWT: JWTConfig{TrustedIssuers: []string{"http://cfg"}}}}, "http://given", "given"},
		{"trusted_issuers", plain, Options{Config: &Config{JWT: JWTConfig{TrustedIssuers: []string{"http://cfg"}}}}, "http://cfg", "trusted_issuers"},
		{"jwks_urls", plain, Options{Config: &Config{JWT: JWTConfig{JWKSURLs: []string{"http://kc/realms/demo/protocol/openid-connect/certs"}}}}, "http://kc/realms/demo", "jwks_urls"},
		{"two issuers", plain, Options{Config: &Config{JWT: JWTConfig{TrustedIssuers: []string{"http://a", "http://b"}}}}, "", "trusts 2 issuers"},
		{"rule config", ruleYAML("", "[{handler: jwt, config: {jwks_urls: ['http://kc/realms/x/protocol/openid-connect/certs']}}]", "", "", ""), Options{}, "http://kc/realms/x", "rules' jwt"},
		{"none", plain, Options{}, "", "no issuer"},
	} {
		res := convert(t, tc.rules, tc.opts)
		if res.Routes.Issuer != tc.want || !strings.Contains(strings.Join(res.Notes, " "), tc.note) {
			t.Errorf("%s: issuer %q notes %v, want %q and %q", tc.name, res.Routes.Issuer, res.Notes, tc.want, tc.note)
		}
	}
}

func TestIdentityHeadersAreSharedAndDifferencesReported(t *testing.T) {
	rules := ruleSet(
		rule{id: "a", url: "http://h/a/<**>", mutators: `[{handler: header, config: {headers: {X-User-Id: "{{ print .Subject }}", X-Email: "{{ print .Extra.email }}"}}}]`},
		rule{id: "b", url: "http://h/b/<**>", authn: "[{handler: jwt}, {handler: anonymous}]", mutators: `[{handler: header, config: {headers: {X-User-Id: "{{ print .Subject }}"}}}]`},
		rule{id: "c", url: "http://h/c/<**>", mutators: `[{handler: header, config: {headers: {X-User-Id: "{{ print .Extra.preferred_username }}"}}}]`},
		rule{id: "d", url: "http://h/d/<**>", authn: "[{handler: anonymous}]", mutators: `[{handler: header, config: {headers: {X-User-Id: "{{ print .Subject }}"}}}]`},
	)
	res := convert(t, rules, Options{Config: &Config{AnonymousSubject: "guest"}})
	if want := map[string]string{"X-User-Id": "sub", "X-Email": "email"}; !maps.Equal(res.Routes.IdentityHeaders, want) {
		t.Fatalf("identity_headers = %v, want %v", res.Routes.IdentityHeaders, want)
	}
	if h := res.Routes.Routes[2].Headers; !maps.Equal(h, map[string]string{"X-User-Id": "preferred_username"}) {
		t.Fatalf("route c headers = %v", h)
	}
	text := func(r RuleReport, code ChangeCode) string {
		var out []string
		for _, c := range r.Changes {
			if c.Code == code {
				out = append(out, c.Text)
			}
		}
		return strings.Join(out, " | ")
	}
	if got := text(res.Rules[1], ChangeExtraHeaders); !strings.Contains(got, "X-Email (email)") {
		t.Errorf("b extra headers = %q", got)
	}
	if got := text(res.Rules[2], ChangeExtraHeaders); !strings.Contains(got, "X-Email (email)") || strings.Contains(got, "X-User-Id") {
		t.Errorf("c extra headers = %q", got)
	}
	if got := text(res.Rules[0], ChangeExtraHeaders); got != "" {
		t.Errorf("a extra headers = %q, want none", got)
	}
	if got := text(res.Rules[1], ChangeAnonymousSubject); !strings.Contains(got, "X-User-Id: guest") {
		t.Errorf("b anonymous subject = %q", got)
	}
	if got := text(res.Rules[3], ChangeAnonymousSubject); !strings.Contains(got, "X-User-Id: guest") {
		t.Errorf("d anonymous subject = %q", got)
	}
	for i, r := range res.Rules {
		if got := text(r, ChangeHeadersStripped); !strings.Contains(got, "X-Email, X-User-Id") {
			t.Errorf("rule %d stripped = %q", i, got)
		}
	}
}

func TestNoHeaderMutatorsMeansTheDefaultIdentityHeaders(t *testing.T) {
	res := convert(t, ruleYAML("", "", "", "", ""), Options{})
	if res.Routes.IdentityHeaders != nil {
		t.Fatalf("identity_headers = %v", res.Routes.IdentityHeaders)
	}
	var extra string
	for _, c := range res.Rules[0].Changes {
		if c.Code == ChangeExtraHeaders {
			extra = c.Text
		}
	}
	if !strings.Contains(extra, "X-User-Id (sub)") || !strings.Contains(extra, "X-User-Roles (realm_access.roles)") {
		t.Fatalf("extra headers change = %q", extra)
	}
}

func TestDuplicateRoutesAreDisabledNotDropped(t *testing.T) {
	rules := ruleSet(rule{url: "http://h/api/<**>"}, rule{url: "http://h/api", authn: "[{handler: noop}]"})
	res := convert(t, rules, Options{})
	if len(res.Routes.Routes) != 2 || res.Routes.Routes[0].Name != "r" || res.Routes.Routes[1].Name != "r-2" {
		t.Fatalf("routes = %+v", res.Routes.Routes)
	}
	if rep := res.Rules[1]; rep.Outcome != OutcomeDisabled || !slices.Equal(gapCodes(rep), []GapCode{GapRouteFile}) || res.Rules[0].Outcome != OutcomeImported {
		t.Fatalf("reports = %+v", res.Rules)
	}
}

func TestFixtures(t *testing.T) {
	cfg, err := LoadConfig("testdata/oathkeeper.yml")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := LoadRules("testdata/rules.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(rules, Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	data, err := routes.Marshal(res.Routes)
	if err != nil {
		t.Fatal(err)
	}
	// The output runs on its own: the issuer came from the config.
	if _, err := routes.Check("routes.yaml", data, routes.ValidateStandalone); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	want := map[string]Outcome{
		"api": OutcomeImported, "feed": OutcomeImported, "app": OutcomeImported, "health": OutcomeImported, "docs": OutcomeImported,
		"admin": OutcomeDisabled, "introspected": OutcomeSkipped, "by-id": OutcomeSkipped,
	}
	for _, r := range res.Rules {
		if r.Outcome != want[r.ID] {
			t.Errorf("%s: %s, want %s: %+v", r.ID, r.Outcome, want[r.ID], r)
		}
	}
	byName := map[string]routes.Route{}
	for _, r := range res.Routes.Routes {
		byName[r.Name] = r
	}
	if r := byName["api"]; r.Auth != routes.AuthRequired || r.Path != "/api" || r.Host != "127.0.0.1:4455" || !r.StripPrefix {
		t.Errorf("api = %+v", r)
	}
	if r := byName["feed"]; r.Auth != routes.AuthOptional {
		t.Errorf("feed = %+v", r)
	}
	if r := byName["health"]; r.Auth != routes.AuthPublic || r.Path != "/health" {
		t.Errorf("health = %+v", r)
	}
	// The global header mutator config applies to every header mutator.
	if got := routes.EffectiveRouteHeaders(res.Routes, byName["api"]); got["X-User-Id"] != "sub" || got["X-User-Email"] != "email" {
		t.Errorf("api headers = %v", got)
	}
	lines := strings.Join(res.Lines(), "\n")
	for _, want := range []string{"rule admin: disabled", "Keto", "required_scope", "id_token", "X-User-Id: guest", "the hydrator mutator", "8 rules: 5 imported, 1 imported disabled, 2 skipped"} {
		if !strings.Contains(lines, want) {
			t.Errorf("report lacks %q:\n%s", want, lines)
		}
	}

	yrules, err := LoadRules("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yres, err := Convert(yrules, Options{MatchingStrategy: StrategyRegexp, Issuer: "http://127.0.0.1:8180/realms/demo"})
	if err != nil {
		t.Fatal(err)
	}
	if len(yres.Routes.Routes) != 2 || yres.Routes.Routes[0].Name != "orders" || yres.Routes.Routes[0].Host != "shop.example.com" ||
		yres.Routes.Routes[1].Path != "/catalog" || yres.Routes.Routes[1].Auth != routes.AuthOptional || yres.Routes.Routes[1].Host != "" {
		t.Fatalf("rules.yaml routes = %+v", yres.Routes.Routes)
	}
}
