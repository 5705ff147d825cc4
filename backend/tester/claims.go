package tester

import (
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tokenclaims"
)

// claimAt follows a dot path ("realm_access.roles") into nested claims the
// way the proxy reads a claim for a header (routes.ClaimPath), so the tester
// expects what the proxy can find.
func claimAt(claims map[string]any, path string) (any, bool) {
	return routes.ClaimPath(strings.Split(path, ".")).Lookup(claims)
}

// headerValue renders a claim as the proxy contract says an identity header
// carries it: strings as they are, arrays joined with ",". ok is false when
// the claim is missing (the header must then be absent); known is false for
// shapes the contract says nothing about (objects, empty arrays), which are
// not checked.
func headerValue(claims map[string]any, path string) (value string, ok, known bool) {
	v, present := claimAt(claims, path)
	if !present {
		return "", false, true
	}
	switch t := v.(type) {
	case string:
		return t, true, true
	case bool:
		return strconv.FormatBool(t), true, true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true, true
	case []any:
		if len(t) == 0 {
			return "", true, false // the contract does not say: "" or absent
		}
		parts := make([]string, 0, len(t))
		for _, x := range t {
			switch e := x.(type) {
			case string:
				parts = append(parts, e)
			case float64:
				parts = append(parts, strconv.FormatFloat(e, 'f', -1, 64))
			case bool:
				parts = append(parts, strconv.FormatBool(e))
			default:
				return "", true, false
			}
		}
		return strings.Join(parts, ","), true, true
	}
	return "", true, false
}

// ExpectedIdentityHeaders computes the identity headers a proxy must inject
// for these claims: header → value for every claim present. unknown lists
// headers whose claim has a shape the contract does not define.
func ExpectedIdentityHeaders(mapping map[string]string, claims map[string]any) (expected map[string]string, absent, unknown []string) {
	expected = map[string]string{}
	for header, path := range mapping {
		v, ok, known := headerValue(claims, path)
		switch {
		case !known:
			unknown = append(unknown, header)
		case ok:
			expected[header] = v
		default:
			absent = append(absent, header)
		}
	}
	return expected, absent, unknown
}

// HeaderMapping is the effective header → claim mapping for a route: the
// file's identity headers (or the default set) overridden by the route's own,
// merged exactly as the proxy merges them.
func HeaderMapping(fileHeaders, routeHeaders map[string]string) map[string]string {
	return routes.EffectiveRouteHeaders(routes.Config{IdentityHeaders: fileHeaders}, routes.Route{Headers: routeHeaders})
}

// HoldsAnyRole says whether held (realm roles and "client:role" entries)
// satisfies a route's roles: any one of them will do; none required → true.
func HoldsAnyRole(required, held []string) bool {
	var realm, client []string
	for _, h := range held {
		if _, _, isClient := routes.ClientRole(h); isClient {
			client = append(client, h)
		} else {
			realm = append(realm, h)
		}
	}
	return routes.NewRequirement(required).MetBy(realm, client)
}

// RolesHeld is every role a token claims that a route could require: realm
// roles first, then client roles as "client:role". A realm role whose own
// name contains ":" is left out, as the proxy does: a route's "web:editor"
// always means the client role editor of web, so such a realm role can never
// satisfy a route, and listing it here would let it pass for one.
func RolesHeld(claims map[string]any) []string {
	realm, client, err := tokenclaims.Roles(claims)
	if err != nil {
		return []string{} // the proxy refuses such a token: it holds nothing
	}
	held := make([]string, 0, len(realm)+len(client))
	for _, r := range realm {
		if _, _, isClientForm := routes.ClientRole(r); !isClientForm {
			held = append(held, r)
		}
	}
	return append(held, client...)
}
