package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

// Wails hands the frontend err.Error(), which must stay JSON; a person
// reading a log gets a sentence from fmt and slog instead.
func TestUIErrorIsJSONForTheUIAndASentenceInLogs(t *testing.T) {
	e := &UIError{Code: CodeInvalidInput, Message: "The route file has a problem.", Details: []string{`The path of route "a" must start with /.`}}
	var back UIError
	if err := json.Unmarshal([]byte(e.Error()), &back); err != nil || back.Code != CodeInvalidInput {
		t.Fatalf("Error() is not the UI's JSON: %s (%v)", e.Error(), err)
	}
	want := `The route file has a problem. The path of route "a" must start with /. [invalid_input]`
	if got := fmt.Sprintf("%v", e); got != want {
		t.Errorf("%%v = %s", got)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Warn("save failed", "err", e)
	if !strings.Contains(buf.String(), `err="The route file has a problem.`) {
		t.Errorf("slog line: %s", buf.String())
	}
}

// uiProblems decodes a bound method's error as the frontend does: from the
// JSON Wails rejects the promise with.
func uiProblems(t *testing.T, err error) []InputProblem {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var ui UIError
	if jerr := json.Unmarshal([]byte(err.Error()), &ui); jerr != nil || ui.Code != CodeInvalidInput {
		t.Fatalf("not invalid_input JSON: %s (%v)", err.Error(), jerr)
	}
	return ui.Problems
}

// A route validator's problem crosses the app boundary by type: its field,
// its rule's code, its route and line, and the sentence for under the field.
func TestARouteProblemReachesTheUIByFieldAndCode(t *testing.T) {
	svc := NewRouteService(nil, NewLifecycle())
	_, err := svc.ParseYAML("version: 1\nroutes:\n  - name: feed\n    path: api/feed\n    upstream: ftp://up\n    auth: public\n")
	got := uiProblems(t, err)
	want := []InputProblem{
		{Field: "path", Code: "path_not_absolute", Message: "The path must start with /.", Route: "feed"},
		{Field: "upstream", Code: "url_scheme", Message: `The upstream "ftp://up" must be an http:// or https:// URL.`, Route: "feed"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n got %+v\nwant %+v", got, want)
	}
}

// A profile validator's problem does too: the form puts the message under
// the field the problem names, whatever the message says.
func TestAProfileProblemReachesTheUIByFieldAndCode(t *testing.T) {
	s, _ := newTestSession(t)
	in := staging("Staging")
	in.KeycloakURL, in.Username = "kc.example.com", ""
	_, err := NewProfileService(s, NewLifecycle(), nil).Create(in)
	got := uiProblems(t, err)
	want := []InputProblem{
		{Field: "keycloakUrl", Code: "url_scheme", Message: "Must start with http:// or https://"},
		{Field: "username", Code: "required", Message: "Is required when logging in with a password"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n got %+v\nwant %+v", got, want)
	}
}
