package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// keycloakBase is what the Keycloak-backed services share: the session that
// hands out the active profile's admin client, and the app's lifecycle.
type keycloakBase struct {
	session *Session
	life    *Lifecycle
}

func newKeycloakBase(session *Session, life *Lifecycle) keycloakBase {
	return keycloakBase{session: session, life: life}
}

func (b *keycloakBase) appCtx() context.Context { return b.life.context() }

// with runs fn with the active profile's client and converts its error for
// the UI, naming the profile's Keycloak URL in connection failures.
func (b *keycloakBase) with(fn func(ctx context.Context, c *keycloak.Client) error) error {
	ctx := b.appCtx()
	c, err := b.session.Keycloak(ctx)
	if err != nil {
		return toUI(err)
	}
	if err := fn(ctx, c); err != nil {
		return keycloakUIError(err, c.BaseURL())
	}
	return nil
}

// withValue is with for calls that return a value. Empty lists in the value
// reach the UI as [] (see emptyLists).
func withValue[T any](b *keycloakBase, fn func(ctx context.Context, c *keycloak.Client) (T, error)) (T, error) {
	var out T
	err := b.with(func(ctx context.Context, c *keycloak.Client) error {
		var err error
		out, err = fn(ctx, c)
		return err
	})
	return emptyLists(out), err
}
