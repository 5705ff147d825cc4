//go:build integration

package app

import (
	"testing"

	"github.com/tandemhq/tandem/backend/tester"
)

var (
	liveAlice = tester.Identity{Kind: tester.KindPassword, ClientID: "web", Username: "alice", Password: "alice"}
	liveBob   = tester.Identity{Kind: tester.KindPassword, ClientID: "web", Username: "bob", Password: "bob"}
)

// The Local profile points at the shared Keycloak on 127.0.0.1:8180.
func TestLiveTesterMatrixOnTheLocalAdminRoute(t *testing.T) {
	s, _ := newTesterFixture(t, nil)
	setup, err := s.Setup()
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Matrix(tester.MatrixInput{Route: setup.DefaultRoute, ValidUser: liveAlice, LackingUser: liveBob, Upstream: tester.UpstreamEcho})
	if err != nil {
		t.Fatal(err)
	}
	if m.Route != "admin" || len(m.Rows) != 8 || m.Surprises != 0 || m.Errors != 0 || len(m.Setup) != 0 {
		for _, r := range m.Rows {
			t.Logf("%s: HTTP %d %s %v %s", r.Case, r.Status, r.Decision, r.Surprises, r.Error)
		}
		t.Fatalf("matrix on %s: %d rows, %d surprises, %d errors, setup %v", m.Route, len(m.Rows), m.Surprises, m.Errors, m.Setup)
	}
}

func TestLiveTesterReachAndLint(t *testing.T) {
	s, _ := newTesterFixture(t, nil)
	r, err := s.Reach("admin", 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, m := range r.Members.Items {
		names[m.Username] = true
	}
	if !names["alice"] || names["bob"] || len(r.Findings) != 0 {
		t.Errorf("holders of admin: %v, findings %+v", names, r.Findings)
	}
	r, err = s.Reach("me", 0, 20)
	if err != nil || !r.Everyone {
		t.Errorf("me: %+v, %v", r, err)
	}
	l, err := s.Lint("admin", liveAlice)
	if err != nil {
		t.Fatal(err)
	}
	if !l.MappersKnown || len(l.Findings) != 0 || l.DecidedFrom != "alice's token from client web" {
		t.Errorf("lint: %+v", l)
	}
	// The service account has no email: the lint says the email mapper exists
	// but yields nothing for it.
	svc := tester.Identity{Kind: tester.KindClient, ClientID: "tandem-service", ClientSecret: "demo-service-secret"}
	l, err = s.Lint("admin", svc)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Findings) != 1 || l.Findings[0].Subject != "X-User-Email" {
		t.Errorf("service account lint: %+v", l.Findings)
	}
	if _, err := s.Lint("admin", tester.Identity{Kind: tester.KindPassword, ClientID: "web", Username: "alice", Password: "wrong-password"}); uiCode(err) != CodeUnauthorized {
		t.Errorf("wrong password: %v", err)
	}
}
