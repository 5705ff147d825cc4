package profile

import (
	"context"

	"github.com/tandemhq/tandem/backend/routes"
)

// RouteFile is one profile's route file: Routes and SaveRoutes bound to the
// profile, for code that edits a route file without knowing whose it is (a
// promotion's target, compare.RouteStore).
type RouteFile struct {
	svc *Service
	id  int64
}

// RouteFile is the route file of the profile with id.
func (s *Service) RouteFile(id int64) RouteFile { return RouteFile{svc: s, id: id} }

// Routes returns the profile's route file.
func (f RouteFile) Routes(ctx context.Context) (routes.Config, error) {
	return f.svc.Routes(ctx, f.id)
}

// SaveRoutes validates and stores cfg as the profile's route file (see
// Service.SaveRoutes: a read-only profile refuses with ErrReadOnly).
func (f RouteFile) SaveRoutes(ctx context.Context, cfg routes.Config) error {
	return f.svc.SaveRoutes(ctx, f.id, cfg)
}
