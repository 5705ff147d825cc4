package app

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/routes"
)

// A route requiring the realm role "user" (which the realm has) and the
// client role "web:user" (whose client the realm lacks) is warned about
// "web:user" alone, and the warning names that role as the file writes it,
// so the Routes screen marks exactly that role.
func TestRoleCheckNamesEachUnknownRoleExactly(t *testing.T) {
	s := sessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/admin/realms/demo/roles":
			_ = json.NewEncoder(w).Encode([]map[string]string{{"name": "user"}})
		case "/admin/realms/demo/clients":
			_ = json.NewEncoder(w).Encode([]map[string]string{{"id": "c1", "clientId": "shop"}})
		case "/admin/realms/demo/clients/c1/roles":
			_ = json.NewEncoder(w).Encode([]map[string]string{{"name": "user"}})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			w.WriteHeader(http.StatusNotFound)
		}
	})
	p, err := s.Profile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	svc := NewRouteService(s, NewLifecycle())
	cfg := routes.Config{Version: routes.Version, Issuer: keycloak.IssuerURL(p.KeycloakURL, "demo"), Routes: []routes.Route{
		{Name: "app", Path: "/app", Upstream: "http://127.0.0.1:9", Auth: routes.AuthRequired, Roles: []string{"user", "web:user", "shop:user"}},
	}}
	check, err := svc.CheckRoles(cfg)
	if err != nil || check.Unchecked != "" {
		t.Fatalf("CheckRoles = %+v, %v", check, err)
	}
	var unknown []string
	for _, w := range check.Warnings {
		if w.Route != "app" {
			t.Errorf("warning of route %q, want app", w.Route)
		}
		unknown = append(unknown, w.Role)
	}
	if want := []string{"web:user"}; !reflect.DeepEqual(unknown, want) {
		t.Errorf("unknown roles %q, want %q", unknown, want)
	}
}
