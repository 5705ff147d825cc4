package proxy

import (
	"net/http"
	"testing"
)

// The request log names the caller by username as well as by sub, so an
// operator can find bob's requests without knowing bob's id; a request
// without an established identity names nobody.
func TestRecordNamesTheUser(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, path string
		headers    map[string]string
		status     int
		subject    string
		user       string
	}{
		{"allowed", "/api/req", bearer(e.token("bob-id")), http.StatusOK, "bob-id", "bob-id-name"},
		{"forbidden names who was refused", "/api/admin", bearer(e.token("bob-id")), http.StatusForbidden, "bob-id", "bob-id-name"},
		{"invalid token", "/api/req", bearer("not-a-token"), http.StatusUnauthorized, "", ""},
		{"anonymous", "/api/opt", nil, http.StatusOK, "", ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := e.do("GET", c.path, c.headers); r.status != c.status {
				t.Fatalf("status %d, want %d", r.status, c.status)
			}
			rec := waitRecord(t, e, i+1)
			if rec.Subject != c.subject || rec.User != c.user {
				t.Errorf("subject %q user %q, want %q %q", rec.Subject, rec.User, c.subject, c.user)
			}
		})
	}
}

// A token without preferred_username still logs its subject.
func TestRecordWithoutUsernameKeepsTheSubject(t *testing.T) {
	e := newEnv(t)
	claims := e.claims("svc-id")
	delete(claims, "preferred_username")
	if r := e.do("GET", "/api/req", bearer(e.key.sign(t, claims))); r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if rec := waitRecord(t, e, 1); rec.Subject != "svc-id" || rec.User != "" {
		t.Errorf("subject %q user %q", rec.Subject, rec.User)
	}
}
