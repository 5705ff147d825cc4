package profile_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// The Local profile's compiled-in routes must mean the same as the example
// file the docs point people at.
func TestDemoRoutesMatchTheExampleFile(t *testing.T) {
	file, err := routes.CheckFile("../../docs/examples/routes.yaml", routes.ValidateStandalone)
	if err != nil {
		t.Fatal(err)
	}
	demo := profile.DemoRoutes()
	if demo.Listen != file.Listen || demo.Issuer != file.Issuer {
		t.Errorf("listen/issuer = %s %s, file has %s %s", demo.Listen, demo.Issuer, file.Listen, file.Issuer)
	}
	if demo.Login.ClientID != file.Login.ClientID || demo.Login.EffectiveCookieName() != file.Login.EffectiveCookieName() {
		t.Errorf("login = %+v, file has %+v", demo.Login, file.Login)
	}
	if !maps.Equal(demo.EffectiveIdentityHeaders(), file.EffectiveIdentityHeaders()) {
		t.Errorf("identity headers = %v, file has %v", demo.EffectiveIdentityHeaders(), file.EffectiveIdentityHeaders())
	}
	if len(demo.Routes) != len(file.Routes) {
		t.Fatalf("%d routes, file has %d", len(demo.Routes), len(file.Routes))
	}
	for i, r := range demo.Routes {
		f := file.Routes[i]
		if r.Name != f.Name || r.Path != f.Path || r.Upstream != f.Upstream || r.Auth != f.Auth || !slices.Equal(r.Roles, f.Roles) ||
			r.Login != f.Login || r.PassToken != f.PassToken {
			t.Errorf("route %d = %+v, file has %+v", i, r, f)
		}
	}
}
