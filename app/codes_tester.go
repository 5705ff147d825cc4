package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/tester"
)

func init() { registerMapper(testerCodes) }

// testerCodes maps the route tester's sentinels. Token errors keep their
// sentence (it says what to fix); the code tells the screen where to show it.
func testerCodes(err error) (Code, []string, bool) {
	switch {
	case errors.Is(err, tester.ErrReadOnly):
		return CodeReadOnly, nil, true
	case errors.Is(err, tester.ErrMissingInput), errors.Is(err, tester.ErrBadRequest), errors.Is(err, tester.ErrCaseInvalid),
		errors.Is(err, tester.ErrNotJWT), errors.Is(err, tester.ErrNoSignIn):
		return CodeInvalidInput, nil, true
	case errors.Is(err, tester.ErrRouteNotFound), errors.Is(err, tester.ErrRealmNotFound):
		return CodeNotFound, nil, true
	case errors.Is(err, tester.ErrBadCredentials), errors.Is(err, tester.ErrAccountDisabled), errors.Is(err, tester.ErrAccountNotReady),
		errors.Is(err, tester.ErrInvalidClient):
		return CodeUnauthorized, nil, true
	case errors.Is(err, tester.ErrDirectGrantDisabled), errors.Is(err, tester.ErrServiceAccountOff), errors.Is(err, tester.ErrNoLoginForm):
		return CodeForbidden, nil, true
	case errors.Is(err, tester.ErrIdPUnreachable):
		return CodeUnreachable, nil, true
	}
	return "", nil, false
}
