package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
)

func init() { registerMapper(profileCodes) }

// profileCodes maps profile and store errors. Validation details are
// "field: message" so the form can put each message under its field.
func profileCodes(err error) (Code, []string, bool) {
	var ve *profile.ValidationError
	switch {
	case errors.As(err, &ve):
		details := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			details[i] = p.String()
		}
		return CodeInvalidInput, details, true
	case errors.Is(err, profile.ErrNoActiveProfile):
		return CodeNoProfile, nil, true
	case errors.Is(err, profile.ErrReadOnly), errors.Is(err, store.ErrReadOnlyDatabase):
		return CodeReadOnly, nil, true
	case errors.Is(err, profile.ErrWrongPassphrase), errors.Is(err, profile.ErrPassphraseNeeded), errors.Is(err, profile.ErrNoSecret):
		return CodeInvalidInput, nil, true
	case errors.Is(err, store.ErrNotFound):
		return CodeNotFound, nil, true
	case errors.Is(err, store.ErrAlreadyExists):
		return CodeAlreadyExists, nil, true
	}
	return "", nil, false
}
