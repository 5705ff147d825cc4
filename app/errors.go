package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Code is a stable error code the UI can branch on. The strings are part of the
// contract with frontend/src/lib/errors.ts: never rename one.
type Code string

const (
	CodeInvalidInput  Code = "invalid_input"
	CodeNotFound      Code = "not_found"
	CodeAlreadyExists Code = "already_exists"
	CodeConflict      Code = "conflict"
	CodeReadOnly      Code = "read_only"
	CodeUnauthorized  Code = "unauthorized"
	CodeForbidden     Code = "forbidden"
	CodeUnreachable   Code = "unreachable"
	CodeTimeout       Code = "timeout"
	CodeCancelled     Code = "cancelled"
	CodeNoProfile     Code = "no_profile"
	CodeInternal      Code = "internal"
)

// UIError is what a bound method returns instead of a raw error. Wails rejects
// the JS promise with err.Error(), so Error() is JSON the frontend decodes.
type UIError struct {
	Code    Code     `json:"code"`
	Message string   `json:"message"`
	Details []string `json:"details,omitempty"` // one sentence per problem, for lists and logs
	// Problems are the details by type, for a form to put each under its
	// field; frontend/src/lib/errors.ts reads them.
	Problems []InputProblem `json:"problems,omitempty"`
}

// InputProblem is one problem of an input a form sent: the field it is
// about, the validator's rule (a stable code of backend/routes or
// backend/profile) and the sentence shown under the field.
type InputProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Route   string `json:"route,omitempty"` // in a route file: the route's name, or "#N" for an unnamed one
	Line    int    `json:"line,omitempty"`  // in a route file read from text: the line
}

// Error is the JSON the frontend decodes: Wails rejects the promise with
// exactly this string, so it carries the code and details, not prose.
func (e *UIError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// Sentence is the error as a person reads it in a log: the message, the
// details after it, and the code in brackets.
func (e *UIError) Sentence() string {
	out := e.Message
	if len(e.Details) > 0 {
		out += " " + strings.Join(e.Details, " ")
	}
	return out + " [" + string(e.Code) + "]"
}

// Format makes %v and %s print the sentence, so a UIError logged with fmt
// reads as prose; Error() stays the JSON the frontend needs.
func (e *UIError) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", e.Sentence())
		return
	}
	_, _ = io.WriteString(f, e.Sentence())
}

// LogValue makes slog print the sentence too.
func (e *UIError) LogValue() slog.Value { return slog.StringValue(e.Sentence()) }

// codeMapper turns a backend error into its code, and its problems when it
// has some, when it recognises it. toUI fills in the message. Each domain
// registers its own mapper (see codes_*.go) so this file never needs to
// know every backend package.
type codeMapper func(err error) (UIError, bool)

var mappers []codeMapper

func registerMapper(m codeMapper) { mappers = append(mappers, m) }

// sentinels pairs a code with the backend sentinel errors the UI gets it for.
type sentinels struct {
	code Code
	errs []error
}

func codeFor(code Code, errs ...error) sentinels { return sentinels{code, errs} }

// sentinelCode gives the code of the first entry of table with a sentinel
// that err wraps.
func sentinelCode(err error, table []sentinels) (UIError, bool) {
	for _, s := range table {
		for _, target := range s.errs {
			if errors.Is(err, target) {
				return UIError{Code: s.code}, true
			}
		}
	}
	return UIError{}, false
}

// toUI converts any error for the UI boundary. nil stays nil.
func toUI(err error) error {
	if err == nil {
		return nil
	}
	var ui *UIError
	if errors.As(err, &ui) {
		return ui
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &UIError{Code: CodeCancelled, Message: "The operation was cancelled."}
	case errors.Is(err, context.DeadlineExceeded):
		return &UIError{Code: CodeTimeout, Message: "The operation took too long and was stopped: " + err.Error()}
	}
	for _, m := range mappers {
		if ui, ok := m(err); ok {
			ui.Message = sentence(err.Error())
			return &ui
		}
	}
	return &UIError{Code: CodeInternal, Message: sentence(err.Error())}
}

// sentence capitalises the first letter so wrapped Go errors read as a sentence.
func sentence(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	return s
}
