package app

import (
	"errors"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
)

func init() { registerMapper(profileCodes) }

// profileCodes maps profile and store errors. A validation error keeps
// each problem's field and code for the form, which shows the message under
// the field; the details read "field: message" in lists and logs.
func profileCodes(err error) (UIError, bool) {
	var ve *profile.ValidationError
	switch {
	case errors.As(err, &ve):
		ui := UIError{Code: CodeInvalidInput, Details: make([]string, len(ve.Problems)), Problems: make([]InputProblem, len(ve.Problems))}
		for i, p := range ve.Problems {
			ui.Details[i] = p.String()
			ui.Problems[i] = InputProblem{Field: p.Field, Code: string(p.Code), Message: sentence(p.Message)}
		}
		return ui, true
	case errors.Is(err, profile.ErrNoActiveProfile):
		return UIError{Code: CodeNoProfile}, true
	case errors.Is(err, profile.ErrReadOnly), errors.Is(err, store.ErrReadOnlyDatabase):
		return UIError{Code: CodeReadOnly}, true
	case errors.Is(err, profile.ErrWrongPassphrase), errors.Is(err, profile.ErrPassphraseNeeded), errors.Is(err, profile.ErrNoSecret):
		return UIError{Code: CodeInvalidInput}, true
	case errors.Is(err, store.ErrNotFound):
		return UIError{Code: CodeNotFound}, true
	case errors.Is(err, store.ErrAlreadyExists):
		return UIError{Code: CodeAlreadyExists}, true
	}
	return UIError{}, false
}
