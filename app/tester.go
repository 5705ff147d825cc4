package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
)

// TesterService is what the Tester screen calls. Thin: the rules live in
// backend/tester. Requests go through the tester's own embedded proxy (a free
// loopback port, started on first use), never through the Proxy screen's, so
// tests do not show up in the live log and always see the saved route file.
type TesterService struct {
	keycloakBase
	saver  FileSaver
	tester *tester.Tester
	// cases is nil when the database could not be opened.
	cases tester.CaseRepo

	mu        sync.Mutex
	lastSuite *tester.SuiteResult
}

// NewTesterService binds the route tester t to the session's active
// profile. t is built by the composition root with TesterOptions; cases
// holds the saved cases (the database's tester_cases table), nil when the
// database could not be opened.
func NewTesterService(session *Session, life *Lifecycle, saver FileSaver, t *tester.Tester, cases tester.CaseRepo) *TesterService {
	s := &TesterService{
		keycloakBase: newKeycloakBase(session, life),
		saver:        saver,
		tester:       t,
		cases:        cases,
	}
	// Another profile's proxies are useless: stop them at once.
	session.OnSwitch(func(profile.Profile) { s.stopProxies() })
	// The tester's proxies and echo server end with the app.
	life.stopWith(func(ctx context.Context) { _ = s.tester.Close(ctx) })
	return s
}

// TesterOptions tie a tester to the session: before any request that could
// change data upstream it asks the active profile, as stored now, whether
// it is read-only, and its proxies sign browsers in with that profile.
func TesterOptions(session *Session, life *Lifecycle) []tester.Option {
	readOnly := tester.WithReadOnly(func(ctx context.Context) (bool, error) {
		p, err := session.Profile(ctx)
		return p.ReadOnly, err
	})
	return []tester.Option{readOnly, testerSessions(session, life)}
}

// testerSessions lets the tester's proxies sign browsers in (the session
// identity and the matrix's session rows) with the active profile's client
// secret and a cookie key of the tester's own.
func testerSessions(session *Session, life *Lifecycle) tester.Option {
	start, err := tester.SessionProxies(func(cfg routes.Config) (string, error) {
		ctx := life.context()
		p, err := session.Profile(ctx)
		if err != nil {
			return "", err
		}
		return session.Profiles().LoginClientSecret(ctx, p, cfg, os.Getenv)
	})
	if err != nil {
		return func(*tester.Tester) {} // no key: the tester's proxies sign in nobody
	}
	return tester.WithSessions(start)
}

func (s *TesterService) stopProxies() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.tester.Close(ctx)
}

// TesterRoute is a route as the tester's picker shows it.
type TesterRoute struct {
	Name     string   `json:"name"`
	Path     string   `json:"path"`
	Methods  []string `json:"methods"`
	Host     string   `json:"host"`
	Auth     string   `json:"auth"`
	Roles    []string `json:"roles"`
	Upstream string   `json:"upstream"`
	Disabled bool     `json:"disabled"`
}

// TesterHints prefill the identity fields. They are only given for the Local
// profile, whose demo users and secret are published in the README.
type TesterHints struct {
	ValidUser       string `json:"validUser"`
	ValidPassword   string `json:"validPassword"`
	LackingUser     string `json:"lackingUser"`
	LackingPassword string `json:"lackingPassword"`
	ServiceClient   string `json:"serviceClient"`
	ServiceSecret   string `json:"serviceSecret"`
}

// TesterSetup is everything the screen needs to open with sensible defaults.
type TesterSetup struct {
	Profile      string               `json:"profile"`
	ProfileKind  string               `json:"profileKind"`
	ReadOnly     bool                 `json:"readOnly"`
	Issuer       string               `json:"issuer"`
	Realm        string               `json:"realm"`
	Routes       []TesterRoute        `json:"routes"`
	DefaultRoute string               `json:"defaultRoute"`
	Client       string               `json:"client"`
	Hints        *TesterHints         `json:"hints"`
	Variants     []tester.VariantInfo `json:"variants"`
	// IdentityHeaders is every header name the proxy may inject (and strips).
	IdentityHeaders []string `json:"identityHeaders"`
}

// Setup describes the active profile's routes and the defaults: the first
// route that requires a role (the one a matrix says most about), else the
// first route; client "web"; demo users for the Local profile.
func (s *TesterService) Setup() (TesterSetup, error) {
	p, cfg, err := s.session.RunnableRoutes(s.appCtx())
	if err != nil {
		return TesterSetup{}, toUI(err)
	}
	realm, _ := tester.RealmOf(cfg.Issuer)
	out := TesterSetup{Profile: p.Name, ProfileKind: string(p.Kind), ReadOnly: p.ReadOnly, Issuer: cfg.Issuer, Realm: realm,
		Routes: []TesterRoute{}, Client: "web", Variants: tester.Variants, IdentityHeaders: tester.InjectableHeaders(cfg)}
	for _, r := range cfg.Routes {
		auth := r.Auth
		if auth == "" {
			auth = routes.AuthRequired
		}
		out.Routes = append(out.Routes, TesterRoute{Name: r.Name, Path: r.Path, Methods: r.Methods, Host: r.Host, Auth: string(auth),
			Roles: r.Roles, Upstream: r.Upstream, Disabled: r.Disabled})
		if out.DefaultRoute == "" && !r.Disabled && auth == routes.AuthRequired && len(r.Roles) > 0 {
			out.DefaultRoute = r.Name
		}
	}
	if out.DefaultRoute == "" && len(cfg.Routes) > 0 {
		out.DefaultRoute = cfg.Routes[0].Name
	}
	if p.Kind == profile.KindLocal && p.Name == profile.LocalName {
		out.Hints = &TesterHints{ValidUser: "alice", ValidPassword: "alice", LackingUser: "bob", LackingPassword: "bob",
			ServiceClient: "tandem-service", ServiceSecret: "demo-service-secret"}
	}
	return emptyLists(out), nil
}

// SendInput is one request and the identity to send it as.
type SendInput struct {
	Request  tester.Request  `json:"request"`
	Identity tester.Identity `json:"identity"`
}

// Send fires one request through the tester's proxy and reports the trace,
// the response, what the upstream received and whether it matches the
// route's promise.
func (s *TesterService) Send(in SendInput) (tester.Result, error) {
	ctx, cancel := context.WithTimeout(s.appCtx(), 60*time.Second)
	defer cancel()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return tester.Result{}, toUI(err)
	}
	res, err := s.tester.Send(ctx, cfg, in.Request, in.Identity)
	return res, toUI(err)
}

// Matrix runs the five standard identities against a route.
func (s *TesterService) Matrix(in tester.MatrixInput) (tester.MatrixResult, error) {
	ctx, cancel := context.WithTimeout(s.appCtx(), 2*time.Minute)
	defer cancel()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return tester.MatrixResult{}, toUI(err)
	}
	m, err := s.tester.Matrix(ctx, cfg, in)
	return m, toUI(err)
}

// DecodeToken takes a pasted token apart WITHOUT verifying it.
func (s *TesterService) DecodeToken(token string) (tester.DecodedToken, error) {
	token = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(token), "Bearer "))
	d, err := tester.Decode(token, time.Now())
	return emptyLists(d), toUI(err)
}

// Reach says who can reach a route and pages through the role holders. An
// empty member list is [] (the panel reads its length), never null.
func (s *TesterService) Reach(route string, first, max int) (tester.Reach, error) {
	reach, err := s.reach(route, first, max)
	return emptyLists(reach), err
}

func (s *TesterService) reach(route string, first, max int) (tester.Reach, error) {
	ctx, cancel := context.WithTimeout(s.appCtx(), time.Minute)
	defer cancel()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return tester.Reach{}, toUI(err)
	}
	r, err := tester.FindRoute(cfg, route)
	if err != nil {
		return tester.Reach{}, toUI(err)
	}
	var dir tester.Directory
	if r.Auth == routes.AuthRequired || r.Auth == "" {
		c, err := s.session.Keycloak(ctx)
		if err != nil {
			return tester.Reach{}, toUI(err)
		}
		dir = keycloakDirectory{c: c}
		reach, err := tester.WhoCanReach(ctx, dir, cfg, route, first, max)
		if err != nil {
			return tester.Reach{}, keycloakUIError(err, c.BaseURL())
		}
		return reach, nil
	}
	reach, err := tester.WhoCanReach(ctx, nil, cfg, route, first, max)
	return reach, toUI(err)
}

// LintResult is the claim lint of a route, decided from a real token.
type LintResult struct {
	Findings []tester.Finding `json:"findings"`
	// DecidedFrom says which token was inspected: "alice's token from client web".
	DecidedFrom string `json:"decidedFrom"`
	// MappersKnown is false when the client's protocol mappers could not be
	// read (the advice then names generic mapper types).
	MappersKnown bool   `json:"mappersKnown"`
	MappersError string `json:"mappersError,omitempty"`
	// Claims are the inspected token's claims, so a fix's effect can be seen.
	Claims map[string]any `json:"claims"`
}

// Lint obtains a real token for the identity and lists the claims the
// route's identity headers and roles need that it does not carry, naming the
// client scope or protocol mapper that would add each.
func (s *TesterService) Lint(route string, identity tester.Identity) (LintResult, error) {
	ctx, cancel := context.WithTimeout(s.appCtx(), time.Minute)
	defer cancel()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return LintResult{}, toUI(err)
	}
	r, err := tester.FindRoute(cfg, route)
	if err != nil {
		return LintResult{}, toUI(err)
	}
	if identity.Kind != tester.KindPassword && identity.Kind != tester.KindClient && identity.Kind != tester.KindToken {
		return LintResult{}, toUI(fmt.Errorf("%w: the claim check needs a user, a service account or a pasted token", tester.ErrMissingInput))
	}
	identity.Variant, identity.SpoofHeaders = tester.VariantNone, false
	// The claim check logs the user in once; end that session when done so
	// checks do not pile up sessions on the user.
	tokens := tester.NewTokenSource(cfg.Issuer)
	defer func() { _ = tokens.EndSessions(ctx) }()
	cred, err := tokens.Resolve(ctx, identity, nil, time.Now())
	if err != nil {
		return LintResult{}, toUI(err)
	}
	d, err := tester.Decode(cred.Token, time.Now())
	if err != nil {
		return LintResult{}, toUI(err)
	}
	client := identity.ClientID
	if client == "" {
		client, _ = d.Claims["azp"].(string)
	}
	if client == "" && identity.Kind == tester.KindPassword {
		client = "web"
	}
	sample := tester.TokenSample{Client: client, User: d.Username, Claims: d.Claims}
	if sample.User == "" {
		sample.User = d.Subject
	}
	out := LintResult{DecidedFrom: fmt.Sprintf("%s's token from client %s", sample.User, client), Claims: d.Claims}
	if realm, ok := tester.RealmOf(d.Issuer); ok && client != "" {
		if c, err := s.session.Keycloak(ctx); err == nil {
			mappers, err := c.ClientProtocolMappers(ctx, realm, client)
			if err == nil {
				out.MappersKnown = true
				for _, m := range mappers {
					sample.Mappers = append(sample.Mappers, tester.ClientMapper{Name: m.Name, Type: m.Mapper, Scope: m.Scope, Claim: m.Claim, AccessToken: m.AccessToken})
				}
			} else {
				out.MappersError = keycloakUIError(err, c.BaseURL()).Error()
			}
		}
	}
	out.Findings = tester.LintClaims(cfg, r, sample)
	if out.Findings == nil {
		out.Findings = []tester.Finding{}
	}
	return out, nil
}
