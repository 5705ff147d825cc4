package compare

import (
	"strings"
)

// realmPlaceholder stands for the realm's own name inside values Keycloak
// derives from it (the account console's "/realms/NAME/account/", the
// default role "default-roles-NAME"), so realms of different names compare.
const realmPlaceholder = "{realm}"

// secretSet and secretUnset replace a secret's value: secrets are compared
// only as present or not, and never leave Keycloak's masking anyway.
const (
	secretSet   = "(set)"
	secretUnset = "(unset)"
)

// generatedKeys are fields Keycloak fills in by itself (ids, timestamps):
// never differences, wherever they appear.
var generatedKeys = map[string]bool{
	"id": true, "containerId": true, "internalId": true, "notBefore": true,
	"createdTimestamp": true, "flowId": true,
}

// normalise drops generated fields, replaces the realm's name by
// realmPlaceholder and prunes nulls, empty strings, lists and maps (Keycloak
// writes "attributes": {} for one entity and leaves it out for the next),
// recursively. It returns nil for a value that prunes away entirely.
func normalise(v any, realm string) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if generatedKeys[k] || strings.Contains(k, "creation.time") {
				continue
			}
			if n := normalise(e, realm); n != nil {
				out[k] = n
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			if n := normalise(e, realm); n != nil {
				out = append(out, n)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case string:
		if t == "" {
			return nil
		}
		return placeRealm(t, realm)
	default:
		return v
	}
}

// placeRealm replaces the realm's name where Keycloak writes it into values.
func placeRealm(s, realm string) string {
	if realm == "" {
		return s
	}
	if s == "default-roles-"+realm {
		return "default-roles-" + realmPlaceholder
	}
	if strings.Contains(s, "/"+realm+"/") {
		s = strings.ReplaceAll(s, "/realms/"+realm+"/", "/realms/"+realmPlaceholder+"/")
		s = strings.ReplaceAll(s, "/admin/"+realm+"/", "/admin/"+realmPlaceholder+"/")
	}
	return s
}

// unplaceRealm is placeRealm's inverse for the target realm, applied to
// values before they are sent.
func unplaceRealm(v any, realm string) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = unplaceRealm(e, realm)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = unplaceRealm(e, realm)
		}
		return out
	case string:
		return strings.ReplaceAll(t, realmPlaceholder, realm)
	default:
		return v
	}
}

// maskSecret replaces m[key] by secretSet or secretUnset.
func maskSecret(m map[string]any, key string) {
	if m == nil {
		return
	}
	if s, ok := m[key].(string); ok && s != "" {
		m[key] = secretSet
	} else if _, ok := m[key]; ok {
		m[key] = secretUnset
	}
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
