package oathkeeper

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// Options steer a conversion.
type Options struct {
	// Config is Oathkeeper's own configuration, when given: the matching
	// strategy, the jwt issuer and the global handler configs.
	Config *Config
	// Issuer, when set, is the issuer of the route file, whatever the
	// Oathkeeper config trusts.
	Issuer string
	// MatchingStrategy overrides the config's (glob or regexp).
	MatchingStrategy string
}

// Result is a converted rule set: a route file that validates, the account
// of every rule, and notes about the file as a whole.
type Result struct {
	Routes routes.Config `json:"routes"`
	Rules  []RuleReport  `json:"rules"`
	Notes  []string      `json:"notes"`
}

// identityAuthenticators verify who the caller is; anonymous and noop let
// everyone through.
var identityAuthenticators = map[string]bool{"jwt": true, "cookie_session": true}

// authenticatorGaps says why an authenticator has no Tandem equivalent.
var authenticatorGaps = map[string]string{
	"oauth2_introspection":      "asks the authorization server about every token (RFC 7662); Tandem verifies signed JWTs locally and never calls the IdP per request",
	"oauth2_client_credentials": "trades Basic client credentials for a token on every request; Tandem accepts bearer tokens, which a client gets from Keycloak with its client credentials",
	"bearer_token":              "checks a session token with a session-check URL (Kratos); Tandem accepts only JWTs signed by its issuer",
	"unauthorized":              "refuses every request; Tandem has no such route: leave the path out (Tandem answers 404) or keep the route disabled",
}

// authorizerGaps says why an authorizer has no Tandem equivalent.
var authorizerGaps = map[string]string{
	"deny":                "refuses every request; Tandem has no such route: leave the path out (Tandem answers 404) or keep the route disabled",
	"remote_json":         "asks a remote service (often Keto) on every request; Tandem's only per-route check is required roles: model the permission as a realm or client role",
	"remote":              "asks a remote service on every request; Tandem's only per-route check is required roles: model the permission as a realm or client role",
	"keto_engine_acp_ory": "asks Keto's ACP engine on every request; Tandem's only per-route check is required roles: model the permission as a realm or client role",
}

// mutatorGaps says why a mutator has no Tandem equivalent.
var mutatorGaps = map[string]string{
	"id_token": "sends the upstream a JWT that Oathkeeper signs; Tandem sends identity headers from the verified token",
	"cookie":   "sets cookies from templates; Tandem sets headers only",
}

// Convert maps access rules to a route file. It fails only when the file
// as a whole cannot be written (an invalid issuer); a rule that cannot be
// mapped is skipped or disabled and its report says why.
func Convert(rules []Rule, opts Options) (Result, error) {
	cfg := opts.Config
	if cfg == nil {
		cfg = &Config{}
	}
	strategy := opts.MatchingStrategy
	if strategy == "" {
		strategy = cfg.MatchingStrategy
	}
	var res Result
	switch strategy {
	case StrategyGlob, StrategyRegexp:
	case "":
		res.Notes = append(res.Notes, "matching strategy unknown (no access_rules.matching_strategy): <**> is read as glob, <.*> and <.+> as regexp")
	default:
		return Result{}, fmt.Errorf("matching strategy %q is neither glob nor regexp", strategy)
	}
	issuer, note := chooseIssuer(rules, cfg, opts.Issuer)
	res.Notes = append(res.Notes, note)
	out := routes.Config{Version: routes.Version, Issuer: issuer, Audiences: cfg.JWT.TargetAudience}

	c := converter{cfg: cfg, strategy: strategy, issuer: issuer, names: map[string]bool{}}
	var built []*built
	for i, r := range rules {
		b := c.rule(i, r)
		res.Rules = append(res.Rules, b.report)
		built = append(built, b)
	}
	assignHeaders(&out, built)
	for _, b := range built {
		if b.route != nil {
			out.Routes = append(out.Routes, *b.route)
		}
	}
	if err := settle(&out, built); err != nil {
		return Result{}, err
	}
	for i, b := range built {
		res.Rules[i] = b.report
	}
	res.Routes = out
	return res, nil
}

// chooseIssuer picks the route file's issuer and says where it came from.
func chooseIssuer(rules []Rule, cfg *Config, given string) (string, string) {
	if given != "" {
		return given, "issuer " + given + " (given)"
	}
	switch len(cfg.JWT.TrustedIssuers) {
	case 1:
		return cfg.JWT.TrustedIssuers[0], "issuer " + cfg.JWT.TrustedIssuers[0] + " (from authenticators.jwt.config.trusted_issuers)"
	case 0:
	default:
		return "", fmt.Sprintf("no issuer: Oathkeeper trusts %d issuers (%s) and a Tandem route file trusts one; give it", len(cfg.JWT.TrustedIssuers), quoteList(cfg.JWT.TrustedIssuers))
	}
	if len(cfg.JWT.JWKSURLs) == 1 {
		if iss := issuerFromJWKS(cfg.JWT.JWKSURLs[0]); iss != "" {
			return iss, "issuer " + iss + " (derived from authenticators.jwt.config.jwks_urls, a Keycloak realm's certs URL)"
		}
	}
	// The rules' own jwt configs, when they all agree.
	seen := map[string]bool{}
	for _, r := range rules {
		for _, h := range r.Authenticators {
			if h.Handler != "jwt" {
				continue
			}
			jc := jwtConfig(h.Config)
			for _, iss := range jc.TrustedIssuers {
				seen[iss] = true
			}
			if len(jc.TrustedIssuers) == 0 {
				for _, u := range jc.JWKSURLs {
					if iss := issuerFromJWKS(u); iss != "" {
						seen[iss] = true
					}
				}
			}
		}
	}
	if len(seen) == 1 {
		for iss := range seen {
			return iss, "issuer " + iss + " (from the rules' jwt authenticator config)"
		}
	}
	return "", "no issuer: the file runs under a profile, which supplies its realm's issuer; give one to run it on its own"
}

type converter struct {
	cfg      *Config
	strategy string
	issuer   string
	names    map[string]bool
}

// built is a rule on its way to a route.
type built struct {
	report  RuleReport
	route   *routes.Route
	headers map[string]string // the rule's own header → claim path
	// subjectHeaders are headers that carried .Subject, for the anonymous
	// subject change.
	subjectHeaders []string
	anonymous      bool // the chain ends in the anonymous authenticator
}

func (c *converter) rule(i int, r Rule) *built {
	b := &built{report: RuleReport{ID: r.ID, Mapped: []string{}, Gaps: []Gap{}, Changes: []Change{}, Notes: []string{}, SetHeaders: []string{}}}
	rep := &b.report
	if rep.ID == "" {
		rep.ID = fmt.Sprintf("#%d", i+1)
	}
	if r.Match.FullMethod != "" || r.Match.Authority != "" {
		rep.gap(GapGRPC, "match", "a gRPC rule (authority, full_method); Tandem routes HTTP paths")
		rep.Outcome = OutcomeSkipped
		return b
	}
	um, g := translateURL(r.Match.URL, c.strategy)
	if g != nil {
		rep.Gaps = append(rep.Gaps, *g)
	} else {
		rep.Mapped = append(rep.Mapped, um.mapped)
	}
	methods := methodsOf(r.Match.Methods)
	if len(methods) == 0 {
		rep.gap(GapMethods, "match.methods", "empty: Oathkeeper matches no request with this rule")
	}
	auth, ok := c.authMode(r, b)
	if r.Upstream.URL == "" {
		rep.gap(GapUpstream, "upstream.url", "empty: nothing to forward to")
	}
	if g != nil || len(methods) == 0 || !ok || r.Upstream.URL == "" {
		rep.Outcome = OutcomeSkipped
		return b
	}

	route := &routes.Route{
		Name: c.routeName(r.ID, i), Path: um.path, Host: um.host, Methods: methods,
		Upstream: r.Upstream.URL, Auth: auth,
	}
	rep.Mapped = append(rep.Mapped, "match.methods → methods "+strings.Join(methods, ", "), "upstream.url → upstream "+r.Upstream.URL)
	rep.Changes = append(rep.Changes, um.changes...)
	c.authorizer(r, rep)
	c.mutators(r, b, auth)
	c.errorHandlers(r, rep)
	switch sp := r.Upstream.StripPath; {
	case sp == "":
	case trimSlash(sp) == route.Path && route.Path != "/":
		route.StripPrefix = true
		rep.Mapped = append(rep.Mapped, "upstream.strip_path "+sp+" → strip_prefix")
	default:
		rep.gap(GapStripPath, "upstream.strip_path", "%q is not the matched prefix %s; Tandem strips only the route's own prefix", sp, route.Path)
	}
	if r.Upstream.PreserveHost {
		rep.change(ChangePreserveHost, "preserve_host: the upstream gets its own host in Host and the client's in X-Forwarded-Host")
	}
	b.route = route
	rep.Route = route.Name
	return b
}

func methodsOf(in []string) []string {
	var out []string
	for _, m := range in {
		m = strings.ToUpper(strings.TrimSpace(m))
		if m != "" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// routeName is the rule id, made unique.
func (c *converter) routeName(id string, i int) string {
	name := strings.TrimSpace(id)
	if name == "" {
		name = fmt.Sprintf("rule-%d", i+1)
	}
	base := name
	for n := 2; c.names[name]; n++ {
		name = fmt.Sprintf("%s-%d", base, n)
	}
	c.names[name] = true
	return name
}

// authMode maps the authenticator chain by what it lets through.
func (c *converter) authMode(r Rule, b *built) (routes.Auth, bool) {
	rep := &b.report
	var names []string
	for _, h := range r.Authenticators {
		names = append(names, h.Handler)
	}
	chain := strings.Join(names, ", ")
	if len(names) == 0 {
		rep.gap(GapAuthenticator, "authenticators", "none: Oathkeeper refuses every request on this rule")
		return "", false
	}
	for _, n := range names {
		if reason, known := authenticatorGaps[n]; known {
			rep.gap(GapAuthenticator, "authenticators", "%s %s", n, reason)
			return "", false
		}
		if !identityAuthenticators[n] && n != "anonymous" && n != "noop" {
			rep.gap(GapAuthenticator, "authenticators", "%q is not an authenticator Tandem knows", n)
			return "", false
		}
	}
	if names[0] == "noop" {
		// noop lets every request through, so Oathkeeper never reaches the
		// authenticators after it.
		rep.Mapped = append(rep.Mapped, fmt.Sprintf("authenticators %s → auth public (noop lets everything through first)", chain))
		return routes.AuthPublic, true
	}
	last := names[len(names)-1]
	identities := names
	if last == "anonymous" || last == "noop" {
		identities = names[:len(names)-1]
	}
	for _, n := range identities {
		if !identityAuthenticators[n] {
			rep.gap(GapAuthenticator, "authenticators", "%s before other authenticators: only a last anonymous or noop has a Tandem equivalent", n)
			return "", false
		}
	}
	var mode routes.Auth
	switch {
	case len(identities) == 0:
		mode = routes.AuthPublic
	case len(identities) < len(names):
		mode = routes.AuthOptional
	default:
		mode = routes.AuthRequired
	}
	rep.Mapped = append(rep.Mapped, fmt.Sprintf("authenticators %s → auth %s", chain, mode))
	b.anonymous = last == "anonymous"
	if mode == routes.AuthPublic && last == "anonymous" {
		rep.change(ChangeAnonymousToken, "a request carrying a token: Oathkeeper's anonymous authenticator answered 401; the Tandem public route forwards it and ignores the token")
	}
	if slices.Contains(identities, "cookie_session") {
		rep.change(ChangeSessionSource, "cookie_session asked Kratos about its session cookie; Tandem accepts a bearer token or its own sign-in session cookie (route file login)")
		if mode == routes.AuthOptional {
			rep.change(ChangeStaleCookie, "a stale or revoked session cookie: Oathkeeper answered 401; the Tandem optional route forwards the request anonymously and clears the cookie")
		}
	}
	if slices.Contains(identities, "jwt") {
		c.jwtSettings(r, rep)
	}
	return mode, true
}

// jwtSettings reports jwt authenticator settings a route cannot carry.
func (c *converter) jwtSettings(r Rule, rep *RuleReport) {
	jc := c.cfg.JWT
	for _, h := range r.Authenticators {
		if h.Handler == "jwt" {
			jc = jc.merge(jwtConfig(h.Config))
		}
	}
	if len(jc.TrustedIssuers) > 0 && c.issuer != "" && !slices.Contains(jc.TrustedIssuers, c.issuer) {
		rep.gap(GapJWTConfig, "jwt.trusted_issuers", "trusts %s, not the file's issuer %s; a route file has one issuer", quoteList(jc.TrustedIssuers), c.issuer)
	} else if len(jc.TrustedIssuers) > 1 {
		rep.change(ChangeIssuers, "Oathkeeper trusted %s; Tandem trusts only %s", quoteList(jc.TrustedIssuers), c.issuer)
	}
	if c.issuer != "" {
		for _, u := range jc.JWKSURLs {
			// Only a Keycloak certs URL tells whose keys it serves.
			if iss := issuerFromJWKS(u); iss != "" && iss != c.issuer {
				rep.gap(GapJWTConfig, "jwt.jwks_urls", "keys from %s, which is not the file's issuer's; a route file has one issuer", u)
			}
		}
	}
	if len(jc.RequiredScope) > 0 {
		rep.gap(GapJWTConfig, "jwt.required_scope", "requires scopes %s; Tandem checks realm and client roles, not scopes: require a role that stands for them", quoteList(jc.RequiredScope))
	}
	if !slices.Equal(jc.TargetAudience, c.cfg.JWT.TargetAudience) {
		rep.gap(GapJWTConfig, "jwt.target_audience", "audiences %s differ from the file's (%s); audiences are set per file", quoteList(jc.TargetAudience), quoteList(c.cfg.JWT.TargetAudience))
	}
	if len(jc.TokenFrom) > 0 {
		rep.gap(GapJWTConfig, "jwt.token_from", "reads the token from %s; Tandem reads it from the Authorization header only", quoteList(slices.Sorted(maps.Keys(jc.TokenFrom))))
	}
}

func (c *converter) authorizer(r Rule, rep *RuleReport) {
	switch {
	case r.Authorizer == nil || r.Authorizer.Handler == "":
		rep.gap(GapAuthorizer, "authorizer", "none: Oathkeeper refuses a rule without an authorizer")
	case r.Authorizer.Handler == "allow":
		rep.Mapped = append(rep.Mapped, "authorizer allow → no role check")
	default:
		if reason, known := authorizerGaps[r.Authorizer.Handler]; known {
			rep.gap(GapAuthorizer, "authorizer", "%s %s", r.Authorizer.Handler, reason)
		} else {
			rep.gap(GapAuthorizer, "authorizer", "%q is not an authorizer Tandem knows", r.Authorizer.Handler)
		}
	}
}

func (c *converter) mutators(r Rule, b *built, auth routes.Auth) {
	rep := &b.report
	hydrated := false
	for _, m := range r.Mutators {
		switch m.Handler {
		case "noop":
		case "hydrator":
			hydrated = true
			rep.Notes = append(rep.Notes, "the hydrator mutator: Tandem calls no service per request, the claim goes straight into the header; give the hydrated value to Keycloak as a token claim (a protocol mapper) and name that claim in the route's headers")
		case "header":
			c.headerMutator(m, b, auth, hydrated)
		default:
			if reason, known := mutatorGaps[m.Handler]; known {
				rep.gap(GapMutator, "mutators", "%s %s", m.Handler, reason)
			} else {
				rep.gap(GapMutator, "mutators", "%q is not a mutator Tandem knows", m.Handler)
			}
		}
	}
}

func (c *converter) headerMutator(m Handler, b *built, auth routes.Auth, hydrated bool) {
	rep := &b.report
	headers := map[string]string{}
	maps.Copy(headers, c.cfg.HeaderMutator)
	if h, ok := m.Config["headers"].(map[string]any); ok {
		for k, v := range h {
			s, _ := v.(string)
			headers[k] = s
		}
	}
	if b.headers == nil {
		b.headers = map[string]string{}
	}
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		if sent := routes.SentHeaderName(name); !slices.Contains(rep.SetHeaders, sent) {
			rep.SetHeaders = append(rep.SetHeaders, sent)
		}
	}
	if auth == routes.AuthPublic {
		// A public route never sends identity headers: the only thing left
		// to say is what Oathkeeper's anonymous subject used to send.
		rep.Notes = append(rep.Notes, "the header mutator: a Tandem public route sends no identity headers")
		if b.anonymous {
			for _, name := range slices.Sorted(maps.Keys(headers)) {
				if claimPath(headers[name]) == "sub" {
					b.subjectHeaders = append(b.subjectHeaders, routes.SentHeaderName(name))
				}
			}
			c.anonymousSubject(b)
		}
		return
	}
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		tmpl := headers[name]
		claim := claimPath(tmpl)
		switch {
		case claim == "":
			rep.gap(GapHeaderTemplate, "mutators.header."+name, "template %q is not one session value ({{ print .Subject }} or {{ print .Extra.x.y }})", tmpl)
			continue
		case routes.IsReservedHeader(name):
			rep.gap(GapHeaderName, "mutators.header."+name, "Tandem never lets a claim set %s", name)
			continue
		}
		if _, err := routes.ParseClaimPath(claim); err != nil {
			rep.gap(GapHeaderTemplate, "mutators.header."+name, "%q is not a claim path", claim)
			continue
		}
		sent := routes.SentHeaderName(name)
		b.headers[sent] = claim
		rep.Mapped = append(rep.Mapped, fmt.Sprintf("header %s %s → claim %s", name, tmpl, claim))
		if claim == "sub" {
			b.subjectHeaders = append(b.subjectHeaders, sent)
		} else if hydrated {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s read %s, which the hydrator may have added: the token must carry the claim %s", sent, tmpl, claim))
		}
		if slices.ContainsFunc(b.report.Changes, func(ch Change) bool { return ch.Code == ChangeSessionSource }) && claim != "sub" {
			rep.change(ChangeSessionClaims, "%s: .Extra under cookie_session was Kratos's session; Tandem reads the access token's claim %s", sent, claim)
		}
	}
	if b.anonymous {
		c.anonymousSubject(b)
	}
}

// anonymousSubject reports the headers Oathkeeper filled with the anonymous
// subject, which Tandem leaves out.
func (c *converter) anonymousSubject(b *built) {
	subject := c.cfg.AnonymousSubject
	if subject == "" {
		subject = "anonymous"
	}
	for _, h := range b.subjectHeaders {
		b.report.change(ChangeAnonymousSubject, "without a token Oathkeeper sent %s: %s (the anonymous subject); Tandem sends no %s", h, subject, h)
	}
}

func (c *converter) errorHandlers(r Rule, rep *RuleReport) {
	for _, e := range r.Errors {
		switch e.Handler {
		case "json":
		case "redirect":
			to, _ := e.Config["to"].(string)
			rep.change(ChangeErrorHandlers, "errors redirect (to %s): Tandem answers 401/403 as JSON; browser sign-in (login) redirects to Keycloak instead", to)
		case "www_authenticate":
			rep.change(ChangeErrorHandlers, "errors www_authenticate: Tandem's 401 carries WWW-Authenticate: Bearer realm=\"tandem\" (no Basic prompt)")
		default:
			rep.change(ChangeErrorHandlers, "errors %s: Tandem answers errors as JSON", e.Handler)
		}
	}
}

// assignHeaders puts the header → claim pairs most rules share into the
// file's identity headers and the rest into route headers, then reports
// per route what it sends that its rule did not, and what is stripped.
func assignHeaders(cfg *routes.Config, bs []*built) {
	// A public route injects nothing, so its rule's headers have no say.
	injects := func(b *built) bool { return b.route != nil && b.route.Auth != routes.AuthPublic }
	votes := map[string]map[string]int{}
	for _, b := range bs {
		if !injects(b) {
			continue
		}
		for h, claim := range b.headers {
			if votes[h] == nil {
				votes[h] = map[string]int{}
			}
			votes[h][claim]++
		}
	}
	if len(votes) > 0 {
		cfg.IdentityHeaders = map[string]string{}
		for h, counts := range votes {
			claims := slices.Sorted(maps.Keys(counts))
			sort.SliceStable(claims, func(i, j int) bool { return counts[claims[i]] > counts[claims[j]] })
			cfg.IdentityHeaders[h] = claims[0]
		}
	}
	for _, b := range bs {
		if !injects(b) {
			continue
		}
		for h, claim := range b.headers {
			if cfg.IdentityHeaders[h] != claim {
				if b.route.Headers == nil {
					b.route.Headers = map[string]string{}
				}
				b.route.Headers[h] = claim
			}
		}
	}
	owned := map[string]bool{}
	for _, b := range bs {
		if b.route != nil {
			for h := range routes.EffectiveRouteHeaders(*cfg, *b.route) {
				owned[h] = true
			}
		}
	}
	names := slices.Sorted(maps.Keys(owned))
	for _, b := range bs {
		if b.route == nil {
			continue
		}
		if b.route.Auth != routes.AuthPublic {
			eff := routes.EffectiveRouteHeaders(*cfg, *b.route)
			var extra []string
			for _, h := range slices.Sorted(maps.Keys(eff)) {
				if _, own := b.headers[h]; !own {
					extra = append(extra, h+" ("+eff[h]+")")
				}
			}
			if len(extra) > 0 {
				b.report.change(ChangeExtraHeaders, "with an identity, the upstream also gets %s, which this rule's mutators did not set", strings.Join(extra, ", "))
			}
		}
		if len(names) > 0 {
			b.report.change(ChangeHeadersStripped, "client-sent %s are removed before the upstream; Oathkeeper passed client-sent headers through", strings.Join(names, ", "))
		}
	}
}

// settle validates the file and turns every route the file would refuse
// into a reported gap. A refused route is disabled first (which settles a
// duplicate: disabled routes match nothing); one still refused is left
// out. Routes with gaps are disabled.
func settle(cfg *routes.Config, bs []*built) error {
	byName := map[string]*built{}
	for _, b := range bs {
		if b.route != nil {
			byName[b.route.Name] = b
		}
	}
	sync := func() {
		cfg.Routes = cfg.Routes[:0]
		for _, b := range bs {
			if b.route == nil {
				continue
			}
			b.route.Disabled = len(b.report.Gaps) > 0
			cfg.Routes = append(cfg.Routes, *b.route)
		}
	}
	sync()
	for range len(bs) + 1 {
		err := routes.Validate(*cfg)
		if err == nil {
			break
		}
		var ve *routes.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		for _, p := range ve.Problems {
			b := byName[p.Route]
			if b == nil {
				return fmt.Errorf("route file: %w", err)
			}
			if b.route == nil {
				continue // already left out for an earlier problem
			}
			if b.route.Disabled {
				b.route = nil
				b.report.Route = ""
			}
			b.report.gap(GapRouteFile, p.Field, "%s", p.Message)
		}
		sync()
	}
	if err := routes.Validate(*cfg); err != nil {
		return fmt.Errorf("route file: %w", err)
	}
	for _, b := range bs {
		switch {
		case b.route == nil:
			b.report.Outcome = OutcomeSkipped
		case b.route.Disabled:
			b.report.Outcome = OutcomeDisabled
		default:
			b.report.Outcome = OutcomeImported
		}
	}
	return nil
}
