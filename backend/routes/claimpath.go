package routes

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// ClaimPath is a compiled dot path into a token's claims, such as
// "realm_access.roles" or "resource_access.web.roles".
type ClaimPath []string

// ErrBadClaimPath is returned by ParseClaimPath for an empty path or one with
// an empty segment ("a..b", ".a", "a.").
var ErrBadClaimPath = errors.New("claim path must be names separated by single dots")

// ParseClaimPath splits a dot path into its segments.
func ParseClaimPath(s string) (ClaimPath, error) {
	if strings.TrimSpace(s) != s || s == "" {
		return nil, ErrBadClaimPath
	}
	segs := strings.Split(s, ".")
	for _, seg := range segs {
		if seg == "" {
			return nil, ErrBadClaimPath
		}
	}
	return ClaimPath(segs), nil
}

func (p ClaimPath) String() string { return strings.Join(p, ".") }

// Lookup walks the claims (decoded with json.Decoder.UseNumber, so numbers
// are json.Number) and returns the value, or false when any step is missing
// or not an object.
func (p ClaimPath) Lookup(claims map[string]any) (any, bool) {
	var cur any = claims
	for _, seg := range p {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[seg]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

// FormatClaim renders a claim value as a header value: strings as they are,
// numbers as written in the token, booleans as true/false, arrays joined with
// "," and objects as compact JSON. It returns false for null and for empty
// arrays, whose header is then left out.
func FormatClaim(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "", false
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(t), true
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := FormatClaim(e); ok {
				parts = append(parts, s)
			}
		}
		if len(parts) == 0 {
			return "", false
		}
		return strings.Join(parts, ","), true
	default:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(t); err != nil {
			return "", false
		}
		return strings.TrimSuffix(buf.String(), "\n"), true
	}
}
