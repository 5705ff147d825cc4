package routes

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func problemLines(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want a *ValidationError", err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.String())
	}
	return out
}

// Unknown keys do not hide the rest: one run lists them together with the
// semantic problems of everything else in the file. The file is the proxy
// contract's own (test/contract runs it through tandemctl).
func TestCheckListsUnknownKeysAndSemanticProblemsTogether(t *testing.T) {
	b, err := os.ReadFile("../../test/contract/testdata/mixed-problems.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in := string(b)
	_, err = Check("r.yaml", []byte(in), Validate)
	want := []string{
		`r.yaml:4: colour: unknown key`,
		`r.yaml:10: route "typo": strip_prefx: unknown key`,
		`r.yaml: route "bad-url": upstream: "http//no-scheme" must be an http:// or https:// URL`,
		`r.yaml: route "bad-url": name: duplicate: another route has the same name`,
		`r.yaml: route "opt-roles": roles: only allowed with auth required (this route is "optional")`,
	}
	if got := problemLines(t, err); !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The standalone checks join in too.
	noIssuer := strings.Replace(in, "issuer: http://127.0.0.1:8180/realms/demo\n", "", 1)
	got := problemLines(t, func() error { _, err := Check("r.yaml", []byte(noIssuer), ValidateStandalone); return err }())
	if len(got) != len(want)+1 || got[len(got)-1] != `r.yaml: issuer: required when a route uses auth required or optional` {
		t.Fatalf("standalone: %s", strings.Join(got, "\n"))
	}
}

func TestCheckJSONListsUnknownKeysAndSemanticProblemsTogether(t *testing.T) {
	in := `{"version":1,"extra":1,"routes":[{"name":"a","path":"/a","upstream":"ftp://x","auth":"public","bogus":true}]}`
	_, err := Check("r.json", []byte(in), Validate)
	want := []string{
		`r.json:1: extra: unknown key`,
		`r.json:1: route "a": bogus: unknown key`,
		`r.json: route "a": upstream: "ftp://x" must be an http:// or https:// URL`,
	}
	if got := problemLines(t, err); !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A wrongly typed value is reported once, with its route and field, not a
// second time as the zero value it decoded to.
func TestCheckReportsAWronglyTypedValueOnce(t *testing.T) {
	in := "version: one\nroutes:\n  - name: a\n    path: /a\n    upstream: http://u\n    auth: public\n    methods: GET\n  - bad\n"
	_, err := Check("r.yaml", []byte(in), Validate)
	got := problemLines(t, err)
	want := []string{
		"r.yaml:1: version: must be a whole number, got a string",
		"r.yaml:7: route \"a\": methods: must be a list of strings, got a string",
		"r.yaml:8: route \"#2\": must be a mapping, got a string",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	_, err = Check("r.json", []byte(`{"version":"1","routes":[{"name":"a","path":"/a","upstream":"http://u","auth":"never"}]}`), Validate)
	got = problemLines(t, err)
	if len(got) != 2 || !strings.Contains(got[0], "version") || !strings.Contains(got[1], `route "a": auth: must be required, optional or public, not "never"`) {
		t.Fatalf("JSON: %s", strings.Join(got, "\n"))
	}
}

func TestCheckAcceptsAValidFile(t *testing.T) {
	cfg, err := Check("routes.yaml", []byte(sampleYAML), ValidateStandalone)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Routes) != 2 || cfg.Routes[0].Name != "feed" {
		t.Fatalf("config %+v", cfg)
	}
	if _, err := Check("r.yaml", []byte("version: 1\nroutes: [\n"), Validate); len(problemLines(t, err)) != 1 {
		t.Fatalf("syntax error: %v", err)
	}
}
