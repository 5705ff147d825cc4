package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/ory/kratos"
	"github.com/tandemhq/tandem/backend/ory/oathkeeper"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
)

// MigrateService is what the "From Ory" screen calls: Oathkeeper access
// rules into the active profile's routes, Kratos identities into its
// Keycloak, and the equivalence report of the imported rules. Thin: the
// rules live in backend/ory and backend/tester.
type MigrateService struct {
	keycloakBase
	emitter Emitter
	// routeFiles saves routes the one way every screen does (validation,
	// read-only refusal, a running proxy reloaded).
	routeFiles *RouteService
	// routeTester runs the matrices on its own embedded proxy.
	routeTester *TesterService

	ops operations
}

// NewMigrateService binds the import from Ory for the active profile.
func NewMigrateService(session *Session, life *Lifecycle, emitter Emitter, routeFiles *RouteService, routeTester *TesterService) *MigrateService {
	return &MigrateService{keycloakBase: newKeycloakBase(session, life), emitter: emitter,
		routeFiles: routeFiles, routeTester: routeTester}
}

// RulesInput is an Oathkeeper rules file as text and what steers its
// conversion: Oathkeeper's own config (optional, for the issuer and the
// matching strategy), an issuer that overrides it, a matching strategy.
type RulesInput struct {
	Rules            string `json:"rules"`
	Config           string `json:"config"`
	Issuer           string `json:"issuer"`
	MatchingStrategy string `json:"matchingStrategy"`
}

// RulesPreview is a conversion and what it would make of the active
// profile's routes: Current is the file now, Result the file after the
// import, Problems what would stop it from being saved.
type RulesPreview struct {
	Conversion oathkeeper.Result `json:"conversion"`
	// YAML is the converted route file on its own.
	YAML     string          `json:"yaml"`
	Into     oathkeeper.Into `json:"into"`
	Current  routes.Config   `json:"current"`
	Result   routes.Config   `json:"result"`
	Notes    []string        `json:"notes"`
	Problems []RouteProblem  `json:"problems"`
	Profile  string          `json:"profile"`
	ReadOnly bool            `json:"readOnly"`
}

// convert parses the rules (and config) and converts them.
func convertRules(in RulesInput) (oathkeeper.Result, error) {
	rules, err := oathkeeper.ParseRules([]byte(in.Rules))
	if err != nil {
		return oathkeeper.Result{}, &UIError{Code: CodeInvalidInput, Message: sentence(fmt.Sprintf("the rules file cannot be read: %v.", err))}
	}
	opts := oathkeeper.Options{Issuer: strings.TrimSpace(in.Issuer), MatchingStrategy: in.MatchingStrategy}
	if strings.TrimSpace(in.Config) != "" {
		if opts.Config, err = oathkeeper.ParseConfig([]byte(in.Config)); err != nil {
			return oathkeeper.Result{}, &UIError{Code: CodeInvalidInput, Message: sentence(fmt.Sprintf("Oathkeeper's config cannot be read: %v.", err))}
		}
	}
	res, err := oathkeeper.Convert(rules, opts)
	if err != nil {
		return oathkeeper.Result{}, &UIError{Code: CodeInvalidInput, Message: sentence(err.Error() + ".")}
	}
	return res, nil
}

// placeRules is the one rule by which a preview and an import build the
// profile's new route file.
func placeRules(current routes.Config, res oathkeeper.Result, into oathkeeper.Into) (routes.Config, []string, error) {
	out, notes, err := oathkeeper.Place(current, res.Routes, into)
	if err != nil {
		return routes.Config{}, nil, &UIError{Code: CodeInvalidInput, Message: sentence(err.Error() + ".")}
	}
	return out, notes, nil
}

// PreviewRules converts the rules and shows what importing them into the
// active profile's routes (into: "replace" or "merge", see oathkeeper.Into) would give, without
// saving anything.
func (s *MigrateService) PreviewRules(in RulesInput, into string) (RulesPreview, error) {
	res, err := convertRules(in)
	if err != nil {
		return RulesPreview{}, err
	}
	p, current, err := s.routeFiles.load(s.appCtx())
	if err != nil {
		return RulesPreview{}, toUI(err)
	}
	result, notes, err := placeRules(current, res, oathkeeper.Into(into))
	if err != nil {
		return RulesPreview{}, err
	}
	yaml, err := routes.Marshal(res.Routes)
	if err != nil {
		return RulesPreview{}, toUI(fmt.Errorf("write the converted route file: %w", err))
	}
	out := RulesPreview{Conversion: res, YAML: string(yaml), Into: oathkeeper.Into(into), Current: current, Result: result, Notes: notes,
		Problems: validationResult(routes.Validate(result)).Problems, Profile: p.Name, ReadOnly: p.ReadOnly}
	return emptyLists(out), nil
}

// ImportRules converts the rules and saves them into the active profile's
// routes, replacing them or merging by name. A read-only profile refuses
// (read_only); a file the route rules refuse is not saved (invalid_input,
// every problem listed).
func (s *MigrateService) ImportRules(in RulesInput, into string) (RouteFile, error) {
	res, err := convertRules(in)
	if err != nil {
		return RouteFile{}, err
	}
	return s.routeFiles.update(func(current routes.Config) (routes.Config, error) {
		out, _, err := placeRules(current, res, oathkeeper.Into(into))
		return out, err
	})
}

// EquivalenceInput is the rules that were imported (as for ImportRules) and
// the users the matrix runs as.
type EquivalenceInput struct {
	Rules RulesInput              `json:"rules"`
	Users tester.EquivalenceInput `json:"users"`
}

// Equivalence runs the matrix on the route each rule became, in the active
// profile's routes as saved, through the tester's own proxy and its echo
// upstream, and says per row what Oathkeeper did instead.
func (s *MigrateService) Equivalence(in EquivalenceInput) (tester.EquivalenceReport, error) {
	res, err := convertRules(in.Rules)
	if err != nil {
		return tester.EquivalenceReport{}, err
	}
	ctx, cancel := context.WithTimeout(s.appCtx(), 5*time.Minute)
	defer cancel()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return tester.EquivalenceReport{}, toUI(err)
	}
	rep, err := s.routeTester.tester.Equivalence(ctx, cfg, res.Rules, in.Users)
	return emptyLists(rep), toUI(err)
}

// IdentitiesFile is what the screen shows of an identities export before
// anything is asked of Keycloak.
type IdentitiesFile struct {
	Count        int `json:"count"`
	WithPassword int `json:"withPassword"`
	// Traits are the trait paths the file's identities have, for the
	// mapping's hints ("traits.email", "traits.name.first").
	Traits []string `json:"traits"`
}

// ReadIdentities parses an identities export (what Kratos's admin API
// lists) and summarises it.
func (s *MigrateService) ReadIdentities(text string) (IdentitiesFile, error) {
	ids, err := parseIdentities(text)
	if err != nil {
		return IdentitiesFile{}, err
	}
	out := IdentitiesFile{Count: len(ids), Traits: []string{}}
	seen := map[string]bool{}
	for _, id := range ids {
		if id.HashedPassword() != "" {
			out.WithPassword++
		}
		for _, p := range traitPaths("traits", id.Traits) {
			if !seen[p] {
				seen[p] = true
				out.Traits = append(out.Traits, p)
			}
		}
	}
	return out, nil
}

// traitPaths lists the dot paths to the leaves of a traits object.
func traitPaths(prefix string, v map[string]any) []string {
	var out []string
	for k, x := range v {
		if m, ok := x.(map[string]any); ok {
			out = append(out, traitPaths(prefix+"."+k, m)...)
		} else {
			out = append(out, prefix+"."+k)
		}
	}
	return out
}

// DefaultMapping is the trait mapping used when the screen changes nothing.
func (s *MigrateService) DefaultMapping() kratos.Mapping {
	return emptyLists(kratos.DefaultMapping())
}

// DryRunIdentities looks every identity up in the realm and reports what an
// import would do, writing nothing.
func (s *MigrateService) DryRunIdentities(realm, text string, mapping kratos.Mapping) (kratos.Report, error) {
	ids, m, err := identitiesInput(text, mapping)
	if err != nil {
		return kratos.Report{}, err
	}
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (kratos.Report, error) {
		return kratos.Import(ctx, c, ids, kratos.Options{Realm: realm, Mapping: m, DryRun: true})
	})
}

// IdentityImportProgress is the op:progress payload of a running identity
// import.
type IdentityImportProgress struct {
	OpID string `json:"opId"`
	Kind string `json:"kind"` // "kratos-import"
	kratos.Progress
}

// ImportIdentities creates a Keycloak user per identity and returns the
// per-identity report. It emits op:progress with opID at most every 100 ms;
// CancelImport(opID) stops it after the identities being written.
func (s *MigrateService) ImportIdentities(opID, realm, text string, mapping kratos.Mapping) (kratos.Report, error) {
	ids, m, err := identitiesInput(text, mapping)
	if err != nil {
		return kratos.Report{}, err
	}
	return withOp(&s.keycloakBase, &s.ops, opID, "import", func(ctx context.Context, c *keycloak.Client) (kratos.Report, error) {
		return kratos.Import(ctx, c, ids, kratos.Options{Realm: realm, Mapping: m, Progress: func(p kratos.Progress) {
			s.emitter.Emit(EventProgress, IdentityImportProgress{OpID: opID, Kind: "kratos-import", Progress: p})
		}})
	})
}

// CancelImport stops the identity import started with opID; unknown ids
// are ignored (it may have just finished).
func (s *MigrateService) CancelImport(opID string) {
	s.ops.cancel(opID)
}

func parseIdentities(text string) ([]kratos.Identity, error) {
	ids, err := kratos.Parse([]byte(text))
	if err != nil {
		return nil, &UIError{Code: CodeInvalidInput, Message: sentence(fmt.Sprintf("the identities file cannot be read: %v.", err))}
	}
	if len(ids) == 0 {
		return nil, &UIError{Code: CodeInvalidInput, Message: "The identities file holds no identity."}
	}
	return ids, nil
}

// identitiesInput parses the file and checks the mapping by the same rules
// as a mapping file (kratos.ParseMapping).
func identitiesInput(text string, mapping kratos.Mapping) ([]kratos.Identity, kratos.Mapping, error) {
	ids, err := parseIdentities(text)
	if err != nil {
		return nil, kratos.Mapping{}, err
	}
	raw, err := json.Marshal(mapping)
	if err != nil {
		return nil, kratos.Mapping{}, toUI(fmt.Errorf("read the mapping: %w", err))
	}
	m, err := kratos.ParseMapping(raw)
	if err != nil {
		return nil, kratos.Mapping{}, &UIError{Code: CodeInvalidInput, Message: sentence(err.Error() + ".")}
	}
	return ids, m, nil
}
