package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
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
