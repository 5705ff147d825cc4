package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/profile"
)

// withProfiles is the one path of ProfileService's calls into
// backend/profile: the session's profile service (errNoStore without a
// database), the app's context, and the error converted for the UI (see
// keycloakBase.with for the Keycloak-backed services' path).
func withProfiles[T any](s *ProfileService, fn func(ctx context.Context, svc *profile.Service) (T, error)) (T, error) {
	svc, err := s.service()
	if err != nil {
		var zero T
		return zero, err
	}
	out, err := fn(s.ctx(), svc)
	return out, toUI(err)
}
