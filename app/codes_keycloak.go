package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/userimport"
)

func init() { registerMapper(keycloakCodes) }

// keycloakSentinels are the Keycloak client's sentinels and their UI codes.
var keycloakSentinels = []sentinels{
	codeFor(CodeReadOnly, keycloak.ErrReadOnly),
	codeFor(CodeUnauthorized, keycloak.ErrUnauthorized),
	codeFor(CodeForbidden, keycloak.ErrForbidden),
	codeFor(CodeNotFound, keycloak.ErrNotFound),
	codeFor(CodeConflict, keycloak.ErrConflict),
	codeFor(CodeInvalidInput, keycloak.ErrInvalidInput, userimport.ErrNoUsernameColumn),
	// ErrRedirected is also the tester's token requests': one sentinel for the redirect rule.
	codeFor(CodeUnreachable, keycloak.ErrUnreachable, keycloak.ErrTLS, keycloak.ErrRedirected),
	codeFor(CodeTimeout, keycloak.ErrTimeout),
	codeFor(CodeInternal, keycloak.ErrServer),
}

// keycloakCodes maps the Keycloak client's sentinels to UI codes.
func keycloakCodes(err error) (UIError, bool) { return sentinelCode(err, keycloakSentinels) }

// keycloakUIError turns a Keycloak failure into one sentence that says what
// to do about it. baseURL names the server the active profile points at.
func keycloakUIError(err error, baseURL string) error {
	var kc *keycloak.Error
	if !errors.As(err, &kc) || errors.Is(err, context.Canceled) {
		return toUI(err)
	}
	mapped, _ := keycloakCodes(err)
	detail := kc.Message
	var msg string
	switch {
	case errors.Is(err, keycloak.ErrReadOnly):
		msg = "The active profile is read-only: switch to a writable profile to change anything."
	case errors.Is(err, keycloak.ErrUnreachable):
		msg = fmt.Sprintf("Keycloak at %s is not reachable: is it running?", baseURL)
	case errors.Is(err, keycloak.ErrTimeout):
		msg = fmt.Sprintf("Keycloak at %s did not answer in time: it may be overloaded or the network slow, try again.", baseURL)
	case errors.Is(err, keycloak.ErrTLS):
		msg = fmt.Sprintf("The secure connection to %s failed: check that the URL and its certificate are right.", baseURL)
	case errors.Is(err, keycloak.ErrRedirected):
		msg = fmt.Sprintf("Keycloak at %s redirected the request to another server, which Tandem never sends the profile's credentials to (%s). If Keycloak lives at that address, put it in the profile.", baseURL, detail)
	case errors.Is(err, keycloak.ErrUnauthorized):
		msg = "Keycloak refused the profile's credentials: check the username and password (or client secret) in the profile."
	case errors.Is(err, keycloak.ErrForbidden):
		msg = "The profile's account may not do this: give it the realm-management roles it needs."
	case errors.Is(err, keycloak.ErrNotFound):
		msg = "It no longer exists in Keycloak: it may have been deleted meanwhile, reload the list."
		if detail != "" && !strings.EqualFold(detail, "not found") {
			msg = "Not found: " + stop(detail) + " Reload the list."
		}
	case errors.Is(err, keycloak.ErrConflict):
		msg = "That already exists in Keycloak: choose another name."
		if detail != "" {
			msg = sentence(stop(detail)) + " Choose another value."
		}
	case errors.Is(err, keycloak.ErrInvalidInput):
		msg = "Keycloak rejected the input: " + stop(lowerFirst(detail))
	default:
		msg = fmt.Sprintf("Keycloak could not %s: see its server log.", kc.Op)
	}
	ui := &UIError{Code: mapped.Code, Message: msg}
	// One sentence is the message; only a TLS failure needs its cause shown
	// (which certificate problem) to be acted upon.
	if errors.Is(err, keycloak.ErrTLS) && detail != "" {
		ui.Details = []string{detail}
	}
	return ui
}

// stop ends s with a full stop unless it already ends a sentence.
func stop(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if c := s[len(s)-1]; c != '.' && c != '!' && c != '?' {
		s += "."
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' { // keep acronyms like "TLS"
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
