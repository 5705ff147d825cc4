package keycloak

import (
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
