package profile

import "testing"

// Each rule reports its own code beside its message, so a form can branch on
// the rule and show the message under the field without reading it.
func TestValidateReportsACodePerRule(t *testing.T) {
	in := ProfileInput{Details: Details{Name: "a\tb", Kind: "qa", Color: "red", KeycloakURL: "kc.example.com", AuthMethod: AuthPassword}}.normalize()
	want := map[string]Code{
		"name":        CodeNotOneLine,
		"kind":        CodeNotAllowed,
		"color":       CodeColorFormat,
		"keycloakUrl": CodeURLScheme,
		"adminRealm":  CodeRequired,
		"username":    CodeRequired,
		"secret":      CodeRequired,
	}
	got := map[string]Code{}
	for _, p := range in.validate(true) {
		if p.Message == "" {
			t.Errorf("%s: no message", p.Field)
		}
		got[p.Field] = p.Code
	}
	for field, code := range want {
		if got[field] != code {
			t.Errorf("%s: code %q, want %q", field, got[field], code)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems for %v, want exactly %v", got, want)
	}
}
