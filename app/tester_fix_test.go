package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tester"
)

// TestEveryLintFixIsAMapperTheClientFormAccepts: the tester builds its fixes
// with Keycloak's config keys; the mapper catalogue in backend/keycloak is
// the one home of what a mapper may hold, so every fix the lint offers must
// pass its validation, or applying it would fail.
func TestEveryLintFixIsAMapperTheClientFormAccepts(t *testing.T) {
	cfg := routes.Config{Issuer: "http://kc/realms/demo", Audiences: []string{"orders-api"}, IdentityHeaders: map[string]string{
		"X-Tenant": "tenant", "X-Org": "org.unit", "X-Groups": "groups", "X-Email": "email", "X-Aud": "aud"}}
	fs := tester.LintClaims(cfg, routes.Route{Name: "r", Auth: routes.AuthRequired}, tester.TokenSample{Client: "web", User: "u", Claims: map[string]any{"sub": "1"}})
	fixes := 0
	for _, f := range fs {
		if f.Apply == nil {
			continue
		}
		fixes++
		in := keycloak.MapperInput{Name: f.Apply.Name, Type: f.Apply.Type, Config: f.Apply.Config}
		if err := keycloak.ValidateMapper(in); err != nil {
			t.Errorf("fix for %s: %+v is refused: %v", f.Subject, f.Apply, err)
		}
	}
	if fixes < 4 {
		t.Fatalf("%d fixes offered, want at least tenant, org.unit, groups and aud: %+v", fixes, fs)
	}
}

// TestApplyFixOnAReadOnlyProfileWritesNothing: the fix is refused with
// read_only and no write reaches Keycloak.
func TestApplyFixOnAReadOnlyProfileWritesNothing(t *testing.T) {
	var mu sync.Mutex
	var writes []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && !strings.HasSuffix(r.URL.Path, "/token") {
			mu.Lock()
			writes = append(writes, r.Method+" "+r.URL.Path)
			mu.Unlock()
		}
		emptyKeycloak(w, r)
	}))
	defer srv.Close()
	s, session := newTesterFixture(t, nil)
	ctx := context.Background()
	in := staging("Prod")
	in.KeycloakURL = srv.URL
	p := switchTo(t, session, in)
	cfg := routes.Config{Issuer: srv.URL + "/realms/demo", Routes: []routes.Route{{Name: "x", Path: "/x", Upstream: "http://127.0.0.1:1", Auth: routes.AuthRequired}}}
	if _, err := NewRouteService(session, NewLifecycle()).Save(cfg); err != nil {
		t.Fatal(err)
	}
	in.ReadOnly, in.Secret = true, ""
	if _, err := session.Profiles().Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	fix := tester.MapperFix{Client: "web", Name: "audience api", Type: "oidc-audience-mapper", Config: map[string]string{"included.custom.audience": "api"}}
	_, err := s.ApplyFix("x", tester.Identity{Kind: tester.KindToken, Token: unsignedToken}, fix)
	if uiCode(err) != CodeReadOnly {
		t.Fatalf("ApplyFix on a read-only profile: %v (code %q), want read_only", err, uiCode(err))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(writes) != 0 {
		t.Fatalf("a read-only profile wrote %v", writes)
	}
}
