package routes

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const sampleYAML = `version: 1
listen: 127.0.0.1:8080
issuer: http://127.0.0.1:8180/realms/demo
audiences: []
authorized_parties: [web]
identity_headers:
  X-User-Id: sub
routes:
  - name: feed
    path: /api/feed
    methods: [GET]
    host: ""
    upstream: http://127.0.0.1:9090
    auth: optional
    roles: []
    headers: {}
    strip_prefix: false
  - name: admin
    path: /api/admin
    upstream: http://127.0.0.1:9090
    auth: required
    roles: [admin]
    headers:
      X-Client-Roles: resource_access.web.roles
    strip_prefix: true
    disabled: true
`

func TestParseYAML(t *testing.T) {
	cfg, err := Parse("routes.yaml", []byte(sampleYAML))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Routes) != 2 || cfg.Routes[1].Roles[0] != "admin" || !cfg.Routes[1].StripPrefix || !cfg.Routes[1].Disabled {
		t.Fatalf("unexpected config: %+v", cfg)
	}
	if cfg.Routes[1].Headers["X-Client-Roles"] != "resource_access.web.roles" || cfg.AuthorizedParties[0] != "web" {
		t.Fatalf("unexpected config: %+v", cfg)
	}
}

func TestParseRejectsUnknownKeysWithLinesAndRoutes(t *testing.T) {
	in := `version: 1
issuer_url: http://x
routes:
  - name: feed
    path: /api/feed
    upstream: http://127.0.0.1:9090
    auth: optional
    strip-prefix: true
  - path: /b
    upstream: http://127.0.0.1:9090
    auth: public
    role: [x]
`
	_, err := Parse("r.yaml", []byte(in))
	got := problemLines(t, err)
	want := []string{
		`r.yaml:2: issuer_url: unknown key`,
		`r.yaml:8: route "feed": strip-prefix: unknown key`,
		`r.yaml:12: route "#2": role: unknown key`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseReportsTypeErrorsWithLines(t *testing.T) {
	in := "version: one\nroutes:\n  - name: a\n    methods: GET\n"
	_, err := Parse("r.yaml", []byte(in))
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Fatalf("Parse = %v", err)
	}
	if ve.Problems[0].Line != 1 || ve.Problems[1].Line != 4 {
		t.Fatalf("lines: %+v", ve.Problems)
	}
}

func TestParseSyntaxError(t *testing.T) {
	_, err := Parse("r.yaml", []byte("version: 1\nroutes: [\n"))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].File != "r.yaml" {
		t.Fatalf("Parse = %v", err)
	}
}

func TestParseJSON(t *testing.T) {
	in := `{"version":1,"issuer":"http://idp/realms/x","routes":[{"name":"a","path":"/a","upstream":"http://up","auth":"public","stripPrefix":true}]}`
	cfg, err := Parse("r.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Routes[0].StripPrefix || cfg.Issuer != "http://idp/realms/x" {
		t.Fatalf("unexpected: %+v", cfg)
	}
	_, err = Parse("r.json", []byte(`{"version":1,"extra":1,"routes":[{"name":"a","bogus":true}]}`))
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[1].Route != "a" {
		t.Fatalf("Parse = %v", err)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	cfg, err := Parse("routes.yaml", []byte(sampleYAML))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("out.yaml", out)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, out)
	}
	out2, err := Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(out2) {
		t.Fatalf("not stable:\n%s\n---\n%s", out, out2)
	}
	if !reflect.DeepEqual(back.Routes[1], cfg.Routes[1]) {
		t.Fatalf("route changed: %+v vs %+v", back.Routes[1], cfg.Routes[1])
	}
}
