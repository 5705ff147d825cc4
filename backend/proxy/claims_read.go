package proxy

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/tandemhq/tandem/backend/routes"
)

// The request path reads a verified token's claims once, and only the
// members it uses: the names below and the first segment of each claim path
// an identity header asks for. A Keycloak access token carries twenty-odd
// claims (scope, sid, allowed-origins, name, ...) that no rule reads;
// decoding them all into a map cost more than everything else in a
// verification but the signature. Members that are read are decoded exactly
// as encoding/json decodes them into a map with UseNumber (strings
// unescaped, invalid UTF-8 replaced, numbers as json.Number, a repeated name
// read as its last value), so the rules in tokenclaims see the same values
// they always did (FuzzReadClaims checks this against encoding/json).

// checkedClaims are the top-level claims the verifier's rules read.
var checkedClaims = []string{"iss", "sub", "exp", "nbf", "iat", "aud", "azp", "preferred_username", "realm_access", "resource_access"}

// claimNames is the set of top-level claims to decode for a configuration:
// the checked ones and the first segment of each claim path. Each name maps
// to itself, so a member found by its raw bytes is stored without copying
// its name.
func claimNames(paths []routes.ClaimPath) map[string]string {
	names := make(map[string]string, len(checkedClaims)+len(paths))
	for _, n := range checkedClaims {
		names[n] = n
	}
	for _, p := range paths {
		names[p[0]] = p[0]
	}
	return names
}

var errMalformedClaims = &tokenError{kind: kindMalformed, reason: "malformed token claims"}

// readClaims decodes the members of the payload named in names. The payload
// must be one JSON object.
func readClaims(payload []byte, names map[string]string) (map[string]any, error) {
	if !isJSONObject(payload) {
		return nil, errMalformedClaims
	}
	claims := make(map[string]any, len(names))
	eachMember(payload, func(key, value []byte) {
		inner := key[1 : len(key)-1]
		var name string
		var ok bool
		if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			name, ok = names[string(inner)] // the bytes are the name
		} else {
			name = jsonString(key)
			_, ok = names[name]
		}
		if ok {
			claims[name] = decodeJSONValue(value)
		}
	})
	return claims, nil
}

// isJSONObject reports whether data is exactly one JSON object, whitespace
// around it allowed.
func isJSONObject(data []byte) bool {
	i := skipSpace(data, 0)
	return i < len(data) && data[i] == '{' && json.Valid(data)
}

// The walk below trusts its input to be valid JSON (isJSONObject first):
// it only finds where values end.

// eachMember calls fn with each member's raw key (quotes included) and raw
// value, in order, for the JSON object that starts data.
func eachMember(data []byte, fn func(key, value []byte)) {
	i := skipSpace(data, skipSpace(data, 0)+1)
	if data[i] == '}' {
		return
	}
	for {
		keyEnd := skipString(data, i)
		v := skipSpace(data, skipSpace(data, keyEnd)+1) // past ':'
		end := skipValue(data, v)
		fn(data[i:keyEnd], data[v:end])
		i = skipSpace(data, end)
		if data[i] == '}' {
			return
		}
		i = skipSpace(data, i+1) // past ','
	}
}

// eachElement calls fn with each raw element of the JSON array that starts
// data.
func eachElement(data []byte, fn func(value []byte)) {
	i := skipSpace(data, 1)
	if data[i] == ']' {
		return
	}
	for {
		end := skipValue(data, i)
		fn(data[i:end])
		i = skipSpace(data, end)
		if data[i] == ']' {
			return
		}
		i = skipSpace(data, i+1)
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string starting at data[i].
func skipString(data []byte, i int) int {
	for j := i + 1; ; j++ {
		switch data[j] {
		case '"':
			return j + 1
		case '\\':
			j++
		}
	}
}

// skipValue returns the index just past the value starting at data[i].
func skipValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; ; j++ {
			switch data[j] {
			case '"':
				j = skipString(data, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
	}
	j := i // a number, true, false or null
	for j < len(data) && !endsScalar(data[j]) {
		j++
	}
	return j
}

func endsScalar(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// decodeJSONValue decodes a raw JSON value as encoding/json decodes it into
// an any with UseNumber.
func decodeJSONValue(v []byte) any {
	switch v[0] {
	case '"':
		return jsonString(v)
	case '{':
		m := map[string]any{}
		eachMember(v, func(key, value []byte) { m[jsonString(key)] = decodeJSONValue(value) })
		return m
	case '[':
		a := []any{}
		eachElement(v, func(value []byte) { a = append(a, decodeJSONValue(value)) })
		return a
	case 't':
		return true
	case 'f':
		return false
	case 'n':
		return nil
	}
	return json.Number(v)
}

// jsonString decodes a raw JSON string (quotes included). Most need no
// unescaping; the rest take encoding/json's own path, which also replaces
// invalid UTF-8 as a decoded map would.
func jsonString(raw []byte) string {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(raw, &s) // valid JSON: cannot fail
	return s
}
