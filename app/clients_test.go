package app

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// methodLog records the admin requests a fake Keycloak received.
type methodLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *methodLog) add(r *http.Request) {
	l.mu.Lock()
	l.seen = append(l.seen, r.Method+" "+r.URL.Path)
	l.mu.Unlock()
}

func (l *methodLog) has(entry string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.seen {
		if s == entry {
			return true
		}
	}
	return false
}

func TestClientDeleteAndNewSecretNeedTheTypedClientID(t *testing.T) {
	log := &methodLog{}
	s := sessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/admin/realms/demo/clients/c1":
			_ = json.NewEncoder(w).Encode(map[string]any{"id": "c1", "clientId": "api", "protocol": "openid-connect"})
		case r.Method == http.MethodPost && r.URL.Path == "/admin/realms/demo/clients/c1/client-secret":
			_ = json.NewEncoder(w).Encode(map[string]any{"type": "secret", "value": "fresh"})
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
	})
	clients := NewKeycloakService[ClientService](s, NewLifecycle())

	if _, err := clients.RegenerateSecret("demo", "c1", "ap"); uiCode(err) != CodeInvalidInput || !strings.Contains(uiMessage(err), `"api"`) {
		t.Fatalf("wrong confirmation: err = %v, want invalid_input naming the client", err)
	}
	if err := clients.Delete("demo", "c1", "API"); uiCode(err) != CodeInvalidInput {
		t.Fatalf("wrong confirmation: err = %v, want invalid_input", err)
	}
	if log.has("POST /admin/realms/demo/clients/c1/client-secret") || log.has("DELETE /admin/realms/demo/clients/c1") {
		t.Fatalf("a wrong confirmation reached Keycloak: %v", log.seen)
	}

	secret, err := clients.RegenerateSecret("demo", "c1", "api")
	if err != nil || secret != "fresh" {
		t.Fatalf("RegenerateSecret = %q, %v", secret, err)
	}
	if err := clients.Delete("demo", "c1", "api"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if !log.has("DELETE /admin/realms/demo/clients/c1") {
		t.Fatalf("delete not sent: %v", log.seen)
	}
}

func TestGroupDeleteNeedsTheTypedGroupName(t *testing.T) {
	log := &methodLog{}
	s := sessionOn(t, func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_ = json.NewEncoder(w).Encode(map[string]any{"id": "g1", "name": "staff", "path": "/staff"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	groups := NewKeycloakService[GroupService](s, NewLifecycle())
	if err := groups.Delete("demo", "g1", "/staff"); uiCode(err) != CodeInvalidInput {
		t.Fatalf("wrong confirmation: err = %v, want invalid_input", err)
	}
	if log.has("DELETE /admin/realms/demo/groups/g1") {
		t.Fatal("a wrong confirmation deleted the group")
	}
	if err := groups.Delete("demo", "g1", "staff"); err != nil || !log.has("DELETE /admin/realms/demo/groups/g1") {
		t.Fatalf("Delete = %v, requests %v", err, log.seen)
	}
}

func TestRoleDeleteNeedsTheTypedRoleName(t *testing.T) {
	roles := NewKeycloakService[RoleService](activeStaging(t, false), NewLifecycle())
	if err := roles.Delete("demo", "", "admin", "user"); uiCode(err) != CodeInvalidInput || !strings.Contains(uiMessage(err), `"admin"`) {
		t.Fatalf("err = %v, want invalid_input naming the role", err)
	}
}

func TestReadOnlyProfileRefusesGroupRoleAndClientChanges(t *testing.T) {
	s := activeStaging(t, true)
	groups, roles, clients := NewKeycloakService[GroupService](s, NewLifecycle()), NewKeycloakService[RoleService](s, NewLifecycle()), NewKeycloakService[ClientService](s, NewLifecycle())
	calls := map[string]func() error{
		"create group":      func() error { _, err := groups.Create("demo", "", "g"); return err },
		"delete group":      func() error { return groups.Delete("demo", "g1", "g") },
		"add member":        func() error { return groups.AddMember("demo", "g1", "u1") },
		"assign group role": func() error { return groups.AssignRealmRoles("demo", "g1", []string{"user"}) },
		"create role":       func() error { _, err := roles.Create("demo", "", keycloak.RoleInput{Name: "r"}); return err },
		"delete role":       func() error { return roles.Delete("demo", "", "r", "r") },
		"add composites":    func() error { return roles.AddComposites("demo", "", "r", []keycloak.RoleRef{{ID: "x"}}) },
		"create client":     func() error { _, err := clients.Create("demo", keycloak.OIDCClientInput{ClientID: "c"}); return err },
		"delete client":     func() error { return clients.Delete("demo", "c1", "c") },
		"new secret":        func() error { _, err := clients.RegenerateSecret("demo", "c1", "c"); return err },
	}
	for name, call := range calls {
		// The profile points at an address where nothing listens: a
		// read_only code proves nothing was sent.
		if err := call(); uiCode(err) != CodeReadOnly {
			t.Errorf("%s on a read-only profile: err = %v, want read_only", name, err)
		}
	}
}
