package tester

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/backend/outbound"
)

// ErrReadOnly refuses a request that could change data behind a read-only
// profile's real upstream.
var ErrReadOnly = errors.New("the profile is read-only: only GET, HEAD and OPTIONS may reach a real upstream (use the echo upstream for other methods)")

// Option configures a Tester.
type Option func(*Tester)

// WithReadOnly tells the tester how to learn whether the profile it tests is
// read-only. It is asked before each request that would reach a route's real
// upstream with a method other than GET, HEAD or OPTIONS, so an edit or a
// switch of profile takes effect at once; an error refuses the request.
// Without this option the profile is taken as writable.
func WithReadOnly(readOnly func(context.Context) (bool, error)) Option {
	return func(t *Tester) { t.readOnly = readOnly }
}

// mayReach is the read-only rule every request of every entry point (Send,
// Matrix, saved cases and suites) passes before anything is sent: on a
// read-only profile only the safe methods reach a real upstream; the echo
// upstream takes any method.
func (t *Tester) mayReach(ctx context.Context, req Request) error {
	if req.Upstream == UpstreamEcho || outbound.SafeMethod(req.Method) || t.readOnly == nil {
		return nil
	}
	readOnly, err := t.readOnly(ctx)
	if err != nil {
		return fmt.Errorf("check whether the profile is read-only: %w", err)
	}
	if readOnly {
		return fmt.Errorf("%s %s: %w", strings.ToUpper(strings.TrimSpace(req.Method)), req.Path, ErrReadOnly)
	}
	return nil
}
