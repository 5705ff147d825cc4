package app

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
)

func activeStaging(t *testing.T, readOnly bool) *Session {
	t.Helper()
	s, _ := newTestSession(t)
	in := staging("staging")
	in.ReadOnly = readOnly
	switchTo(t, s, in)
	return s
}

func TestUnreachableKeycloakIsOneActionableSentence(t *testing.T) {
	users := NewUserService(activeStaging(t, false), NewLifecycle(), &recorder{})
	_, err := users.Search("demo", keycloak.UserQuery{})
	if uiCode(err) != CodeUnreachable {
		t.Fatalf("code = %q (%v), want unreachable", uiCode(err), err)
	}
	if msg := uiMessage(err); msg != "Keycloak at http://127.0.0.1:1 is not reachable: is it running?" {
		t.Fatalf("message = %q", msg)
	}
}

func TestReadOnlyProfileRefusesWritesWithoutCallingKeycloak(t *testing.T) {
	users := NewUserService(activeStaging(t, true), NewLifecycle(), &recorder{})
	err := users.Delete("demo", "some-id")
	if uiCode(err) != CodeReadOnly || !strings.Contains(uiMessage(err), "read-only") {
		t.Fatalf("err = %v, want read_only", err)
	}
}

func TestNoActiveProfileSaysSo(t *testing.T) {
	s, _ := newTestSession(t)
	_, err := NewRealmService(s, NewLifecycle(), nil).List()
	if uiCode(err) != CodeNoProfile {
		t.Fatalf("err = %v, want no_profile", err)
	}
}

func TestRealmDeleteNeedsTheTypedName(t *testing.T) {
	realms := NewRealmService(activeStaging(t, false), NewLifecycle(), nil)
	err := realms.Delete("demo", "dem")
	if uiCode(err) != CodeInvalidInput || !strings.Contains(uiMessage(err), `"demo"`) {
		t.Fatalf("err = %v, want invalid_input naming the realm", err)
	}
}

func TestKeycloakErrorsMapToCodesAndSentences(t *testing.T) {
	cases := []struct {
		err      *keycloak.Error
		code     Code
		contains string
	}{
		{&keycloak.Error{Op: "list realms", Status: 401, Message: "Invalid user credentials", Err: keycloak.ErrUnauthorized}, CodeUnauthorized, "check the username and password"},
		{&keycloak.Error{Op: "list realms", Status: 403, Err: keycloak.ErrForbidden}, CodeForbidden, "realm-management"},
		{&keycloak.Error{Op: "get user x", Status: 404, Message: "User not found", Err: keycloak.ErrNotFound}, CodeNotFound, "User not found."},
		{&keycloak.Error{Op: "create user", Status: 409, Message: "User exists with same username", Err: keycloak.ErrConflict}, CodeConflict, "User exists with same username."},
		{&keycloak.Error{Op: "reset password", Status: 400, Message: "Invalid password: minimum length 8.", Err: keycloak.ErrInvalidInput}, CodeInvalidInput, "rejected the input: invalid password: minimum length 8."},
		{&keycloak.Error{Op: "list realms", Err: keycloak.ErrTimeout}, CodeTimeout, "did not answer in time"},
		{&keycloak.Error{Op: "list realms", Message: "x509: unknown authority", Err: keycloak.ErrTLS}, CodeUnreachable, "certificate"},
		{&keycloak.Error{Op: "list realms", Status: 500, Err: keycloak.ErrServer}, CodeInternal, "server log"},
		{&keycloak.Error{Op: "log in to Keycloak", Message: "https://kc.example.com answered with a redirect to http://evil.example/token", Err: keycloak.ErrRedirected},
			CodeUnreachable, "redirect to http://evil.example/token"},
	}
	for _, tc := range cases {
		err := keycloakUIError(tc.err, "https://kc.example.com")
		if uiCode(err) != tc.code || !strings.Contains(uiMessage(err), tc.contains) {
			t.Errorf("%v: code %q message %q, want %q containing %q", tc.err, uiCode(err), uiMessage(err), tc.code, tc.contains)
		}
	}
	// Plain toUI (without the URL) still gets the code.
	if code := uiCode(toUI(&keycloak.Error{Err: keycloak.ErrConflict})); code != CodeConflict {
		t.Errorf("toUI code = %q, want conflict", code)
	}
}

func TestImportRejectsAnUnreadableFileBeforeCallingKeycloak(t *testing.T) {
	im := NewUserImportService(activeStaging(t, false), NewLifecycle(), &recorder{}, nil)
	_, err := im.DryRun("demo", "email\nx@example.com\n")
	if uiCode(err) != CodeInvalidInput || !strings.Contains(uiMessage(err), "username column") {
		t.Fatalf("err = %v", err)
	}
	_, err = im.Apply("op1", "demo", "username\n")
	if uiCode(err) != CodeInvalidInput || !strings.Contains(uiMessage(err), "no users") {
		t.Fatalf("err = %v", err)
	}
}
