//go:build integration

package app

import (
	"context"
	"slices"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
	"github.com/tandemhq/tandem/backend/tokenclaims"
	"github.com/tandemhq/tandem/test/livekc"
)

// TestLiveApplyFixAddsTheAudience: on a route whose file accepts only aud
// orders-api, the lint offers an audience mapper; applying it adds the mapper
// to the client and the token obtained afterwards carries the audience.
func TestLiveApplyFixAddsTheAudience(t *testing.T) {
	s, session := newTesterFixture(t, nil)
	ctx := context.Background()
	c, err := session.Keycloak(ctx)
	if err != nil {
		t.Fatal(err)
	}
	realm := livekc.Realm(t, c, "tandem-test-fix")
	cl, err := c.CreateClient(ctx, realm, keycloak.OIDCClientInput{ClientID: "web", Enabled: true, Public: true, DirectAccessGrants: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUserWith(ctx, realm, keycloak.UserInput{Username: "ann", Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", Enabled: true, EmailVerified: true},
		keycloak.NewUserExtras{Password: "ann-pass-1"}); err != nil {
		t.Fatal(err)
	}
	cfg := routes.Config{Version: 1, Issuer: c.BaseURL() + "/realms/" + realm, Audiences: []string{"orders-api"}, Routes: []routes.Route{{
		Name: "orders", Path: "/orders", Upstream: "http://127.0.0.1:1", Auth: routes.AuthRequired,
	}}}
	if _, err := NewRouteService(session, NewLifecycle()).Save(cfg); err != nil {
		t.Fatal(err)
	}
	ann := tester.Identity{Kind: tester.KindPassword, ClientID: "web", Username: "ann", Password: "ann-pass-1"}

	before, err := s.Lint("orders", ann)
	if err != nil {
		t.Fatal(err)
	}
	var fix *tester.MapperFix
	for _, f := range before.Findings {
		if f.Subject == "aud" {
			fix = f.Apply
		}
	}
	if fix == nil || fix.Client != "web" {
		t.Fatalf("lint before the fix: %+v, want an audience fix for client web", before.Findings)
	}
	after, err := s.ApplyFix("orders", ann, *fix)
	if err != nil {
		t.Fatalf("ApplyFix: %v", err)
	}
	if aud := tokenclaims.Audience(after.Claims); !slices.Contains(aud, "orders-api") {
		t.Fatalf("token after the fix has aud %v, want orders-api", aud)
	}
	for _, f := range after.Findings {
		if f.Subject == "aud" {
			t.Fatalf("aud still flagged after the fix: %+v", f)
		}
	}
	mappers, err := c.ClientMappers(ctx, realm, cl.ID)
	if err != nil || len(mappers) != 1 || mappers[0].Mapper != "oidc-audience-mapper" {
		t.Fatalf("client mappers after the fix: %+v, %v", mappers, err)
	}
}
