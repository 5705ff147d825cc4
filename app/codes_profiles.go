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
	if !errors.As(err, &ve) {
		return sentinelCode(err, profileSentinels)
	}
	ui := UIError{Code: CodeInvalidInput, Details: make([]string, len(ve.Problems)), Problems: make([]InputProblem, len(ve.Problems))}
	for i, p := range ve.Problems {
		ui.Details[i] = p.String()
		ui.Problems[i] = InputProblem{Field: p.Field, Code: string(p.Code), Message: sentence(p.Message)}
	}
	return ui, true
}

var profileSentinels = []sentinels{
	codeFor(CodeNoProfile, profile.ErrNoActiveProfile),
	codeFor(CodeReadOnly, profile.ErrReadOnly, store.ErrReadOnlyDatabase),
	codeFor(CodeInvalidInput, profile.ErrWrongPassphrase, profile.ErrPassphraseNeeded, profile.ErrNoSecret),
	codeFor(CodeNotFound, store.ErrNotFound),
	codeFor(CodeAlreadyExists, store.ErrAlreadyExists),
}
