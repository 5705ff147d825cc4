package app

import "github.com/tandemhq/tandem/backend/tester"

func init() { registerMapper(testerCodes) }

// testerCodes maps the route tester's sentinels. Token errors keep their
// sentence (it says what to fix); the code tells the screen where to show it.
func testerCodes(err error) (UIError, bool) { return sentinelCode(err, testerSentinels) }

var testerSentinels = []sentinels{
	codeFor(CodeReadOnly, tester.ErrReadOnly),
	codeFor(CodeInvalidInput, tester.ErrMissingInput, tester.ErrBadRequest, tester.ErrCaseInvalid, tester.ErrNotJWT, tester.ErrNoSignIn),
	codeFor(CodeNotFound, tester.ErrRouteNotFound, tester.ErrRealmNotFound),
	codeFor(CodeUnauthorized, tester.ErrBadCredentials, tester.ErrAccountDisabled, tester.ErrAccountNotReady, tester.ErrInvalidClient),
	codeFor(CodeForbidden, tester.ErrDirectGrantDisabled, tester.ErrServiceAccountOff, tester.ErrNoLoginForm),
	codeFor(CodeUnreachable, tester.ErrIdPUnreachable),
}
