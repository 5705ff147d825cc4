package keycloak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
)

// ExportRealm returns the realm's configuration with its clients, groups
// and roles (no users, secrets masked by Keycloak) as indented JSON. Object
// keys are sorted and arrays of named objects are ordered by name (or
// clientId, alias, …), so two exports of an unchanged realm are identical
// and two realms diff cleanly.
func (c *Client) ExportRealm(ctx context.Context, realm string) ([]byte, error) {
	op := fmt.Sprintf("export realm %q", realm)
	raw, err := c.partialExport(ctx, op, realm)
	if err != nil {
		return nil, err
	}
	out, err := CanonicalJSON(raw)
	if err != nil {
		return nil, &Error{Op: op, Message: "unreadable export: " + err.Error(), Err: ErrServer}
	}
	return out, nil
}

// partialExport is the realm with its clients, groups and roles (no users)
// as Keycloak exports it: secrets masked, the JSON as sent.
func (c *Client) partialExport(ctx context.Context, op, realm string) ([]byte, error) {
	var raw []byte
	// raw: gocloak 13.9 has no partial-export call.
	err := c.do(ctx, op, request{
		method: http.MethodPost, path: adminPath("realms", realm, "partial-export"), reads: true,
		query: url.Values{"exportClients": {"true"}, "exportGroupsAndRoles": {"true"}}, raw: &raw,
	})
	return raw, err
}

// sortKeys are tried in order to find what names an object in an array.
var sortKeys = []string{"clientId", "name", "alias", "realm", "username", "path", "providerId", "flowAlias", "id"}

// CanonicalJSON re-encodes JSON with sorted keys (encoding/json sorts map
// keys) and arrays of named objects sorted by their name, two-space indented.
func CanonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v = canonical(v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func canonical(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = canonical(e)
		}
		return t
	case []any:
		for i, e := range t {
			t[i] = canonical(e)
		}
		sortNamed(t)
		return t
	default:
		return v
	}
}

// sortNamed orders an array of strings (Keycloak exports sets as arrays in no
// fixed order) or of objects that all share a naming key; ties are broken by
// the element's canonical encoding. Other arrays keep Keycloak's order, which
// may mean something (e.g. authentication executions).
func sortNamed(items []any) {
	if len(items) < 2 {
		return
	}
	if strs, ok := allStrings(items); ok {
		sort.Strings(strs)
		for i, s := range strs {
			items[i] = s
		}
		return
	}
	for _, key := range sortKeys {
		names := make([]string, len(items))
		ok := true
		for i, it := range items {
			m, isObj := it.(map[string]any)
			if !isObj {
				return
			}
			s, isStr := m[key].(string)
			if !isStr {
				ok = false
				break
			}
			names[i] = s
		}
		if !ok {
			continue
		}
		idx := make([]int, len(items))
		for i := range idx {
			idx[i] = i
		}
		tie := make([]string, len(items))
		for i, it := range items {
			b, _ := json.Marshal(it)
			tie[i] = string(b)
		}
		sort.SliceStable(idx, func(a, b int) bool {
			if names[idx[a]] != names[idx[b]] {
				return names[idx[a]] < names[idx[b]]
			}
			return tie[idx[a]] < tie[idx[b]]
		})
		sorted := make([]any, len(items))
		for i, j := range idx {
			sorted[i] = items[j]
		}
		copy(items, sorted)
		return
	}
}

func allStrings(items []any) ([]string, bool) {
	strs := make([]string, len(items))
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, false
		}
		strs[i] = s
	}
	return strs, true
}
