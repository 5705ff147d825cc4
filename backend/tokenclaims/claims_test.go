package tokenclaims

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestDateAcceptsOnlyNumbersWithinYears1970To9999(t *testing.T) {
	for _, tc := range []struct {
		v  any
		ok bool
	}{
		{json.Number("0"), true}, {json.Number("253402300799"), true}, {1.7e9, true}, {json.Number("1700000000.5"), true},
		{json.Number("253402300800"), false}, {json.Number("1e19"), false}, {json.Number("9223372036000000000"), false},
		{json.Number("1e300"), false}, {json.Number("-1"), false}, {nil, false}, {"1700000000", false}, {true, false},
	} {
		_, present, ok := Date(map[string]any{"exp": tc.v}, "exp")
		if !present || ok != tc.ok {
			t.Errorf("Date(%#v) ok = %v, want %v", tc.v, ok, tc.ok)
		}
	}
	if _, present, _ := Date(map[string]any{}, "exp"); present {
		t.Error("an absent claim is present")
	}
	got, _, _ := Date(map[string]any{"iat": json.Number("1700000000.25")}, "iat")
	if !got.Equal(time.Unix(1700000000, 250_000_000)) {
		t.Errorf("fractional date = %v", got)
	}
}

func TestRolesReadsRealmAndClientRolesAndRefusesOtherShapes(t *testing.T) {
	realm, client, err := Roles(map[string]any{
		"realm_access":    map[string]any{"roles": []any{"user", "admin"}},
		"resource_access": map[string]any{"web": map[string]any{"roles": []any{"editor"}}, "api": map[string]any{"roles": []any{"read"}}},
	})
	if err != nil || !reflect.DeepEqual(realm, []string{"user", "admin"}) || !reflect.DeepEqual(client, []string{"api:read", "web:editor"}) {
		t.Errorf("Roles = %v %v %v", realm, client, err)
	}
	for _, bad := range []map[string]any{
		{"realm_access": map[string]any{"roles": "admin"}},
		{"realm_access": map[string]any{"roles": []any{"admin", 5}}},
		{"realm_access": "admin"},
		{"resource_access": []any{}},
		{"resource_access": map[string]any{"web": map[string]any{"roles": nil}}},
	} {
		if _, _, err := Roles(bad); err == nil {
			t.Errorf("Roles(%v) accepted", bad)
		}
	}
}
