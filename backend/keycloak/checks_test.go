package keycloak

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// wantInvalidInput fails the test unless err is ErrInvalidInput and its
// message names every one of problems: input refused with its reasons.
func wantInvalidInput(t *testing.T, err error, problems ...string) {
	t.Helper()
	if !errors.Is(err, ErrInvalidInput) {
		t.Errorf("err = %v, want ErrInvalidInput", err)
		return
	}
	for _, p := range problems {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("err = %v, want it to name %q", err, p)
		}
	}
}

// wantJSONWithout fails the test when the JSON of v, as the UI or Keycloak
// receives it, holds any of leaks: a secret, its mask, an id that must go.
func wantJSONWithout(t *testing.T, v any, leaks ...string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	for _, leak := range leaks {
		if strings.Contains(string(b), leak) {
			t.Errorf("the JSON holds %s: %s", leak, b)
		}
	}
}
