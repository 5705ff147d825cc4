package tester

import (
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// TestLintOffersMapperFixesAsData: a missing claim that one client mapper
// would add comes with that mapper as data (type, config, target client);
// claims a built-in scope carries, and claims a mapper already writes, come
// with none.
func TestLintOffersMapperFixesAsData(t *testing.T) {
	cfg := routes.Config{Issuer: "http://kc/realms/demo", Audiences: []string{"orders-api"}, IdentityHeaders: map[string]string{
		"X-User-Email": "email", "X-Tenant": "org.tenant", "X-Groups": "groups", "X-Dept": "department"}}
	r := route(routes.AuthRequired)
	claims := aliceClaims()
	delete(claims, "email")
	sample := TokenSample{Client: "web", User: "alice", Claims: claims, Mappers: []ClientMapper{
		{Name: "department", Type: "oidc-usermodel-attribute-mapper", Claim: "department", AccessToken: true},
	}}
	fs := LintClaims(cfg, r, sample)

	tenant, _ := findingAbout(fs, "X-Tenant")
	if a := tenant.Apply; a == nil || a.Client != "web" || a.Type != "oidc-usermodel-attribute-mapper" ||
		a.Config["user.attribute"] != "tenant" || a.Config["claim.name"] != "org.tenant" || a.Config["access.token.claim"] != "true" {
		t.Errorf("X-Tenant fix = %+v", tenant.Apply)
	}
	groups, _ := findingAbout(fs, "X-Groups")
	if a := groups.Apply; a == nil || a.Type != "oidc-group-membership-mapper" || a.Config["claim.name"] != "groups" || a.Config["full.path"] != "false" {
		t.Errorf("X-Groups fix = %+v", groups.Apply)
	}
	aud, _ := findingAbout(fs, "aud")
	if a := aud.Apply; a == nil || a.Type != "oidc-audience-mapper" || a.Config["included.custom.audience"] != "orders-api" || a.Config["access.token.claim"] != "true" {
		t.Errorf("aud fix = %+v", aud.Apply)
	}
	if f, ok := findingAbout(fs, "X-User-Email"); !ok || f.Apply != nil {
		t.Errorf("email (carried by the email scope) = %+v, want a finding without a mapper fix", f)
	}
	if f, ok := findingAbout(fs, "X-Dept"); !ok || f.Apply != nil {
		t.Errorf("department (a mapper exists, the user lacks the attribute) = %+v, want no new mapper", f)
	}
}
