package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// RouteProblem is one problem of a route file as the Routes screen shows it:
// where it is (route, field, line), the rule it breaks, and two sentences,
// one naming the route for lists and one for under the field of the route
// being edited.
type RouteProblem struct {
	Line    int    `json:"line,omitempty"`
	Route   string `json:"route,omitempty"` // the route's name, or "#N" for an unnamed one
	Field   string `json:"field,omitempty"` // the route-file key
	Code    string `json:"code"`            // the validator's rule (routes.Code)
	Message string `json:"message"`         // the validator's words, as `tandemctl routes validate` prints them
	// Sentence names the route and the field: `The path of route "feed" must start with /.`
	Sentence string `json:"sentence"`
	// FieldSentence leaves the route out: `The path must start with /.`
	FieldSentence string `json:"fieldSentence"`
	// Role is the role a role_unknown warning is about, as the route
	// writes it ("web:editor"): the screen marks exactly that role.
	Role string `json:"role,omitempty"`
}

func routeProblems(ps []routes.Problem) []RouteProblem {
	out := make([]RouteProblem, len(ps))
	for i, p := range ps {
		out[i] = RouteProblem{
			Line: p.Line, Route: p.Route, Field: p.Field, Code: string(p.Code), Message: p.Message, Role: p.Role,
			Sentence:      problemSentence(p, true),
			FieldSentence: problemSentence(p, false),
		}
	}
	return out
}

// routeFileError turns a *routes.ValidationError into invalid_input with a
// short message and every problem (see routeFileUI); other errors pass
// unchanged.
func routeFileError(err error) error {
	var ve *routes.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	ui := routeFileUI(ve)
	ui.Message = fmt.Sprintf("The route file has %d problems.", len(ve.Problems))
	if len(ve.Problems) == 1 {
		ui.Message = "The route file has a problem."
	}
	return &ui
}

// routeFileUI carries a route file's problems to the UI: one sentence each
// naming its route and field (Details), and each by type with the sentence
// for under its field (Problems).
func routeFileUI(ve *routes.ValidationError) UIError {
	ui := UIError{Code: CodeInvalidInput, Details: make([]string, len(ve.Problems)), Problems: make([]InputProblem, len(ve.Problems))}
	for i, p := range ve.Problems {
		ui.Details[i] = problemSentence(p, true)
		ui.Problems[i] = InputProblem{Field: p.Field, Code: string(p.Code), Message: problemSentence(p, false), Route: p.Route, Line: p.Line}
	}
	return ui
}

// fieldNames are the route-file keys in words; plural keys hold lists.
var fieldNames = map[string]struct {
	words, one string // the field, and one value of it
	plural     bool
}{
	"version":                  {"version", "version", false},
	"listen":                   {"listen address", "listen address", false},
	"issuer":                   {"issuer", "issuer", false},
	"audiences":                {"audiences", "audience", true},
	"authorized_parties":       {"authorized parties", "authorized party", true},
	"identity_headers":         {"identity headers", "identity header", true},
	"name":                     {"name", "name", false},
	"path":                     {"path", "path", false},
	"methods":                  {"methods", "method", true},
	"host":                     {"host", "host", false},
	"upstream":                 {"upstream", "upstream", false},
	"auth":                     {"auth mode", "auth mode", false},
	"roles":                    {"roles", "role", true},
	"headers":                  {"identity headers", "identity header", true},
	"strip_prefix":             {"strip prefix setting", "strip prefix setting", false},
	"disabled":                 {"disabled setting", "disabled setting", false},
	"rate.per_identity":        {"rate limit per identity", "rate limit per identity", false},
	"rate.anonymous":           {"rate limit without identity", "rate limit without identity", false},
	"login":                    {"browser sign-in setting", "browser sign-in setting", false},
	"pass_token":               {"pass-the-token setting", "pass-the-token setting", false},
	"admin_listen":             {"admin listen address", "admin listen address", false},
	"trusted_proxies":          {"trusted proxies", "trusted proxy", true},
	"max_header_bytes":         {"header size limit", "header size limit", false},
	"timeouts.read_header":     {"read-header timeout", "read-header timeout", false},
	"timeouts.idle":            {"idle timeout", "idle timeout", false},
	"timeouts.upstream_header": {"upstream-header timeout", "upstream-header timeout", false},
	"login.client_id":          {"sign-in client id", "sign-in client id", false},
	"login.cookie_name":        {"session cookie name", "session cookie name", false},
	"login.scopes":             {"sign-in scopes", "sign-in scope", true},
	"login.redirect_url":       {"sign-in redirect URL", "sign-in redirect URL", false},
	"tls.cert_file":            {"TLS certificate file", "TLS certificate file", false},
	"tls.key_file":             {"TLS key file", "TLS key file", false},
}

// verdict is how a rule's reason joins the field's name in a sentence.
type verdict int

const (
	says      verdict = iota // "must start with /": follows the name as it is
	is                       // "required": "is required"
	isA                      // "duplicate: …": "is a duplicate: …"
	wrongType                // a decoder's words: "has a value of the wrong type (…)"
)

// verdicts lists the rules whose reason is a bare verdict; every other rule says.
var verdicts = map[routes.Code]verdict{
	routes.CodeRequired:          is,
	routes.CodeNeedsAuthRequired: is, // "only allowed with auth required"
	routes.CodePassTokenPublic:   is, // "not allowed with auth public"
	routes.CodeNameDuplicate:     isA,
	routes.CodeRouteDuplicate:    isA,
	routes.CodeDecode:            wrongType,
}

// problemSentence renders a problem as a sentence that names the field in
// words and, withRoute, the route by its name. The problem's code says how
// its reason reads after the field's name, and a problem about one value
// (`"get"`) names that value after the field: the message is never read.
func problemSentence(p routes.Problem, withRoute bool) string {
	route := ""
	if withRoute && p.Route != "" {
		route = routePhrase(p.Route)
	}
	reason := p.Reason
	if reason == "" {
		reason = p.Message // a problem made without its parts, as a decoder's
	}
	reason = strings.TrimSpace(reason)
	var s string
	switch {
	case p.Field == "" && route != "":
		s = capitalise(route) + " " + predicate(p.Code, reason, false)
	case p.Field == "":
		s = capitalise(reason)
	case p.Code == routes.CodeUnknownKey:
		switch {
		case route != "":
			s = fmt.Sprintf("%s has an unknown key %q", capitalise(route), p.Field)
		case p.Route != "":
			s = fmt.Sprintf("The route has an unknown key %q", p.Field)
		default:
			s = fmt.Sprintf("The file has an unknown key %q", p.Field)
		}
	default:
		name, known := fieldNames[p.Field]
		if !known {
			name.words, name.one = "key "+strconv.Quote(p.Field), "key "+strconv.Quote(p.Field)
		}
		if p.Value != "" {
			// `"get" is not an HTTP method`: the value leads, after one of the field's names.
			s = "The " + name.one + " " + strconv.Quote(p.Value) + of(route) + " " + reason
		} else {
			s = "The " + name.words + of(route) + " " + predicate(p.Code, reason, name.plural)
		}
	}
	if p.Line > 0 {
		s += " (line " + strconv.Itoa(p.Line) + ")"
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// routePhrase names a route: by its name, or by its place when it has none.
func routePhrase(label string) string {
	if n, ok := strings.CutPrefix(label, "#"); ok {
		if _, err := strconv.Atoi(n); err == nil {
			return "the unnamed route at position " + n
		}
	}
	return "route " + strconv.Quote(label)
}

func of(route string) string {
	if route == "" {
		return ""
	}
	return " of " + route
}

// predicate gives a bare verdict its verb: "required" → "is required".
func predicate(code routes.Code, reason string, plural bool) string {
	be, have := "is", "has"
	if plural {
		be, have = "are", "have"
	}
	switch verdicts[code] {
	case is:
		return be + " " + reason
	case isA:
		return be + " a " + reason
	case wrongType:
		// A decoding error: `cannot unmarshal !!str "GET" into []string`.
		return have + " a value of the wrong type (" + reason + ")"
	}
	return reason
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
