package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/routes"
)

func init() { registerMapper(routeCodes) }

// routeCodes maps route-file validation to invalid_input with every problem
// (see routeFileUI), so every problem reaches the UI.
// (The route services answer with routeFileError, which also shortens the
// message; this catches validation errors arriving by other paths.)
func routeCodes(err error) (UIError, bool) {
	var ve *routes.ValidationError
	if errors.As(err, &ve) {
		return routeFileUI(ve), true
	}
	return sentinelCode(err, []sentinels{codeFor(CodeConflict, errProxyRunning, errProxyStopped)})
}
