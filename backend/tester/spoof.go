package tester

import (
	"net/http"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// SpoofedHeaders returns made-up identity headers an attacker would send: each
// injectable name as configured, in lower case with underscores (the form
// some servers fold into the same variable), plus the usual suspects.
// Their values say "spoofed" so they are easy to spot in an upstream's view.
func SpoofedHeaders(names []string) http.Header {
	h := http.Header{}
	add := func(name, value string) {
		// Set the raw key: http.Header.Add would canonicalise x_user_id away.
		h[name] = append(h[name], value)
	}
	seen := map[string]bool{}
	all := append([]string{routes.HeaderUserID, routes.HeaderUserRoles}, names...)
	for _, n := range all {
		if seen[routes.NormalizeHeaderName(n)] {
			continue
		}
		seen[routes.NormalizeHeaderName(n)] = true
		canon := http.CanonicalHeaderKey(n)
		v := spoofValue(canon)
		add(canon, v)
		under := strings.ToLower(strings.ReplaceAll(canon, "-", "_"))
		add(under, v)
	}
	return h
}

func spoofValue(name string) string {
	if strings.Contains(strings.ToLower(name), "role") {
		return "spoofed,admin"
	}
	return "spoofed-" + strings.ToLower(name)
}
