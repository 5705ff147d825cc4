package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/tester"
)

func init() { registerMapper(testerCodes) }

// testerCodes maps the route tester's sentinels. Token errors keep their
// sentence (it says what to fix); the code tells the screen where to show it.
func testerCodes(err error) (UIError, bool) {
	switch {
	case errors.Is(err, tester.ErrReadOnly):
		return UIError{Code: CodeReadOnly}, true
	case errors.Is(err, tester.ErrMissingInput), errors.Is(err, tester.ErrBadRequest), errors.Is(err, tester.ErrCaseInvalid),
		errors.Is(err, tester.ErrNotJWT), errors.Is(err, tester.ErrNoSignIn):
		return UIError{Code: CodeInvalidInput}, true
	case errors.Is(err, tester.ErrRouteNotFound), errors.Is(err, tester.ErrRealmNotFound):
		return UIError{Code: CodeNotFound}, true
	case errors.Is(err, tester.ErrBadCredentials), errors.Is(err, tester.ErrAccountDisabled), errors.Is(err, tester.ErrAccountNotReady),
		errors.Is(err, tester.ErrInvalidClient):
		return UIError{Code: CodeUnauthorized}, true
	case errors.Is(err, tester.ErrDirectGrantDisabled), errors.Is(err, tester.ErrServiceAccountOff), errors.Is(err, tester.ErrNoLoginForm):
		return UIError{Code: CodeForbidden}, true
	case errors.Is(err, tester.ErrIdPUnreachable):
		return UIError{Code: CodeUnreachable}, true
	}
	return UIError{}, false
}
