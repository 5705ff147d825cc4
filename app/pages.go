package app

import "github.com/tandemhq/tandem/backend/keycloak"

// The pages of the Keycloak screens: keycloak.Page of one kind each, since
// Wails binds no generic types. Keycloak cannot count most of what it pages
// (searches, members, holders of a role), so Estimated marks Total as a
// lower bound.

// ClientPage is one page of clients.
type ClientPage struct {
	Items     []keycloak.OIDCClient `json:"items"`
	Total     int                   `json:"total"`
	Estimated bool                  `json:"estimated"`
}

// GroupPage is one page of groups.
type GroupPage struct {
	Items     []keycloak.Group `json:"items"`
	Total     int              `json:"total"`
	Estimated bool             `json:"estimated"`
}

// UserRefPage is one page of users (members, holders of a role).
type UserRefPage struct {
	Items     []keycloak.UserRef `json:"items"`
	Total     int                `json:"total"`
	Estimated bool               `json:"estimated"`
}

// RolePage is one page of roles.
type RolePage struct {
	Items     []keycloak.RoleRef `json:"items"`
	Total     int                `json:"total"`
	Estimated bool               `json:"estimated"`
}

// GroupRefPage is one page of groups holding a role.
type GroupRefPage struct {
	Items     []keycloak.GroupRef `json:"items"`
	Total     int                 `json:"total"`
	Estimated bool                `json:"estimated"`
}
