package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/routes"
)

func init() { registerMapper(routeCodes) }

// routeCodes maps route-file validation to invalid_input, one detail per
// problem (`route "NAME": FIELD: message`), so every problem reaches the UI.
func routeCodes(err error) (Code, []string, bool) {
	var ve *routes.ValidationError
	if errors.As(err, &ve) {
		details := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			details[i] = p.String()
		}
		return CodeInvalidInput, details, true
	}
	if errors.Is(err, errProxyRunning) || errors.Is(err, errProxyStopped) {
		return CodeConflict, nil, true
	}
	return "", nil, false
}
