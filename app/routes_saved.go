package app

import (
	"slices"
	"sync"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// savedRoutesHooks are the functions told of every route file the app
// saves, so that a running proxy applies an edit live instead of waiting
// for a stop and start.
type savedRoutesHooks struct {
	mu  sync.Mutex
	fns []func(profile.Profile, routes.Config)
}

// OnRoutesSaved registers fn to run after a profile's route file is saved,
// with the file as saved. Register during start-up.
func (s *Session) OnRoutesSaved(fn func(profile.Profile, routes.Config)) {
	s.routesSaved.mu.Lock()
	s.routesSaved.fns = append(s.routesSaved.fns, fn)
	s.routesSaved.mu.Unlock()
}

// savedRoutes tells every hook that p's route file is now cfg.
func (s *Session) savedRoutes(p profile.Profile, cfg routes.Config) {
	s.routesSaved.mu.Lock()
	fns := slices.Clone(s.routesSaved.fns)
	s.routesSaved.mu.Unlock()
	for _, fn := range fns {
		fn(p, cfg)
	}
}
