package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// The adapters below are withValue (valueN) and with (doN) for the common
// case of a bound method that passes its arguments straight to one
// keycloak.Client method: m is the method expression
// ((*keycloak.Client).GetUser), N the number of arguments after ctx. Wails
// binds only concrete methods, so each service keeps its own one-line
// method; getting the client and converting its errors stay in keycloakBase.

func value0[T any](b *keycloakBase, m func(*keycloak.Client, context.Context) (T, error)) (T, error) {
	return withValue(b, func(ctx context.Context, c *keycloak.Client) (T, error) { return m(c, ctx) })
}

func value1[A, T any](b *keycloakBase, m func(*keycloak.Client, context.Context, A) (T, error), a A) (T, error) {
	return value0(b, func(c *keycloak.Client, ctx context.Context) (T, error) { return m(c, ctx, a) })
}

func value2[A, B, T any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B) (T, error), a A, bb B) (T, error) {
	return value0(b, func(c *keycloak.Client, ctx context.Context) (T, error) { return m(c, ctx, a, bb) })
}

func value3[A, B, C, T any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B, C) (T, error), a A, bb B, cc C) (T, error) {
	return value0(b, func(c *keycloak.Client, ctx context.Context) (T, error) { return m(c, ctx, a, bb, cc) })
}

func value4[A, B, C, D, T any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B, C, D) (T, error), a A, bb B, cc C, d D) (T, error) {
	return value0(b, func(c *keycloak.Client, ctx context.Context) (T, error) { return m(c, ctx, a, bb, cc, d) })
}

func value5[A, B, C, D, E, T any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B, C, D, E) (T, error), a A, bb B, cc C, d D, e E) (T, error) {
	return value0(b, func(c *keycloak.Client, ctx context.Context) (T, error) { return m(c, ctx, a, bb, cc, d, e) })
}

func do1[A any](b *keycloakBase, m func(*keycloak.Client, context.Context, A) error, a A) error {
	return b.with(func(ctx context.Context, c *keycloak.Client) error { return m(c, ctx, a) })
}

func do2[A, B any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B) error, a A, bb B) error {
	return b.with(func(ctx context.Context, c *keycloak.Client) error { return m(c, ctx, a, bb) })
}

func do3[A, B, C any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B, C) error, a A, bb B, cc C) error {
	return b.with(func(ctx context.Context, c *keycloak.Client) error { return m(c, ctx, a, bb, cc) })
}

func do4[A, B, C, D any](b *keycloakBase, m func(*keycloak.Client, context.Context, A, B, C, D) error, a A, bb B, cc C, d D) error {
	return b.with(func(ctx context.Context, c *keycloak.Client) error { return m(c, ctx, a, bb, cc, d) })
}
