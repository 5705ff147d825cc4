package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// RouteProblem is one problem of a route file as the Routes screen shows it:
// where it is (route, field, line) and two sentences, one naming the route
// for lists and one for under the field of the route being edited.
type RouteProblem struct {
	Line    int    `json:"line,omitempty"`
	Route   string `json:"route,omitempty"` // the route's name, or "#N" for an unnamed one
	Field   string `json:"field,omitempty"` // the route-file key
	Message string `json:"message"`         // the validator's words, as `tandemctl routes validate` prints them
	// Sentence names the route and the field: `The path of route "feed" must start with /.`
	Sentence string `json:"sentence"`
	// FieldSentence leaves the route out: `The path must start with /.`
	FieldSentence string `json:"fieldSentence"`
}

func routeProblems(ps []routes.Problem) []RouteProblem {
	out := make([]RouteProblem, len(ps))
	for i, p := range ps {
		out[i] = RouteProblem{
			Line: p.Line, Route: p.Route, Field: p.Field, Message: p.Message,
			Sentence:      problemSentence(p, true),
			FieldSentence: problemSentence(p, false),
		}
	}
	return out
}

// routeFileError turns a *routes.ValidationError into invalid_input with a
// short message and one sentence per problem; other errors pass unchanged.
func routeFileError(err error) error {
	var ve *routes.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	msg := fmt.Sprintf("The route file has %d problems.", len(ve.Problems))
	if len(ve.Problems) == 1 {
		msg = "The route file has a problem."
	}
	return &UIError{Code: CodeInvalidInput, Message: msg, Details: problemSentences(ve.Problems)}
}

func problemSentences(ps []routes.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = problemSentence(p, true)
	}
	return out
}

// fieldNames are the route-file keys in words; plural keys hold lists.
var fieldNames = map[string]struct {
	words, one string // the field, and one value of it
	plural     bool
}{
	"version":            {"version", "version", false},
	"listen":             {"listen address", "listen address", false},
	"issuer":             {"issuer", "issuer", false},
	"audiences":          {"audiences", "audience", true},
	"authorized_parties": {"authorized parties", "authorized party", true},
	"identity_headers":   {"identity headers", "identity header", true},
	"name":               {"name", "name", false},
	"path":               {"path", "path", false},
	"methods":            {"methods", "method", true},
	"host":               {"host", "host", false},
	"upstream":           {"upstream", "upstream", false},
	"auth":               {"auth mode", "auth mode", false},
	"roles":              {"roles", "role", true},
	"headers":            {"identity headers", "identity header", true},
	"strip_prefix":       {"strip prefix setting", "strip prefix setting", false},
	"disabled":           {"disabled setting", "disabled setting", false},
}

// problemSentence renders a problem as a sentence that names the field in
// words and, withRoute, the route by its name. The validator's messages say
// what is wrong with the field ("must start with /", `"get" is not an HTTP
// method`), or are a bare verdict ("required", "duplicate: …", "unknown
// key") that gets its verb here.
func problemSentence(p routes.Problem, withRoute bool) string {
	route := ""
	if withRoute && p.Route != "" {
		route = routePhrase(p.Route)
	}
	msg := strings.TrimSpace(p.Message)
	var s string
	switch {
	case p.Field == "" && route != "":
		s = capitalise(route) + " " + predicate(msg, false)
	case p.Field == "":
		s = capitalise(msg)
	case msg == "unknown key":
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
		if value, err := strconv.QuotedPrefix(msg); err == nil {
			// `"get" is not an HTTP method`: the value leads, after one of the field's names.
			s = "The " + name.one + " " + value + of(route) + msg[len(value):]
		} else {
			s = "The " + name.words + of(route) + " " + predicate(msg, name.plural)
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
func predicate(msg string, plural bool) string {
	be, have := "is", "has"
	if plural {
		be, have = "are", "have"
	}
	switch {
	case strings.HasPrefix(msg, "required"), strings.HasPrefix(msg, "only "):
		return be + " " + msg
	case strings.HasPrefix(msg, "duplicate"):
		return be + " a " + msg
	case strings.HasPrefix(msg, "cannot "):
		// A decoding error: `cannot unmarshal !!str "GET" into []string`.
		return have + " a value of the wrong type (" + msg + ")"
	}
	return msg
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
