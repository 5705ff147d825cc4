package routes

import (
	"errors"
	"strings"
	"testing"
)

func validConfig() Config {
	return Config{
		Version: 1,
		Listen:  "127.0.0.1:8080",
		Issuer:  "http://127.0.0.1:8180/realms/demo",
		Routes: []Route{
			{Name: "feed", Path: "/api/feed", Methods: []string{"GET"}, Upstream: "http://127.0.0.1:9090", Auth: AuthOptional},
			{Name: "admin", Path: "/api/admin", Upstream: "http://127.0.0.1:9090", Auth: AuthRequired, Roles: []string{"admin", "web:editor"}},
			{Name: "health", Path: "/health", Upstream: "https://upstream.example:8443/base", Auth: AuthPublic},
		},
	}
}

func TestValidateAcceptsAGoodFile(t *testing.T) {
	if err := Validate(validConfig()); err != nil {
		t.Fatal(err)
	}
	if err := ValidateStandalone(validConfig()); err != nil {
		t.Fatal(err)
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	cfg := Config{
		Version:         2,
		Listen:          "localhost",
		Issuer:          "ftp://idp",
		IdentityHeaders: map[string]string{"X-User-Id": "", "Bad Header": "sub", "Authorization": "sub"},
		Routes: []Route{
			{Name: "a", Path: "api", Upstream: "http://up", Auth: "sometimes"},
			{Name: "a", Path: "/x", Upstream: "", Auth: AuthPublic, Roles: []string{"admin"}},
			{Name: "b", Path: "/x", Upstream: "unix:///sock", Auth: AuthPublic, Methods: []string{"get", "GET", "GET"}},
			{Name: "c", Path: "/y", Upstream: "http://up", Auth: AuthRequired, Headers: map[string]string{"X-Team": "groups..name"}, Roles: []string{":x"}},
			{Name: "d", Path: "/Y", Upstream: "http://up", Auth: AuthRequired},
			{Name: "e", Path: "/z/../y", Host: "http://h", Upstream: "http://user:pw@up", Auth: AuthPublic},
			{Name: "", Path: "/w", Upstream: "http://up", Auth: AuthPublic},
		},
	}
	got := problemLines(t, Validate(cfg))
	want := []string{
		`version: must be 1, got 2`,
		`listen: "localhost" is not host:port`,
		`issuer: "ftp://idp" must be an http:// or https:// URL`,
		`identity_headers: "Authorization" is reserved`,
		`identity_headers: "Bad Header" is not a valid header name`,
		`identity_headers: "X-User-Id" maps to "", which is not a claim path`,
		`route "a": path: must start with /`,
		`route "a": auth: must be required, optional or public, not "sometimes"`,
		`route "a": name: duplicate: another route has the same name`,
		`route "a": upstream: required`,
		`route "a": roles: only allowed with auth required`,
		`route "b": upstream: "unix:///sock" must be an http:// or https:// URL`,
		`route "b": methods: "get" is not an HTTP method`,
		`route "b": methods: "GET" is listed twice`,
		`route "c": headers: "X-Team" maps to "groups..name", which is not a claim path`,
		`route "c": roles: ":x" is not a role name: a client role is written client:role`,
		`route "d": path: duplicate: route "c" matches the same host, path and methods`,
		`route "e": path: must be in normal form: /y`,
		`route "e": host: "http://h" is not a host name`,
		`route "e": upstream: "http://***@up" must not carry credentials`,
		`route "#7": name: required`,
	}
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing problem %q in:\n%s", w, all)
		}
	}
	if strings.Contains(all, "user:pw") {
		t.Errorf("a password leaked into the problems:\n%s", all)
	}
}

func TestValidateStandaloneNeedsIssuer(t *testing.T) {
	cfg := validConfig()
	cfg.Issuer = ""
	if err := Validate(cfg); err != nil {
		t.Fatalf("Validate: %v (the app derives the issuer)", err)
	}
	err := ValidateStandalone(cfg)
	if err == nil || !strings.Contains(err.Error(), "issuer: required") {
		t.Fatalf("ValidateStandalone = %v", err)
	}
}

func TestValidateIgnoresDuplicatesOfDisabledRoutes(t *testing.T) {
	cfg := validConfig()
	dup := cfg.Routes[0]
	dup.Name, dup.Disabled = "feed-old", true
	cfg.Routes = append(cfg.Routes, dup)
	if err := Validate(cfg); err != nil {
		t.Fatal(err)
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{File: "routes.yaml", Line: 7, Route: "feed", Field: "upstream", Message: "required"}
	if got, want := p.String(), `routes.yaml:7: route "feed": upstream: required`; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	p = Problem{File: "routes.yaml", Route: "feed", Field: "upstream", Message: "required"}
	if got, want := p.String(), `routes.yaml: route "feed": upstream: required`; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

// Each rule reports its own stable code, so the app can word and place a
// problem without reading its message; Message stays what tandemctl prints.
func TestEachRuleReportsItsCode(t *testing.T) {
	cases := []struct {
		change      func(*Config)
		field, code string
		message     string
	}{
		{func(c *Config) { c.Routes[0].Path = "api/feed" }, "path", "path_not_absolute", "must start with /"},
		{func(c *Config) { c.Routes[0].Upstream = "" }, "upstream", "required", "required"},
		{func(c *Config) { c.Routes[0].Upstream = "ftp://up" }, "upstream", "url_scheme", `"ftp://up" must be an http:// or https:// URL`},
		{func(c *Config) { c.Routes[0].Methods = []string{"get"} }, "methods", "method_invalid", `"get" is not an HTTP method (upper-case token such as GET)`},
		{func(c *Config) { c.Routes[1].Headers = map[string]string{"Authorization": "sub"} }, "headers", "header_reserved", `"Authorization" is reserved and cannot carry a claim`},
		{func(c *Config) { c.Routes[1].Name = "feed" }, "name", "name_duplicate", "duplicate: another route has the same name"},
		{func(c *Config) { c.Routes[2].Roles = []string{"admin"} }, "roles", "needs_auth_required", `only allowed with auth required (this route is "public")`},
		{func(c *Config) { c.Routes[0].Rate.PerIdentity = "5/day" }, "rate.per_identity", "rate_invalid", `"5/day" is not a rate: the unit must be s, min or h, not "day"`},
		{func(c *Config) { c.Listen = "localhost" }, "listen", "listen_invalid", `"localhost" is not host:port`},
	}
	for _, c := range cases {
		cfg := validConfig()
		c.change(&cfg)
		var ve *ValidationError
		if !errors.As(Validate(cfg), &ve) || len(ve.Problems) != 1 {
			t.Fatalf("%s %s: want one problem, got %v", c.field, c.code, Validate(cfg))
		}
		p := ve.Problems[0]
		if p.Field != c.field || string(p.Code) != c.code || p.Message != c.message {
			t.Errorf("got %s %s %q, want %s %s %q", p.Field, p.Code, p.Message, c.field, c.code, c.message)
		}
	}
}
