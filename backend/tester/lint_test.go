package tester

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

var demoRoles = RealmRoles{Realm: []string{"user", "admin"}, Clients: map[string][]string{"web": {"viewer"}}}

func findingAbout(fs []Finding, subject string) (Finding, bool) {
	for _, f := range fs {
		if f.Subject == subject {
			return f, true
		}
	}
	return Finding{}, false
}

func TestLintRolesNamesMissingRoles(t *testing.T) {
	r := route(routes.AuthRequired, "admin", "auditor", "web:viewer", "web:editor", "crm:agent")
	fs := LintRoles(r, demoRoles)
	for _, s := range []string{"auditor", "web:editor", "crm:agent"} {
		f, ok := findingAbout(fs, s)
		if !ok || f.Severity != SeverityError || f.Fix == "" {
			t.Errorf("%s: %+v, found %v", s, f, ok)
		}
	}
	for _, s := range []string{"admin", "web:viewer", "roles"} {
		if _, ok := findingAbout(fs, s); ok {
			t.Errorf("%s flagged although it exists", s)
		}
	}
	fs = LintRoles(route(routes.AuthRequired, "ghost"), demoRoles)
	if f, ok := findingAbout(fs, "roles"); !ok || !strings.Contains(f.Message, "nobody") {
		t.Errorf("all roles missing must say nobody passes: %+v", fs)
	}
	if fs := LintRoles(route(routes.AuthRequired, "admin"), demoRoles); len(fs) != 0 {
		t.Errorf("clean route: %+v", fs)
	}
}

func TestLintClaimsNamesTheMapperThatWouldAddAClaim(t *testing.T) {
	cfg := routes.Config{Issuer: "http://kc/realms/demo", IdentityHeaders: map[string]string{
		"X-User-Id": "sub", "X-User-Email": "email", "X-Tenant": "tenant", "X-Groups": "groups"}}
	r := route(routes.AuthRequired, "admin", "web:viewer")
	claims := aliceClaims()
	delete(claims, "email")
	delete(claims, "realm_access")
	delete(claims, "resource_access")
	fs := LintClaims(cfg, r, TokenSample{Client: "web", User: "alice", Claims: claims})
	want := map[string]string{
		"X-User-Email":       `"email" client scope`,
		"X-Tenant":           "oidc-usermodel-attribute-mapper",
		"X-Groups":           "oidc-group-membership-mapper",
		"realm_access.roles": "oidc-usermodel-realm-role-mapper",
		"web:viewer":         "oidc-usermodel-client-role-mapper",
	}
	for subject, fix := range want {
		f, ok := findingAbout(fs, subject)
		if !ok || !strings.Contains(f.Fix, fix) {
			t.Errorf("%s: %+v (found %v), want fix mentioning %s", subject, f, ok, fix)
		}
	}
	if f, _ := findingAbout(fs, "realm_access.roles"); f.Severity != SeverityError {
		t.Error("no realm roles in tokens means nobody passes: an error")
	}
	if _, ok := findingAbout(fs, "X-User-Id"); ok {
		t.Error("sub is present, X-User-Id must not be flagged")
	}
	if fs := LintClaims(routes.Config{}, route(routes.AuthRequired, "admin"), TokenSample{Client: "web", User: "alice", Claims: aliceClaims()}); len(fs) != 0 {
		t.Errorf("alice's full token against the default headers: %+v", fs)
	}
}

func TestLintClaimsChecksAudienceAndParty(t *testing.T) {
	cfg := routes.Config{Audiences: []string{"api"}, AuthorizedParties: []string{"mobile"}}
	c := aliceClaims()
	c["aud"] = "account"
	c["azp"] = "web"
	fs := LintClaims(cfg, route(routes.AuthPublic), TokenSample{Client: "web", User: "alice", Claims: c})
	if f, ok := findingAbout(fs, "aud"); !ok || !strings.Contains(f.Fix, "oidc-audience-mapper") {
		t.Errorf("aud: %+v", fs)
	}
	if _, ok := findingAbout(fs, "azp"); !ok {
		t.Errorf("azp: %+v", fs)
	}
	c["aud"] = []any{"account", "api"}
	cfg.AuthorizedParties = []string{"web"}
	if fs := LintClaims(cfg, route(routes.AuthPublic), TokenSample{Client: "web", User: "alice", Claims: c}); len(fs) != 0 {
		t.Errorf("accepted aud and azp flagged: %+v", fs)
	}
}

func TestMapperForKnownClaims(t *testing.T) {
	cases := map[string]string{
		"sub": "oidc-sub-mapper", "email": "oidc-usermodel-attribute-mapper", "realm_access.roles": "oidc-usermodel-realm-role-mapper",
		"resource_access.web.roles": "oidc-usermodel-client-role-mapper", "name": "oidc-full-name-mapper", "department": "oidc-usermodel-attribute-mapper",
		"email_verified": "oidc-usermodel-property-mapper", "groups": "oidc-group-membership-mapper", "azp": "", "realm_access": "oidc-usermodel-realm-role-mapper",
		// Only role claims are known by their top-level name.
		"email.work": "oidc-usermodel-attribute-mapper",
	}
	for path, typ := range cases {
		if m := MapperFor(path); m.Type != typ {
			t.Errorf("%s: %s, want %s", path, m.Type, typ)
		}
	}
	if m := MapperFor("email"); m.Scope != "email" {
		t.Errorf("email scope: %q", m.Scope)
	}
	if m := MapperFor("given_name"); m.Scope != "profile" {
		t.Errorf("given_name scope: %q", m.Scope)
	}
	if m := MapperFor("email.work"); m.Scope != "" || !strings.Contains(m.Note, "email.work") {
		t.Errorf("email.work: %+v, want a custom attribute mapper", m)
	}
}

type fakeDirectory struct {
	roles   RealmRoles
	holders map[string][]Member
	asked   []string
}

func (d *fakeDirectory) DefinedRoles(ctx context.Context, realm string, clients []string) (RealmRoles, error) {
	return d.roles, nil
}

func (d *fakeDirectory) UsersWithAnyRole(ctx context.Context, realm string, roles []string, first, max int) (MemberPage, error) {
	d.asked = roles
	seen := map[string]bool{}
	var all []Member
	for _, r := range roles {
		for _, m := range d.holders[r] {
			if !seen[m.ID] {
				seen[m.ID] = true
				all = append(all, m)
			}
		}
	}
	page := MemberPage{Total: len(all)}
	for i := first; i < len(all) && i < first+max; i++ {
		page.Items = append(page.Items, all[i])
	}
	return page, nil
}

func TestWhoCanReach(t *testing.T) {
	dir := &fakeDirectory{roles: demoRoles, holders: map[string][]Member{
		"admin": {{ID: "a", Username: "alice", Enabled: true}},
		"user":  {{ID: "a", Username: "alice"}, {ID: "b", Username: "bob"}, {ID: "s", Username: "service-account-tandem-service", ServiceAccount: true}},
	}}
	cfg := demoConfig("http://kc/realms/demo", "http://127.0.0.1:9")
	ctx := context.Background()

	r, err := WhoCanReach(ctx, dir, cfg, "admin", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if r.Realm != "demo" || r.Everyone || r.Members == nil || r.Members.Total != 1 || r.Members.Items[0].Username != "alice" {
		t.Errorf("admin route: %+v", r)
	}
	for _, name := range []string{"feed", "health"} {
		r, err := WhoCanReach(ctx, nil, cfg, name, 0, 10)
		if err != nil || !r.Everyone || r.Summary == "" || r.Members != nil {
			t.Errorf("%s: %+v, %v", name, r, err)
		}
	}
	cfg.Routes[0].Roles = []string{"user", "ghost"}
	r, _ = WhoCanReach(ctx, dir, cfg, "admin", 1, 1)
	if r.Members.Total != 3 || len(r.Members.Items) != 1 || r.Members.Items[0].Username != "bob" {
		t.Errorf("second page of user holders: %+v", r.Members)
	}
	if len(dir.asked) != 1 || dir.asked[0] != "user" {
		t.Errorf("a role that does not exist must not be queried: %v", dir.asked)
	}
	if _, ok := findingAbout(r.Findings, "ghost"); !ok {
		t.Errorf("missing role not reported: %+v", r.Findings)
	}
	cfg.Routes[0].Roles = []string{"ghost"}
	r, _ = WhoCanReach(ctx, dir, cfg, "admin", 0, 10)
	if !strings.HasPrefix(r.Summary, "Nobody") {
		t.Errorf("no existing role: %q", r.Summary)
	}
	dir.holders["admin"] = nil
	cfg.Routes[0].Roles = []string{"admin"}
	r, _ = WhoCanReach(ctx, dir, cfg, "admin", 0, 10)
	if !strings.HasPrefix(r.Summary, "Nobody") || len(r.Findings) == 0 {
		t.Errorf("role without holders: %q %+v", r.Summary, r.Findings)
	}
}

func TestLintClaimsUsesTheClientsMappersWhenKnown(t *testing.T) {
	cfg := routes.Config{IdentityHeaders: map[string]string{"X-User-Email": "email", "X-Tenant": "tenant", "X-Phone": "phone_number"}}
	claims := aliceClaims()
	delete(claims, "email")
	sample := TokenSample{Client: "web", User: "alice", Claims: claims, Mappers: []ClientMapper{
		{Name: "email", Type: "oidc-usermodel-attribute-mapper", Scope: "email", Claim: "email", AccessToken: true},
		{Name: "tenant", Type: "oidc-usermodel-attribute-mapper", Claim: "tenant", AccessToken: false},
	}}
	fs := LintClaims(cfg, route(routes.AuthOptional), sample)
	if f, _ := findingAbout(fs, "X-User-Email"); !strings.Contains(f.Fix, "already has mapper") || !strings.Contains(f.Fix, "alice has no value") {
		t.Errorf("email: %q", f.Fix)
	}
	if f, _ := findingAbout(fs, "X-Tenant"); !strings.Contains(f.Fix, "Add to access token") {
		t.Errorf("tenant: %q", f.Fix)
	}
	if f, _ := findingAbout(fs, "X-Phone"); !strings.Contains(f.Fix, `"phone" client scope`) {
		t.Errorf("phone: %q", f.Fix)
	}
}
