package app

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
)

func TestReachRolesReadsRouteRoleNames(t *testing.T) {
	got, err := reachRoles([]string{"user", " web:editor ", "a:b:c"})
	want := []keycloak.RoleName{{Name: "user"}, {ClientID: "web", Name: "editor"}, {ClientID: "a", Name: "b:c"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("reachRoles = %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{":x", "x:"} {
		if _, err := reachRoles([]string{bad}); !errors.Is(err, keycloak.ErrInvalidInput) {
			t.Errorf("reachRoles(%q): err = %v, want ErrInvalidInput", bad, err)
		}
	}
}
