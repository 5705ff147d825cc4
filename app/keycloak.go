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
	return b.withOn(b.appCtx(), fn)
}

// withOn is with on ctx instead of the app's context: a job the UI can
// cancel runs on the context operations gave it (see withOp).
func (b *keycloakBase) withOn(ctx context.Context, fn func(ctx context.Context, c *keycloak.Client) error) error {
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
	return withValueOn(b.appCtx(), b, fn)
}

// withValueOn is withValue on ctx (see withOn). The value fn returned is
// kept even with an error: a job stopped halfway reports what it did.
func withValueOn[T any](ctx context.Context, b *keycloakBase, fn func(ctx context.Context, c *keycloak.Client) (T, error)) (T, error) {
	var out T
	err := b.withOn(ctx, func(ctx context.Context, c *keycloak.Client) error {
		var err error
		out, err = fn(ctx, c)
		return err
	})
	return emptyLists(out), err
}

// withOp is withValue for a long job the UI can cancel by the op id it
// chose: ops refuses a second start under opID, and fn runs on the context
// that Cancel(opID) stops.
func withOp[T any](b *keycloakBase, ops *operations, opID, what string, fn func(ctx context.Context, c *keycloak.Client) (T, error)) (T, error) {
	ctx, done, err := ops.start(b.appCtx(), opID, what)
	if err != nil {
		var zero T
		return emptyLists(zero), err
	}
	defer done()
	return withValueOn(ctx, b, fn)
}
