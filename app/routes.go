package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// RouteService is what the Routes screen calls: the active profile's route
// file, validated by the same code as `tandemctl routes validate`.
type RouteService struct {
	session *Session
	life    *Lifecycle
	roles   roleCatalogCache
}

// NewRouteService binds the routes of the session's active profile.
func NewRouteService(session *Session, life *Lifecycle) *RouteService {
	return &RouteService{session: session, life: life}
}

func (s *RouteService) ctx() context.Context { return s.life.context() }

// RouteFile is the active profile's route file as the screen shows it.
type RouteFile struct {
	Config routes.Config `json:"config"`
	// Issuer is the issuer the proxy will trust: the file's, else the one
	// derived from the profile (KeycloakURL/realms/DefaultRealm).
	Issuer          string            `json:"issuer"`
	IssuerDerived   bool              `json:"issuerDerived"`
	IdentityHeaders map[string]string `json:"identityHeaders"` // the effective default mappings
	Profile         string            `json:"profile"`
	ReadOnly        bool              `json:"readOnly"`
}

// ValidationResult is the outcome of a live validation: every problem, none
// when the file is valid.
type ValidationResult struct {
	Valid    bool           `json:"valid"`
	Problems []RouteProblem `json:"problems"`
}

func (s *RouteService) load(ctx context.Context) (profile.Profile, routes.Config, error) {
	p, cfg, err := s.session.RouteFile(ctx)
	if err != nil {
		return p, cfg, err
	}
	if cfg.Version == 0 {
		cfg.Version = routes.Version
	}
	if cfg.Routes == nil {
		cfg.Routes = []routes.Route{}
	}
	return p, cfg, nil
}

func view(p profile.Profile, cfg routes.Config) RouteFile {
	f := RouteFile{
		Config: cfg, Issuer: p.RunnableRoutes(cfg).Issuer, IssuerDerived: cfg.Issuer == "",
		IdentityHeaders: cfg.EffectiveIdentityHeaders(), Profile: p.Name, ReadOnly: p.ReadOnly,
	}
	return emptyLists(f)
}

// Get returns the active profile's route file.
func (s *RouteService) Get() (RouteFile, error) {
	p, cfg, err := s.load(s.ctx())
	if err != nil {
		return RouteFile{}, toUI(err)
	}
	return view(p, cfg), nil
}

// Validate checks a route file without saving it, for live validation.
func (s *RouteService) Validate(cfg routes.Config) ValidationResult {
	return validationResult(routes.Validate(cfg))
}

func validationResult(err error) ValidationResult {
	res := ValidationResult{Valid: err == nil, Problems: []RouteProblem{}}
	if ve, ok := err.(*routes.ValidationError); ok {
		res.Problems = routeProblems(ve.Problems)
	} else if err != nil {
		res.Problems = routeProblems([]routes.Problem{{Message: err.Error()}})
	}
	return res
}

// Save validates and stores the whole route file (invalid_input listing
// every problem; read_only on a read-only profile).
func (s *RouteService) Save(cfg routes.Config) (RouteFile, error) {
	return s.update(func(routes.Config) (routes.Config, error) { return cfg, nil })
}

// SaveRoute adds a route (original "") or replaces the route named
// original, and saves the file.
func (s *RouteService) SaveRoute(original string, r routes.Route) (RouteFile, error) {
	if original == "" {
		return s.update(func(cfg routes.Config) (routes.Config, error) {
			cfg.Routes = append(cfg.Routes, r)
			return cfg, nil
		})
	}
	return s.updateRoute(original, func(cfg routes.Config, i int) routes.Config {
		cfg.Routes[i] = r
		return cfg
	})
}

// DeleteRoute removes a route and saves the file.
func (s *RouteService) DeleteRoute(name string) (RouteFile, error) {
	return s.updateRoute(name, func(cfg routes.Config, i int) routes.Config {
		cfg.Routes = slices.Delete(cfg.Routes, i, i+1)
		return cfg
	})
}

// SetEnabled enables or disables a route and saves the file.
func (s *RouteService) SetEnabled(name string, enabled bool) (RouteFile, error) {
	return s.updateRoute(name, func(cfg routes.Config, i int) routes.Config {
		cfg.Routes[i].Disabled = !enabled
		return cfg
	})
}

// Move moves a route up (negative offset) or down in the file and saves it.
// Matching does not depend on order except between equally specific routes;
// the order is how the file reads.
func (s *RouteService) Move(name string, offset int) (RouteFile, error) {
	return s.updateRoute(name, func(cfg routes.Config, i int) routes.Config {
		j := min(max(i+offset, 0), len(cfg.Routes)-1)
		r := cfg.Routes[i]
		cfg.Routes = slices.Insert(slices.Delete(cfg.Routes, i, i+1), j, r)
		return cfg
	})
}

// updateRoute is update for a change to the route named name, the i-th of
// the file: not_found when the file has no such route.
func (s *RouteService) updateRoute(name string, change func(cfg routes.Config, i int) routes.Config) (RouteFile, error) {
	return s.update(func(cfg routes.Config) (routes.Config, error) {
		i := indexOf(cfg, name)
		if i < 0 {
			return cfg, &UIError{Code: CodeNotFound, Message: fmt.Sprintf("There is no route %q.", name)}
		}
		return change(cfg, i), nil
	})
}

// ParseYAML reads route-file text (YAML or JSON) and validates it without
// saving: invalid_input lists every problem with its line.
func (s *RouteService) ParseYAML(text string) (routes.Config, error) {
	// Check lists unknown keys together with every other problem of the file.
	cfg, err := routes.Check("", []byte(text), routes.Validate)
	return emptyLists(cfg), toUI(routeFileError(err))
}

// ImportYAML replaces the active profile's routes with the file in text.
func (s *RouteService) ImportYAML(text string) (RouteFile, error) {
	cfg, err := s.ParseYAML(text)
	if err != nil {
		return RouteFile{}, err
	}
	return s.Save(cfg)
}

// ExportYAML renders the active profile's routes in the route-file format.
func (s *RouteService) ExportYAML() (string, error) {
	_, cfg, err := s.load(s.ctx())
	if err != nil {
		return "", toUI(err)
	}
	b, err := routes.Marshal(cfg)
	return string(b), toUI(err)
}

func (s *RouteService) update(change func(routes.Config) (routes.Config, error)) (RouteFile, error) {
	ctx := s.ctx()
	p, cfg, err := s.load(ctx)
	if err != nil {
		return RouteFile{}, toUI(err)
	}
	cfg, err = change(cfg)
	if err != nil {
		return RouteFile{}, toUI(err)
	}
	if err := s.session.Profiles().SaveRoutes(ctx, p.ID, cfg); err != nil {
		return RouteFile{}, toUI(routeFileError(err))
	}
	// A proxy running on this profile applies the saved file at once.
	s.session.savedRoutes(p, cfg)
	return view(p, cfg), nil
}

func indexOf(cfg routes.Config, name string) int {
	return slices.IndexFunc(cfg.Routes, func(r routes.Route) bool { return r.Name == name })
}
