package routes

import (
	"reflect"
	"testing"
)

func TestUnknownRolesWarnsOfRolesTheRealmLacks(t *testing.T) {
	known := NewKnownRoles([]string{"user", "admin"}, map[string][]string{"web": {"editor"}})
	cfg := Config{Version: Version, Routes: []Route{
		{Name: "ok", Roles: []string{"admin", "web:editor"}},
		{Name: "typo", Roles: []string{"nosuchrole", "user"}},
		{Name: "client", Roles: []string{"web:viewer", "shop:admin"}},
		{Roles: []string{"ghost"}},
	}}
	got := UnknownRoles(cfg, known, "demo")
	want := []Problem{
		{Route: "typo", Field: "roles", Role: "nosuchrole", Message: `realm "demo" has no role "nosuchrole": no token will carry it`},
		{Route: "client", Field: "roles", Role: "web:viewer", Message: `realm "demo" has no client "web" with a role "viewer": no token will carry it`},
		{Route: "client", Field: "roles", Role: "shop:admin", Message: `realm "demo" has no client "shop" with a role "admin": no token will carry it`},
		{Route: "#4", Field: "roles", Role: "ghost", Message: `realm "demo" has no role "ghost": no token will carry it`},
	}
	for i := range want {
		want[i].Code, want[i].Reason = CodeUnknownRole, want[i].Message
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnknownRoles:\n got %+v\nwant %+v", got, want)
	}
}

func TestKnownRolesLabelsListRealmRolesBeforeClientRoles(t *testing.T) {
	known := NewKnownRoles([]string{"user", "admin"}, map[string][]string{"web": {"editor"}, "api": {"read"}})
	want := []string{"admin", "user", "api:read", "web:editor"}
	if got := known.Labels(); !reflect.DeepEqual(got, want) {
		t.Errorf("Labels() = %v, want %v", got, want)
	}
}
