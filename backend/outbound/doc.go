// Package outbound holds the rules for requests Tandem itself sends to other
// servers (Keycloak's admin API and token endpoints, a route's upstream):
// which redirects a request carrying a credential may follow, and which
// methods a read-only profile lets reach a real server, and how a form is
// posted to a token or logout endpoint. Each rule lives here once; the
// packages that send call it.
package outbound
