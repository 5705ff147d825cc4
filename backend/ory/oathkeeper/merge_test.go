package oathkeeper

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

// A profile's file: its own route "mine", a route "feed" the rules also
// define, the default identity headers, and deployment settings.
func profileFile() routes.Config {
	return routes.Config{Version: 1, Listen: "127.0.0.1:9999", Issuer: "http://kc/realms/demo", Routes: []routes.Route{
		{Name: "mine", Path: "/mine", Upstream: "http://up", Auth: routes.AuthRequired},
		{Name: "feed", Path: "/old-feed", Upstream: "http://up", Auth: routes.AuthPublic},
	}}
}

// What a conversion gives: its own identity headers and two routes.
func importedFile() routes.Config {
	return routes.Config{Version: 1, Issuer: "http://kc/realms/demo",
		IdentityHeaders: map[string]string{"X-User-Id": "sub", "X-Plan": "plan"},
		Routes: []routes.Route{
			{Name: "feed", Path: "/feed", Upstream: "http://up", Auth: routes.AuthOptional},
			{Name: "docs", Path: "/docs", Upstream: "http://up", Auth: routes.AuthPublic},
		}}
}

func names(cfg routes.Config) []string {
	var out []string
	for _, r := range cfg.Routes {
		out = append(out, r.Name)
	}
	return out
}

func TestPlaceReplaceKeepsDeploymentSettingsOnly(t *testing.T) {
	out, _, err := Place(profileFile(), importedFile(), IntoReplace)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(out); !slices.Equal(got, []string{"feed", "docs"}) {
		t.Errorf("routes %v, want feed, docs", got)
	}
	if out.Listen != "127.0.0.1:9999" || !maps.Equal(out.IdentityHeaders, importedFile().IdentityHeaders) {
		t.Errorf("listen %q, identity headers %v", out.Listen, out.IdentityHeaders)
	}
	if err := routes.Validate(out); err != nil {
		t.Errorf("the result does not validate: %v", err)
	}
}

// Merging by name replaces "feed", keeps "mine" first, adds "docs"; the
// file keeps its default identity headers, and feed pins what its rule
// sent that they would not (X-Plan), with a note for what it gets besides.
func TestPlaceMergeByNamePinsTheRulesHeaders(t *testing.T) {
	out, notes, err := Place(profileFile(), importedFile(), IntoMerge)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(out); !slices.Equal(got, []string{"mine", "feed", "docs"}) {
		t.Errorf("routes %v, want mine, feed, docs", got)
	}
	if out.Routes[1].Path != "/feed" || len(out.IdentityHeaders) != 0 {
		t.Errorf("feed %+v, file identity headers %v", out.Routes[1], out.IdentityHeaders)
	}
	if want := map[string]string{"X-Plan": "plan"}; !maps.Equal(out.Routes[1].Headers, want) {
		t.Errorf("feed's headers %v, want %v", out.Routes[1].Headers, want)
	}
	got := routes.EffectiveRouteHeaders(out, out.Routes[1])
	if got["X-User-Id"] != "sub" || got["X-Plan"] != "plan" {
		t.Errorf("feed sends %v, want at least what its rule sent", got)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "route feed also sends the file's X-User-Email (email), X-User-Name (preferred_username), X-User-Roles (realm_access.roles)") {
		t.Errorf("notes %q", notes)
	}
	if err := routes.Validate(out); err != nil {
		t.Errorf("the result does not validate: %v", err)
	}
}

func TestPlaceMergeSaysWhenTheFileKeepsAnotherIssuer(t *testing.T) {
	imp := importedFile()
	imp.Issuer = "http://other/realms/x"
	out, notes, err := Place(profileFile(), imp, IntoMerge)
	if err != nil {
		t.Fatal(err)
	}
	if out.Issuer != "http://kc/realms/demo" || !strings.Contains(strings.Join(notes, "\n"), "keeps its issuer http://kc/realms/demo") {
		t.Errorf("issuer %q, notes %q", out.Issuer, notes)
	}
	if _, _, err := Place(profileFile(), imp, "append"); err == nil {
		t.Error("an unknown way in was accepted")
	}
}
