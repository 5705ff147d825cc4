// Package tokenclaims is the one home of what the claims of a Keycloak
// access token mean to Tandem: which dates are valid and how roles are
// held. The proxy applies these rules to decide; the route tester applies
// the same ones to explain, so the two never read a token differently.
// Claims are a JSON object decoded into map[string]any, numbers as
// json.Number (the proxy) or float64 (encoding/json's default).
package tokenclaims

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// MaxNumericDate is 9999-12-31T23:59:59Z: a date claim past it is refused,
// as is any before 1970.
const MaxNumericDate = 253402300799

// Date reads a JWT NumericDate claim. present is false when the claim is
// absent; ok is false when it is present but not a JSON number of seconds
// within years 1970–9999 (null, a string, 1e300 and any value whose
// conversion to int64 would overflow included).
func Date(claims map[string]any, name string) (t time.Time, present, ok bool) {
	v, present := claims[name]
	if !present {
		return time.Time{}, false, false
	}
	var f float64
	switch n := v.(type) {
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(n), 64); err != nil {
			return time.Time{}, true, false
		}
	case float64:
		f = n
	default:
		return time.Time{}, true, false
	}
	if !(f >= 0 && f <= MaxNumericDate) { // NaN fails both
		return time.Time{}, true, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), true, true
}

// Roles reads Keycloak's role claims: realm roles from realm_access.roles,
// and client roles from resource_access.<client>.roles, written as route
// files name them ("client:role", routes.RoleLabel). The two lists are never
// mixed. A roles claim that is present must be an array of strings inside an
// object: a bare string ("roles": "admin") or a list with other values in it
// could be read as a role by one reader and not by another, so it is an
// error, not ignored.
func Roles(claims map[string]any) (realm, client []string, err error) {
	if ra, present := claims["realm_access"]; present {
		if realm, err = rolesIn(ra, "realm_access"); err != nil {
			return nil, nil, err
		}
	}
	if v, present := claims["resource_access"]; present {
		res, ok := v.(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("resource_access is not an object")
		}
		for name, obj := range res {
			roles, err := rolesIn(obj, "resource_access."+name)
			if err != nil {
				return nil, nil, err
			}
			for _, r := range roles {
				client = append(client, routes.RoleLabel(name, r))
			}
		}
		slices.Sort(client) // map order is random; traces show a stable list
	}
	return realm, client, nil
}

// rolesIn reads obj.roles: absent means no roles; present, it must be an
// array of strings.
func rolesIn(v any, where string) ([]string, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", where)
	}
	raw, present := obj["roles"]
	if !present {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("%s.roles is not an array of strings", where)
	}
	roles := make([]string, len(list))
	for i, e := range list {
		if roles[i], ok = e.(string); !ok {
			return nil, fmt.Errorf("%s.roles is not an array of strings", where)
		}
	}
	return roles, nil
}

// Audience reads the aud claim: one string or an array of strings (other
// entries of the array are ignored); anything else is no audience.
func Audience(claims map[string]any) []string {
	switch t := claims["aud"].(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
