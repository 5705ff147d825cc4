package routes

import (
	"slices"
	"strings"
)

// ClientRole splits a route role written "client:role" (the client role
// editor of client web is "web:editor"). ok is false for a realm role: a
// role without a colon. A realm role whose own name contains a colon cannot
// be required by a route, since the file would read it as a client role.
func ClientRole(role string) (client, name string, ok bool) {
	return strings.Cut(role, ":")
}

// RoleLabel names a role the way a route file does: "user" for a realm
// role, "web:editor" for the role editor of the client whose clientId is web.
func RoleLabel(clientID, name string) string {
	if clientID == "" {
		return name
	}
	return clientID + ":" + name
}

// KnownRoles is the set of roles a realm defines, keyed by RoleLabel.
type KnownRoles map[string]bool

// NewKnownRoles builds the set from a realm's role names and its clients'
// role names (by clientId).
func NewKnownRoles(realm []string, clients map[string][]string) KnownRoles {
	k := KnownRoles{}
	for _, r := range realm {
		k[r] = true
	}
	for client, names := range clients {
		for _, n := range names {
			k[RoleLabel(client, n)] = true
		}
	}
	return k
}

// Labels returns every role of the set, sorted: realm roles first, then
// client roles.
func (k KnownRoles) Labels() []string {
	out := make([]string, 0, len(k))
	for l := range k {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b string) int {
		_, _, ca := ClientRole(a)
		_, _, cb := ClientRole(b)
		if ca != cb {
			if ca {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	return out
}

// UnknownRoles lists each role a route requires that the realm does not
// define. These are warnings, not errors: the file may be meant for another
// environment whose realm has the role.
func UnknownRoles(cfg Config, known KnownRoles, realm string) []Problem {
	var out []Problem
	for i, r := range cfg.Routes {
		for _, role := range r.Roles {
			if known[role] {
				continue
			}
			f := says(CodeUnknownRole, "realm %q has no role %q: no token will carry it", realm, role)
			if client, name, ok := ClientRole(role); ok {
				f = says(CodeUnknownRole, "realm %q has no client %q with a role %q: no token will carry it", realm, client, name)
			}
			p := newProblem(RouteLabel(i, r), "roles", f)
			p.Role = role
			out = append(out, p)
		}
	}
	return out
}

// Requirement is a route's roles split the way the route file writes them:
// "client:role" is a client role, anything else a realm role. A realm role
// whose own name holds ":" can therefore never meet a route's requirement:
// the route's "web:editor" always means the client role editor of web.
type Requirement struct {
	Realm  []string
	Client []string // "client:role"
}

// NewRequirement splits a route's roles into realm and client roles.
func NewRequirement(roles []string) Requirement {
	var req Requirement
	for _, r := range roles {
		if _, _, ok := ClientRole(r); ok {
			req.Client = append(req.Client, r)
		} else {
			req.Realm = append(req.Realm, r)
		}
	}
	return req
}

// Empty reports whether the route requires no role.
func (req Requirement) Empty() bool { return len(req.Realm) == 0 && len(req.Client) == 0 }

// MetBy reports whether a token holding the realm roles realm and the client
// roles client ("client:role") holds any one of the required roles. An empty
// requirement is met by every token.
func (req Requirement) MetBy(realm, client []string) bool {
	if req.Empty() {
		return true
	}
	for _, w := range req.Realm {
		if slices.Contains(realm, w) {
			return true
		}
	}
	for _, w := range req.Client {
		if slices.Contains(client, w) {
			return true
		}
	}
	return false
}
