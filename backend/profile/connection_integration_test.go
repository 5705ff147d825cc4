//go:build integration

package profile_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/test/livekc"
	"github.com/tandemhq/tandem/test/nowhere"
)

func TestConnectionAgainstKeycloak(t *testing.T) {
	ctx := context.Background()
	p := profile.Profile{Details: profile.Details{Name: "Local", KeycloakURL: livekc.URL(), AdminRealm: "master", AuthMethod: profile.AuthPassword, Username: "admin"}}

	res := profile.TestConnection(ctx, p, "admin")
	if !res.OK || res.KeycloakVersion == "" || !slices.Contains(res.Realms, "demo") || !slices.Contains(res.Realms, "master") {
		t.Fatalf("good credentials: %+v", res)
	}
	t.Logf("Keycloak %s, realms %v", res.KeycloakVersion, res.Realms)

	res = profile.TestConnection(ctx, p, "not-the-password")
	if res.OK || !strings.Contains(res.Problem, "Wrong credentials") {
		t.Errorf("wrong password: %+v", res)
	}

	svc := p
	svc.AuthMethod, svc.Username, svc.ClientID, svc.AdminRealm = profile.AuthClient, "", "tandem-service", "demo"
	res = profile.TestConnection(ctx, svc, "demo-service-secret")
	if res.OK || !strings.Contains(res.Problem, "missing admin roles") {
		t.Errorf("service account without admin roles: %+v", res)
	}

	down := p
	down.KeycloakURL = nowhere.URL(t) // held for the test: no other server can be given it
	res = profile.TestConnection(ctx, down, "admin")
	if res.OK || !strings.Contains(res.Problem, "unreachable") {
		t.Errorf("nothing listening: %+v", res)
	}
}
