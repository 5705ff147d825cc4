package profile_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

func fields(err error) []string {
	var ve *profile.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

func TestCreateListsEveryProblemAtOnce(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.Create(context.Background(), profile.ProfileInput{Details: profile.Details{
		Name: strings.Repeat("n", profile.MaxNameLength+1), Kind: "qa", Color: "red",
		KeycloakURL: "ftp://kc", AdminRealm: "", AuthMethod: profile.AuthPassword,
	}})
	got := fields(err)
	want := []string{"name", "kind", "color", "keycloakUrl", "adminRealm", "username", "secret"}
	for _, f := range want {
		if !slices.Contains(got, f) {
			t.Errorf("problems %v lack %q (err: %v)", got, f, err)
		}
	}
}

func TestValidationCases(t *testing.T) {
	e, _ := stagingEnv(t)
	cases := []struct {
		name  string
		edit  func(*profile.ProfileInput)
		field string
	}{
		{"name required", func(in *profile.ProfileInput) { in.Name = "  " }, "name"},
		{"name unique ignoring case", func(in *profile.ProfileInput) { in.Name = "STAGING" }, "name"},
		{"url relative", func(in *profile.ProfileInput) { in.KeycloakURL = "/auth" }, "keycloakUrl"},
		{"url without host", func(in *profile.ProfileInput) { in.KeycloakURL = "https://" }, "keycloakUrl"},
		{"url with credentials", func(in *profile.ProfileInput) { in.KeycloakURL = "https://a:b@kc" }, "keycloakUrl"},
		{"color short", func(in *profile.ProfileInput) { in.Color = "#fff" }, "color"},
		{"client needs id", func(in *profile.ProfileInput) { in.AuthMethod = profile.AuthClient }, "clientId"},
		{"unknown method", func(in *profile.ProfileInput) { in.AuthMethod = "kerberos" }, "authMethod"},
		{"secret on create", func(in *profile.ProfileInput) { in.Secret = "" }, "secret"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := stagingInput()
			in.Name = "Other"
			c.edit(&in)
			_, err := e.svc.Create(context.Background(), in)
			if got := fields(err); !slices.Contains(got, c.field) {
				t.Errorf("problems = %v (err %v), want one for %q", got, err, c.field)
			}
		})
	}
}

func TestCreateFillsDefaultsAndKeepsSecretOut(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := stagingInput()
	in.KeycloakURL += "/"
	p := mustCreate(t, e.svc, in)
	if p.Color != profile.DefaultColor(profile.KindStaging) || p.KeycloakURL != "https://kc.staging.example.com" {
		t.Errorf("profile = %+v", p)
	}
	if p.SecretStore != profile.StoreEncryptedFile {
		t.Errorf("SecretStore = %q", p.SecretStore)
	}
	secret, err := e.svc.Secret(ctx, p.ID)
	if err != nil || secret != "s3cret-pass" {
		t.Errorf("Secret = %q, %v", secret, err)
	}
	cfg, err := e.svc.Routes(ctx, p.ID)
	if err != nil || cfg.Issuer != "https://kc.staging.example.com/realms/shop" || cfg.Version != routes.Version {
		t.Errorf("starter routes = %+v, %v", cfg, err)
	}
}

func TestUpdateKeepsOrReplacesTheSecret(t *testing.T) {
	e, p := stagingEnv(t)
	ctx := context.Background()

	in := stagingInput()
	in.Secret = ""
	in.Color = "#123456"
	u, err := e.svc.Update(ctx, p.ID, in)
	if err != nil || u.Color != "#123456" {
		t.Fatalf("Update = %+v, %v", u, err)
	}
	if s, _ := e.svc.Secret(ctx, p.ID); s != "s3cret-pass" {
		t.Errorf("secret after update without one = %q", s)
	}
	in.Secret = "rotated"
	if _, err := e.svc.Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if s, _ := e.svc.Secret(ctx, p.ID); s != "rotated" {
		t.Errorf("secret after rotation = %q", s)
	}

	in.Secret = ""
	in.AuthMethod, in.ClientID = profile.AuthClient, "tandem-service"
	if got := fields(mustFail(e.svc.Update(ctx, p.ID, in))); !slices.Contains(got, "secret") {
		t.Errorf("switching method without a secret: problems %v", got)
	}
}

func mustFail(_ profile.Profile, err error) error { return err }

func TestUpdateAndDeleteOfMissingProfile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.svc.Update(ctx, 99, stagingInput()); !errors.Is(err, profile.ErrNotFound) {
		t.Errorf("Update: %v", err)
	}
	if err := e.svc.Delete(ctx, 99); !errors.Is(err, profile.ErrNotFound) {
		t.Errorf("Delete: %v", err)
	}
}

func TestDuplicateCopiesEverythingButSharesNothing(t *testing.T) {
	e, p := stagingEnv(t)
	ctx := context.Background()
	cfg := profile.DemoRoutes()
	if err := e.svc.SaveRoutes(ctx, p.ID, cfg); err != nil {
		t.Fatal(err)
	}
	d, err := e.svc.Duplicate(ctx, p.ID, "Staging copy")
	if err != nil {
		t.Fatal(err)
	}
	if d.KeycloakURL != p.KeycloakURL || d.Username != p.Username || d.ID == p.ID {
		t.Errorf("duplicate = %+v", d)
	}
	if got, _ := e.svc.Routes(ctx, d.ID); len(got.Routes) != len(cfg.Routes) {
		t.Errorf("duplicate routes = %d, want %d", len(got.Routes), len(cfg.Routes))
	}
	in := stagingInput()
	in.Secret = "changed-on-original"
	if _, err := e.svc.Update(ctx, p.ID, in); err != nil {
		t.Fatal(err)
	}
	if s, _ := e.svc.Secret(ctx, d.ID); s != "s3cret-pass" {
		t.Errorf("duplicate secret after changing the original = %q", s)
	}
	if _, err := e.svc.Duplicate(ctx, p.ID, "staging COPY"); !slices.Contains(fields(err), "name") {
		t.Errorf("duplicate to a taken name: %v", err)
	}
}

func TestReadOnlyProfileRefusesRouteChanges(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := stagingInput()
	in.Kind, in.Name, in.ReadOnly = profile.KindProd, "Prod", true
	p := mustCreate(t, e.svc, in)
	err := e.svc.SaveRoutes(ctx, p.ID, profile.DemoRoutes())
	if !errors.Is(err, profile.ErrReadOnly) {
		t.Fatalf("SaveRoutes on read-only = %v, want ErrReadOnly", err)
	}
	if cfg, _ := e.svc.Routes(ctx, p.ID); len(cfg.Routes) != 0 {
		t.Error("routes changed on a read-only profile")
	}
	if got := profile.KeycloakConfig(p, "x"); !got.ReadOnly {
		t.Error("keycloak config of a read-only profile is not read-only")
	}
}

func TestSaveRoutesValidates(t *testing.T) {
	e, p := stagingEnv(t)
	bad := profile.DemoRoutes()
	bad.Routes[0].Upstream = "not a url"
	bad.Routes[1].Roles = []string{"admin"} // roles on an optional route
	err := e.svc.SaveRoutes(context.Background(), p.ID, bad)
	var ve *routes.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) < 2 {
		t.Fatalf("err = %v, want a routes.ValidationError with every problem", err)
	}
}

func TestActiveProfile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.svc.Active(ctx); !errors.Is(err, profile.ErrNoActiveProfile) {
		t.Errorf("Active on empty = %v", err)
	}
	p := mustCreate(t, e.svc, stagingInput())
	if err := e.svc.SetActive(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if a, err := e.svc.Active(ctx); err != nil || a.ID != p.ID {
		t.Errorf("Active = %+v, %v", a, err)
	}
	if err := e.svc.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Active(ctx); !errors.Is(err, profile.ErrNoActiveProfile) {
		t.Errorf("Active after deleting it = %v", err)
	}
}

func TestEnsureLocalOnFirstRunOnly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	created, err := e.svc.EnsureLocal(ctx)
	if err != nil || !created {
		t.Fatalf("EnsureLocal = %v, %v", created, err)
	}
	p, err := e.svc.Active(ctx)
	if err != nil || p.Name != "Local" || p.Kind != profile.KindLocal || p.KeycloakURL != "http://127.0.0.1:8180" ||
		p.AdminRealm != "master" || p.Username != "admin" || p.DefaultRealm != "demo" {
		t.Fatalf("active = %+v, %v", p, err)
	}
	if s, _ := e.svc.Secret(ctx, p.ID); s != "admin" {
		t.Errorf("local secret = %q", s)
	}
	cfg, err := e.svc.Routes(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := routes.ValidateStandalone(cfg); err != nil {
		t.Errorf("demo routes do not validate: %v", err)
	}
	want := map[string]routes.Auth{"/api/public": routes.AuthPublic, "/api/feed": routes.AuthOptional, "/api/me": routes.AuthRequired,
		"/api/admin": routes.AuthRequired, "/app": routes.AuthRequired, "/page": routes.AuthOptional}
	for _, r := range cfg.Routes {
		if want[r.Path] != r.Auth || r.Upstream != "http://127.0.0.1:9090" {
			t.Errorf("route %+v", r)
		}
		if r.Path == "/api/admin" && !slices.Equal(r.Roles, []string{"admin"}) {
			t.Errorf("admin route roles = %v", r.Roles)
		}
	}
	if len(cfg.Routes) != 6 || cfg.Login.ClientID != "tandem-proxy" || cfg.Listen != "127.0.0.1:8080" || cfg.Issuer != "http://127.0.0.1:8180/realms/demo" {
		t.Errorf("demo config = %+v", cfg)
	}

	if err := e.svc.Delete(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if again, err := e.svc.EnsureLocal(ctx); err != nil || again {
		t.Errorf("EnsureLocal after deleting Local = %v, %v; want no re-creation", again, err)
	}
	if list, _ := e.svc.List(ctx); len(list) != 0 {
		t.Errorf("profiles = %v", list)
	}
}

func TestProxySettingsAreKept(t *testing.T) {
	e, p := stagingEnv(t)
	ctx := context.Background()
	if err := e.svc.SaveProxySettings(ctx, p.ID, profile.ProxySettings{AutoStart: true}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SaveRoutes(ctx, p.ID, profile.DemoRoutes()); err != nil {
		t.Fatal(err)
	}
	if ps, err := e.svc.ProxySettings(ctx, p.ID); err != nil || !ps.AutoStart {
		t.Errorf("proxy settings after saving routes = %+v, %v", ps, err)
	}
}
