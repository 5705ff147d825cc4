package oathkeeper

import (
	"regexp"
	"strings"
)

// headerTemplate matches the templates that name one value of the
// session: {{ print .Subject }}, {{ .Extra.email }}, {{ print .Extra.a.b }}.
var headerTemplate = regexp.MustCompile(`^\{\{-?\s*(?:print\s+)?\.(Subject|Extra((?:\.[A-Za-z_][A-Za-z0-9_]*)+))\s*-?\}\}$`)

// claimPath turns a header mutator template into the claim path that
// carries the same value, or "" when the template does more than name one
// value (text around it, functions, conditions, other fields).
func claimPath(tmpl string) string {
	m := headerTemplate.FindStringSubmatch(strings.TrimSpace(tmpl))
	switch {
	case m == nil:
		return ""
	case m[1] == "Subject":
		return "sub"
	default:
		return strings.TrimPrefix(m[2], ".")
	}
}
