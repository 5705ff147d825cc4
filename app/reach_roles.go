package app

import (
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
)

// reachRoles turns roles written as routes write them ("user", "web:editor")
// into the admin client's role names, by the routes package's own rule. A
// client role missing its client or its name (":x", "web:") is refused as
// invalid input, as Keycloak would refuse it.
func reachRoles(roles []string) ([]keycloak.RoleName, error) {
	out := make([]keycloak.RoleName, 0, len(roles))
	for _, r := range roles {
		r = strings.TrimSpace(r)
		client, name, ok := routes.ClientRole(r)
		if !ok {
			out = append(out, keycloak.RoleName{Name: r})
			continue
		}
		if client == "" || name == "" {
			return nil, &keycloak.Error{Op: "find users with a role", Message: fmt.Sprintf("%q is not a role name (\"role\" or \"client:role\")", r), Err: keycloak.ErrInvalidInput}
		}
		out = append(out, keycloak.RoleName{ClientID: client, Name: name})
	}
	return out, nil
}
