package routes

import "strings"

// ClientRole splits a route role written "client:role" (the client role
// editor of client web is "web:editor"). ok is false for a realm role: a
// role without a colon. A realm role whose own name contains a colon cannot
// be required by a route, since the file would read it as a client role.
func ClientRole(role string) (client, name string, ok bool) {
	return strings.Cut(role, ":")
}
