package profile

import (
	"context"
	"errors"
	"fmt"

	"github.com/tandemhq/tandem/backend/store"
)

// Purposes of the secrets a profile holds besides its login secret.
const (
	purposeCookieKeys        = "cookie-keys"
	purposeLoginClientSecret = "login-client-secret"
)

// readExtraSecret returns the profile's secret for purpose and its ref, or
// "", "" when it has none.
func (s *Service) readExtraSecret(ctx context.Context, id int64, purpose string) (value, ref string, err error) {
	ps, err := s.db.GetProfileSecret(ctx, id, purpose)
	if errors.Is(err, store.ErrNotFound) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	st, err := s.secrets.store(ps.Store)
	if err != nil {
		return "", "", fmt.Errorf("read the %s of profile %d: %w", purpose, id, err)
	}
	v, err := st.Get(ctx, ps.Ref)
	if err != nil {
		return "", "", fmt.Errorf("read the %s of profile %d: %w", purpose, id, err)
	}
	return v, ps.Ref, nil
}

// swapExtraSecret replaces the profile's secret for purpose with value
// ("" removes it), provided it is still the one under expectRef; otherwise
// it fails with store.ErrSecretChanged and nothing changes. The new secret
// is stored in the transaction that records it, and the replaced one is
// then removed from its store, as for a profile's login secret.
func (s *Service) swapExtraSecret(ctx context.Context, id int64, purpose, expectRef, value string) error {
	var next store.ProfileSecret
	var staged store.StagedSecret
	if value != "" {
		var err error
		if next.Store, next.Ref, staged, err = s.stage(ctx, value); err != nil {
			return fmt.Errorf("save the %s of profile %d: %w", purpose, id, err)
		}
	}
	old, err := s.db.SwapProfileSecret(ctx, id, purpose, expectRef, next, staged, nil)
	if err != nil {
		if staged.Intent {
			s.removeSecret(ctx, next.Store, next.Ref)
		}
		return err
	}
	s.removeSecret(ctx, old.Store, old.Ref)
	return nil
}

// SetLoginClientSecret keeps secret as the profile's sign-in client secret
// (used when its route file names no secret file and the environment has
// none); "" removes it. It is write-only: nothing returns it but the
// proxy's secrets. Like proxy settings it only concerns the local proxy,
// so a read-only profile accepts it.
func (s *Service) SetLoginClientSecret(ctx context.Context, id int64, secret string) error {
	for range maxSwapAttempts {
		_, ref, err := s.readExtraSecret(ctx, id, purposeLoginClientSecret)
		if err != nil {
			return err
		}
		err = s.swapExtraSecret(ctx, id, purposeLoginClientSecret, ref, secret)
		if !errors.Is(err, store.ErrSecretChanged) {
			return err
		}
	}
	return fmt.Errorf("save the sign-in client secret of profile %d: %w", id, store.ErrSecretChanged)
}

// HasLoginClientSecret says whether the profile keeps a sign-in client secret.
func (s *Service) HasLoginClientSecret(ctx context.Context, id int64) (bool, error) {
	_, err := s.db.GetProfileSecret(ctx, id, purposeLoginClientSecret)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// maxSwapAttempts bounds read-modify-write retries against concurrent
// writers (the app and tandemctl on one database).
const maxSwapAttempts = 5
