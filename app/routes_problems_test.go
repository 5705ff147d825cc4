package app

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/routes"
)

func TestRouteProblemsReadAsSentencesNamingRouteAndField(t *testing.T) {
	cases := []struct {
		p               routes.Problem
		sentence, field string
	}{
		{routes.Problem{Route: "feed", Field: "path", Code: routes.CodePathNotAbsolute, Message: "must start with /"},
			`The path of route "feed" must start with /.`, `The path must start with /.`},
		{routes.Problem{Route: "feed", Field: "name", Code: routes.CodeNameDuplicate, Message: "duplicate: another route has the same name"},
			`The name of route "feed" is a duplicate: another route has the same name.`, `The name is a duplicate: another route has the same name.`},
		{routes.Problem{Route: "#3", Field: "name", Code: routes.CodeRequired, Message: "required"},
			`The name of the unnamed route at position 3 is required.`, `The name is required.`},
		{routes.Problem{Route: "b", Field: "methods", Code: routes.CodeMethodInvalid, Value: "get", Reason: "is not an HTTP method (upper-case token such as GET)", Message: `"get" is not an HTTP method (upper-case token such as GET)`},
			`The method "get" of route "b" is not an HTTP method (upper-case token such as GET).`, `The method "get" is not an HTTP method (upper-case token such as GET).`},
		{routes.Problem{Route: "b", Field: "roles", Code: routes.CodeNeedsAuthRequired, Message: `only allowed with auth required (this route is "public")`},
			`The roles of route "b" are only allowed with auth required (this route is "public").`, `The roles are only allowed with auth required (this route is "public").`},
		{routes.Problem{Field: "issuer", Code: routes.CodeRequired, Message: "required when a route uses auth required or optional"},
			`The issuer is required when a route uses auth required or optional.`, `The issuer is required when a route uses auth required or optional.`},
		{routes.Problem{Line: 10, Route: "typo", Field: "strip_prefx", Code: routes.CodeUnknownKey, Message: "unknown key"},
			`Route "typo" has an unknown key "strip_prefx" (line 10).`, `The route has an unknown key "strip_prefx" (line 10).`},
		{routes.Problem{Line: 4, Field: "colour", Code: routes.CodeUnknownKey, Message: "unknown key"},
			`The file has an unknown key "colour" (line 4).`, `The file has an unknown key "colour" (line 4).`},
		{routes.Problem{Line: 7, Route: "a", Field: "methods", Code: routes.CodeDecode, Message: "cannot unmarshal !!str `GET` into []string"},
			"The methods of route \"a\" have a value of the wrong type (cannot unmarshal !!str `GET` into []string) (line 7).", "The methods have a value of the wrong type (cannot unmarshal !!str `GET` into []string) (line 7)."},
		{routes.Problem{Route: "a", Field: "pass_token", Code: routes.CodePassTokenPublic, Message: "not allowed with auth public, which reads no session"},
			`The pass-the-token setting of route "a" is not allowed with auth public, which reads no session.`, `The pass-the-token setting is not allowed with auth public, which reads no session.`},
		{routes.Problem{Route: "a", Field: "rate.per_identity", Code: routes.CodeRateInvalid, Value: "5/day", Reason: "is not a rate", Message: `"5/day" is not a rate`},
			`The rate limit per identity "5/day" of route "a" is not a rate.`, `The rate limit per identity "5/day" is not a rate.`},
		{routes.Problem{Code: routes.CodeFileEmpty, Message: "the file is empty"}, `The file is empty.`, `The file is empty.`},
	}
	for _, c := range cases {
		if got := problemSentence(c.p, true); got != c.sentence {
			t.Errorf("sentence of %v\n got %s\nwant %s", c.p, got, c.sentence)
		}
		if got := problemSentence(c.p, false); got != c.field {
			t.Errorf("field sentence of %v\n got %s\nwant %s", c.p, got, c.field)
		}
	}
}

// Every problem the validator can report comes out as a sentence: capital
// first letter, full stop, the route by name, no "route #N" for a named one.
func TestEveryValidatorProblemIsASentence(t *testing.T) {
	cfg := routes.Config{
		Version:           2,
		Listen:            "localhost",
		Issuer:            "ftp://idp",
		Audiences:         []string{""},
		AuthorizedParties: []string{" "},
		IdentityHeaders:   map[string]string{"X-User-Id": "", "Bad Header": "sub", "Authorization": "sub", "x_a": "sub", "X-A": "sub"},
		Routes: []routes.Route{
			{Name: "a", Path: "api", Upstream: "http://up", Auth: "sometimes"},
			{Name: "a", Path: "/x", Upstream: "", Auth: routes.AuthPublic, Roles: []string{"admin"}},
			{Name: "b", Path: "/x", Upstream: "unix:///sock", Auth: routes.AuthPublic, Methods: []string{"get", "GET", "GET"}},
			{Name: "c", Path: "/y", Upstream: "http://up", Auth: routes.AuthRequired, Headers: map[string]string{"X-Team": "groups..name"}, Roles: []string{":x", ""}},
			{Name: "d", Path: "/y", Upstream: "http://up", Auth: ""},
			{Name: "e", Path: "/z/../y", Host: "http://h", Upstream: "http://user:pw@up", Auth: routes.AuthPublic},
			{Name: "f", Path: "/a\\b", Upstream: "http://up:99999", Auth: routes.AuthPublic},
			{Name: "", Path: "/w", Upstream: "http://up", Auth: routes.AuthPublic},
		},
	}
	res := validationResult(routes.Validate(cfg))
	if len(res.Problems) < 20 {
		t.Fatalf("only %d problems: %+v", len(res.Problems), res.Problems)
	}
	for _, p := range res.Problems {
		for _, s := range []string{p.Sentence, p.FieldSentence} {
			if s == "" || s[0] < 'A' || s[0] > 'Z' || !strings.HasSuffix(s, ".") {
				t.Errorf("not a sentence: %q", s)
			}
		}
		if p.Route != "" && !strings.HasPrefix(p.Route, "#") && !strings.Contains(p.Sentence, `route "`+p.Route+`"`) {
			t.Errorf("%q does not name route %q", p.Sentence, p.Route)
		}
		if strings.Contains(p.Sentence, "#") {
			t.Errorf("%q names a route by its position", p.Sentence)
		}
	}
}
