package kratos

import (
	"slices"
	"strings"
	"testing"
)

func parseOne(t *testing.T, ti testIdentity) Identity {
	t.Helper()
	ids, err := Parse(export(t, ti))
	if err != nil || len(ids) != 1 {
		t.Fatalf("Parse = %v, %v", ids, err)
	}
	return ids[0]
}

func TestDefaultMappingFitsKratosStandardSchemas(t *testing.T) {
	// The email-password preset: no username trait, so the email is the
	// username; name.first/last become first and last name.
	m := DefaultMapping().apply(parseOne(t, testIdentity{id: "1",
		traits:   map[string]any{"email": "Ann@Example.com", "name": map[string]any{"first": "Ann", "last": "Lee"}},
		verified: []string{"Ann@Example.com"}}))
	in := m.input
	if in.Username != "Ann@Example.com" || in.Email != "Ann@Example.com" || in.FirstName != "Ann" || in.LastName != "Lee" ||
		!in.Enabled || !in.EmailVerified || len(m.problems) > 0 || len(m.notImported) > 0 {
		t.Fatalf("mapped = %+v", m)
	}
	// The username preset wins over the email; an unverified address stays
	// unverified; an inactive identity becomes a disabled user.
	m = DefaultMapping().apply(parseOne(t, testIdentity{id: "2", state: "inactive",
		traits: map[string]any{"email": "bo@example.com", "username": "bo", "phone": "+4912345"}}))
	in = m.input
	if in.Username != "bo" || in.EmailVerified || in.Enabled || !slices.Equal(m.notImported, []string{"traits.phone"}) {
		t.Fatalf("mapped = %+v", m)
	}
}

func TestMappingFileOverridesFieldsAndAddsAttributes(t *testing.T) {
	m, err := ParseMapping([]byte(`
username: traits.login
firstName: [traits.given, traits.name.first]
attributes:
  kratos_id: id
  plan: metadata_public.plan
  tags: traits.tags
`))
	if err != nil {
		t.Fatal(err)
	}
	got := m.apply(parseOne(t, testIdentity{id: "id-7",
		traits:         map[string]any{"login": "cy", "email": "cy@example.com", "name": map[string]any{"first": "Cy", "last": "Ng"}, "tags": []any{"a", "b"}, "age": 41},
		metadataPublic: map[string]any{"plan": "pro", "seats": 3},
		otherCreds:     []string{"totp", "oidc"},
	}))
	in := got.input
	if in.Username != "cy" || in.Email != "cy@example.com" || in.FirstName != "Cy" || in.LastName != "Ng" {
		t.Fatalf("input = %+v", in)
	}
	if !slices.Equal(in.Attributes["kratos_id"], []string{"id-7"}) || !slices.Equal(in.Attributes["plan"], []string{"pro"}) ||
		!slices.Equal(in.Attributes["tags"], []string{"a", "b"}) || len(in.Attributes) != 3 {
		t.Fatalf("attributes = %v", in.Attributes)
	}
	want := []string{"traits.age", "metadata_public.seats", "credentials.oidc", "credentials.totp"}
	if !slices.Equal(got.notImported, want) {
		t.Fatalf("notImported = %v, want %v", got.notImported, want)
	}
}

func TestMappingProblems(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"usrname: traits.x", "field usrname not found"},
		{"email: email", `must start with one of`},
		{"username: []", "username: needs at least one source"},
		{"attributes: {a: traits..x}", "attributes.a"},
	} {
		if _, err := ParseMapping([]byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseMapping(%q) = %v, want %q", tc.file, err, tc.want)
		}
	}
	m, _ := ParseMapping([]byte("attributes: {profile: traits.name}"))
	for _, tc := range []struct {
		ti   testIdentity
		want string
	}{
		{testIdentity{id: "a", traits: map[string]any{"phone": "+49"}}, "no username"},
		{testIdentity{id: "b", traits: map[string]any{"email": "not-an-email"}}, "email:"},
		{testIdentity{id: "c", traits: map[string]any{"username": 7}}, "username: traits.username is not a string"},
		{testIdentity{id: "d", traits: map[string]any{"email": "d@example.com", "name": map[string]any{"first": "D"}}}, "attribute profile: traits.name is an object"},
	} {
		got := m.apply(parseOne(t, tc.ti))
		if !strings.Contains(strings.Join(got.problems, "; "), tc.want) {
			t.Errorf("%s: problems = %v, want %q", tc.ti.id, got.problems, tc.want)
		}
	}
}
