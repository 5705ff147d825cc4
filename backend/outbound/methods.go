package outbound

import (
	"net/http"
	"strings"
)

// SafeMethod reports whether method only reads: GET, HEAD and OPTIONS. They
// are the only methods a read-only profile lets reach a real server (its
// Keycloak's admin API, a route's own upstream). The method is compared
// without regard to case or surrounding space; "" is GET, as net/http reads it.
func SafeMethod(method string) bool {
	switch strings.ToUpper(strings.TrimSpace(method)) {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}
