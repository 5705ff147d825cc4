package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/routes"
)

func init() { registerMapper(routeCodes) }

// routeCodes maps route-file validation to invalid_input, one sentence per
// problem naming the route and the field, so every problem reaches the UI.
// (The route services answer with routeFileError, which also shortens the
// message; this catches validation errors arriving by other paths.)
func routeCodes(err error) (Code, []string, bool) {
	var ve *routes.ValidationError
	if errors.As(err, &ve) {
		return CodeInvalidInput, problemSentences(ve.Problems), true
	}
	if errors.Is(err, errProxyRunning) || errors.Is(err, errProxyStopped) {
		return CodeConflict, nil, true
	}
	return "", nil, false
}
