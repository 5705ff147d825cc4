package routes

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// A repeated key must never be resolved silently: with the last copy winning,
// a later "auth": "public" opened a required route and a later "roles": []
// let any signed-in user in. Every copy after the first is a problem naming
// the key and the route, and the file is refused.
func TestCheckJSONRefusesDuplicateKeys(t *testing.T) {
	in := `{
  "version": 1,
  "version": 1,
  "identityHeaders": {"X-User-Id": "sub", "X-User-Id": "email"},
  "routes": [
    {"name": "admin", "path": "/admin", "upstream": "http://up", "auth": "required", "roles": ["admin"],
     "auth": "public"},
    {"name": "ops", "path": "/ops", "upstream": "http://up", "auth": "required",
     "roles": ["ops"],
     "roles": [],
     "headers": {"X-Team": "team",
                 "X-Team": "groups"}}
  ]
}`
	cfg, err := Check("r.json", []byte(in), Validate)
	want := []string{
		`r.json:3: version: is given more than once (first at line 2); a key may appear only once`,
		`r.json:4: identity_headers: "X-User-Id" is given more than once (first at line 4); a key may appear only once`,
		`r.json:7: route "admin": auth: is given more than once (first at line 6); a key may appear only once`,
		`r.json:10: route "ops": roles: is given more than once (first at line 9); a key may appear only once`,
		`r.json:12: route "ops": headers: "X-Team" is given more than once (first at line 11); a key may appear only once`,
	}
	if got := problemLines(t, err); !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(cfg.Routes) != 0 {
		t.Fatalf("a file with duplicate keys produced routes: %+v", cfg.Routes)
	}
}

// YAML goes through the same checks, with the same words.
func TestCheckYAMLRefusesDuplicateKeys(t *testing.T) {
	in := "version: 1\nroutes:\n  - name: admin\n    path: /admin\n    upstream: http://up\n    auth: required\n    auth: public\n"
	got := problemLines(t, func() error { _, err := Check("r.yaml", []byte(in), Validate); return err }())
	want := []string{`r.yaml:7: route "admin": auth: is given more than once (first at line 6); a key may appear only once`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Every wrongly typed value is its own problem, naming the field and the type
// it must have, and none is reported again as the zero value it became
// ("name: required" for "name": 5).
func TestCheckJSONListsEveryWronglyTypedValue(t *testing.T) {
	in := `{
  "version": "1",
  "audiences": "web",
  "routes": [
    {"name": 5, "path": "/a", "upstream": "http://up", "auth": "public",
     "stripPrefix": "true", "methods": "GET"},
    {"name": "b", "path": "/b", "upstream": "http://up", "auth": "required",
     "roles": ["admin", 7], "headers": {"X-Team": 1.5}, "disabled": 0},
    "c"
  ]
}`
	_, err := Check("r.json", []byte(in), Validate)
	want := []string{
		`r.json:2: version: must be a whole number, got a string`,
		`r.json:3: audiences: must be a list of strings, got a string`,
		`r.json:5: route "#1": name: must be a string, got a number`,
		`r.json:6: route "#1": strip_prefix: must be true or false, got a string`,
		`r.json:6: route "#1": methods: must be a list of strings, got a string`,
		`r.json:8: route "b": roles: must be a list of strings, got a number in entry 2`,
		`r.json:8: route "b": headers: "X-Team" must map to a string, got a number`,
		`r.json:8: route "b": disabled: must be true or false, got a number`,
		`r.json:9: route "#3": must be an object, got a string`,
	}
	if got := problemLines(t, err); !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// JSON written by any encoder reads back as the same config: indentation
// with tabs, escapes, nulls for empty lists.
func TestParseJSONReadsWhatEncodersWrite(t *testing.T) {
	cfg := validConfig()
	cfg.IdentityHeaders = map[string]string{"X-User-Id": "sub"}
	cfg.Routes[0].Headers = map[string]string{"X-Note": "a/b"}
	cfg.Routes[1].Name = "admin \u00e9\U0001F600 <&>"
	cfg.Routes[2].StripPrefix = true
	for _, indent := range []string{"", "\t", "  "} {
		data, err := json.MarshalIndent(cfg, "", indent)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse("r.json", data)
		if err != nil {
			t.Fatalf("indent %q: %v\n%s", indent, err, data)
		}
		if !reflect.DeepEqual(got, cfg) {
			t.Fatalf("indent %q: read back\n%+v\nwant\n%+v", indent, got, cfg)
		}
	}
}

func TestParseJSONSyntaxErrorsHaveLines(t *testing.T) {
	for in, line := range map[string]int{
		"{\n\"version\": 1,\n\"routes\": [\n}":   4,
		"{\n\"version\": 1,\n\"routes\": [],\n}": 4,
		"{\n\"version\": 1\n":                    3,
		"{\"version\": 1} {}":                    1,
		`{"version": 1, 'routes': []}`:           1,
	} {
		_, err := Parse("r.json", []byte(in))
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Line != line {
			t.Errorf("%q: Parse = %v, want one problem at line %d", in, err, line)
		}
	}
	if _, err := Parse("r.json", []byte(strings.Repeat("[", 100)+strings.Repeat("]", 100))); err == nil {
		t.Error("deeply nested JSON accepted")
	}
}
