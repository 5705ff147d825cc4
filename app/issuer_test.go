package app

import (
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// A route file without an issuer trusts the profile's realm: the Routes
// screen, the proxy and the Tester all read it so (profile.RunnableRoutes).
// The Tester used to keep the empty issuer and could obtain no token.
func TestEveryScreenReadsAFileWithoutIssuerAsTheProfilesRealm(t *testing.T) {
	s, rec, p := activeSessionProfile(t)
	want := p.Issuer()
	f, err := NewRouteService(s, NewLifecycle()).Get()
	if err != nil || f.Issuer != want || !f.IssuerDerived {
		t.Errorf("Routes: issuer %q (derived %v), %v; want %q", f.Issuer, f.IssuerDerived, err, want)
	}
	if st := NewProxyService(s, NewLifecycle(), rec, noBrowser{}).State(); st.Status.Issuer != want {
		t.Errorf("Proxy: issuer %q, want %q", st.Status.Issuer, want)
	}
	setup, err := newTesterService(s, NewLifecycle(), fakeSaver{}, nil).Setup()
	if err != nil || setup.Issuer != want {
		t.Errorf("Tester: issuer %q, %v; want %q", setup.Issuer, err, want)
	}
}

// A route file's own issuer wins over the profile's realm, on the Routes
// screen as in the proxy.
func TestEveryScreenReadsTheFilesOwnIssuer(t *testing.T) {
	s, rec, _ := activeSessionProfile(t)
	const want = "https://idp.example.com/realms/shop"
	svc := NewRouteService(s, NewLifecycle())
	if _, err := svc.Save(routes.Config{Version: routes.Version, Issuer: want}); err != nil {
		t.Fatal(err)
	}
	f, err := svc.Get()
	if err != nil || f.Issuer != want || f.IssuerDerived {
		t.Errorf("Routes: issuer %q (derived %v), %v; want %q", f.Issuer, f.IssuerDerived, err, want)
	}
	if st := NewProxyService(s, NewLifecycle(), rec, noBrowser{}).State(); st.Status.Issuer != want {
		t.Errorf("Proxy: issuer %q, want %q", st.Status.Issuer, want)
	}
}
