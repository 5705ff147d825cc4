//go:build integration

package keycloak

import (
	"bytes"
	"strings"
	"testing"
)

func TestIntegrationRealmSettingsRoundTrip(t *testing.T) {
	ctx, c, name := integrationRealm(t)

	want := RealmSettings{
		DisplayName: "Throwaway", Enabled: true, RegistrationAllowed: true, LoginWithEmailAllowed: false,
		VerifyEmail: true, AccessTokenLifespan: 420, SSOSessionIdleTimeout: 900, SSOSessionMaxLifespan: 7200,
		BruteForceProtected: true, UnmanagedAttributes: UnmanagedAdminEdit,
	}
	if err := c.UpdateRealmSettings(ctx, name, want); err != nil {
		t.Fatalf("UpdateRealmSettings: %v", err)
	}
	got, err := c.GetRealm(ctx, name)
	if err != nil {
		t.Fatalf("GetRealm: %v", err)
	}
	if got.Name != name || got.Settings != want {
		t.Fatalf("settings = %+v, want %+v", got.Settings, want)
	}

	// Flip every flag back: each field is really written, not just kept.
	want = RealmSettings{
		DisplayName: "", Enabled: true, LoginWithEmailAllowed: true,
		AccessTokenLifespan: 300, SSOSessionIdleTimeout: 1800, SSOSessionMaxLifespan: 36000,
		UnmanagedAttributes: UnmanagedDisabled,
	}
	if err := c.UpdateRealmSettings(ctx, name, want); err != nil {
		t.Fatalf("UpdateRealmSettings: %v", err)
	}
	if got, _ = c.GetRealm(ctx, name); got.Settings != want {
		t.Fatalf("settings = %+v, want %+v", got.Settings, want)
	}
}

func TestIntegrationRealmCreateConflictAndDelete(t *testing.T) {
	ctx, c := integrationAdmin(t)
	name := uniqueName("tandem-test")
	if err := c.CreateRealm(ctx, NewRealm{Name: name, DisplayName: "Temp", Enabled: true}); err != nil {
		t.Fatalf("CreateRealm: %v", err)
	}
	if err := c.CreateRealm(ctx, NewRealm{Name: name, Enabled: true}); !isErr(err, ErrConflict) {
		t.Errorf("second CreateRealm: err = %v, want ErrConflict", err)
	}
	realms, err := c.ListRealms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range realms {
		found = found || (r.Name == name && r.DisplayName == "Temp")
	}
	if !found {
		t.Errorf("new realm %s missing from %+v", name, realms)
	}
	wantDeleted(t, "realm", c.DeleteRealm(ctx, name), func() error {
		_, err := c.GetRealm(ctx, name)
		return err
	})
}

func TestIntegrationExportIsDeterministic(t *testing.T) {
	ctx, c := integrationAdmin(t)
	first, err := c.ExportRealm(ctx, "demo")
	if err != nil {
		t.Fatalf("ExportRealm: %v", err)
	}
	second, err := c.ExportRealm(ctx, "demo")
	if err != nil {
		t.Fatalf("ExportRealm: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("two exports of an unchanged realm differ")
	}
	s := string(first)
	for _, want := range []string{`"realm": "demo"`, `"clientId": "tandem-service"`, `"name": "staff"`, `"name": "admin"`} {
		if !strings.Contains(s, want) {
			t.Errorf("export lacks %s", want)
		}
	}
	if strings.Contains(s, "demo-service-secret") {
		t.Error("export contains the client secret in clear")
	}
}
