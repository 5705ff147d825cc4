package keycloak

import (
	"encoding/json"
	"fmt"
	"strings"
)

// fieldError is one user-profile validation failure as Keycloak reports it:
// {"field": "email", "errorMessage": "error-invalid-email", "params": ["email", "bad"]}.
type fieldError struct {
	Field        string `json:"field"`
	ErrorMessage string `json:"errorMessage"`
	Params       []any  `json:"params"`
}

// validationMessage turns Keycloak's validation keys into a sentence; it
// returns "" for bodies that are not validation errors.
func validationMessage(body []byte) string {
	var one fieldError
	var many struct {
		Errors []fieldError `json:"errors"`
	}
	var errs []fieldError
	if json.Unmarshal(body, &many) == nil && len(many.Errors) > 0 {
		errs = many.Errors
	} else if json.Unmarshal(body, &one) == nil && one.Field != "" && one.ErrorMessage != "" {
		errs = []fieldError{one}
	}
	if len(errs) == 0 {
		return ""
	}
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.sentence()
	}
	return strings.Join(parts, "; ")
}

func (e fieldError) sentence() string {
	param := func(i int) string {
		if i < len(e.Params) {
			return fmt.Sprint(e.Params[i])
		}
		return "?"
	}
	field := e.Field
	switch e.ErrorMessage {
	case "error-invalid-length":
		return fmt.Sprintf("%s must be %s to %s characters long", field, param(1), param(2))
	case "error-invalid-length-too-short":
		return fmt.Sprintf("%s must be at least %s characters long", field, param(1))
	case "error-invalid-length-too-long":
		return fmt.Sprintf("%s must be at most %s characters long", field, param(2))
	case "error-invalid-email":
		return fmt.Sprintf("%s %q is not a valid email address", field, param(1))
	case "error-user-attribute-required":
		return fmt.Sprintf("%s is required", field)
	case "error-username-invalid-character", "error-person-name-invalid-character":
		return fmt.Sprintf("%s contains characters that are not allowed", field)
	case "error-invalid-value", "error-invalid-blank":
		return fmt.Sprintf("%s has an invalid value", field)
	case "error-user-attribute-read-only":
		return fmt.Sprintf("%s is read-only", field)
	case "usernameExistsMessage", "error-username-exists":
		return "the username is already taken"
	case "emailExistsMessage", "error-email-exists":
		return "the email address is already used by another user"
	}
	return fmt.Sprintf("%s: %s", field, e.ErrorMessage)
}
