package userimport

import (
	"context"
	"errors"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// testDirectoryContract states what the importer relies on from Keycloak,
// through the Directory interface alone. It runs against the fake here and
// against a real Keycloak in the integration tests, so the fake cannot drift
// from the real thing. The realm must have the group /staff and the realm
// role user; prefix keeps the users of one run apart.
func testDirectoryContract(t *testing.T, dir Directory, realm, prefix string) {
	ctx := context.Background()
	user := func(name string) keycloak.ImportUser {
		return keycloak.ImportUser{
			UserInput: keycloak.UserInput{Username: prefix + name, Email: prefix + name + "@example.com", FirstName: "C", LastName: "T", Enabled: true},
			Groups:    []string{"/staff"}, RealmRoles: []string{"user"},
		}
	}
	exists := func(name string) bool {
		t.Helper()
		_, err := dir.FindUserByUsername(ctx, realm, prefix+name)
		if err != nil && !errors.Is(err, keycloak.ErrNotFound) {
			t.Fatalf("find %s: %v", name, err)
		}
		return err == nil
	}

	res, err := dir.ImportUsers(ctx, realm, []keycloak.ImportUser{user("a"), user("b")}, keycloak.IfExistsFail)
	if err != nil || res.Added != 2 {
		t.Fatalf("import two new users: %+v, %v", res, err)
	}
	if !exists("a") || !exists("b") {
		t.Fatal("imported users are not found by username")
	}
	if u, err := dir.FindUserByEmail(ctx, realm, prefix+"A@EXAMPLE.COM"); err != nil || u.Username != prefix+"a" {
		t.Fatalf("email lookup ignoring case = %+v, %v", u, err)
	}
	if _, err := dir.FindUserByEmail(ctx, realm, prefix+"nobody@example.com"); !errors.Is(err, keycloak.ErrNotFound) {
		t.Fatalf("unknown email: err = %v, want ErrNotFound", err)
	}

	// FAIL: one existing user refuses the whole batch; nothing of it is written.
	_, err = dir.ImportUsers(ctx, realm, []keycloak.ImportUser{user("c"), user("a")}, keycloak.IfExistsFail)
	if !errors.Is(err, keycloak.ErrConflict) {
		t.Fatalf("batch with an existing username: err = %v, want ErrConflict", err)
	}
	if exists("c") {
		t.Fatal("a refused batch wrote a user")
	}
	taken := user("d")
	taken.Email = prefix + "b@example.com"
	if _, err = dir.ImportUsers(ctx, realm, []keycloak.ImportUser{user("e"), taken}, keycloak.IfExistsFail); !errors.Is(err, keycloak.ErrConflict) {
		t.Fatalf("batch with an email taken: err = %v, want ErrConflict", err)
	}
	if exists("d") || exists("e") {
		t.Fatal("a batch refused for an email wrote a user")
	}

	// SKIP: the existing user is left alone, the others are created.
	res, err = dir.ImportUsers(ctx, realm, []keycloak.ImportUser{user("f"), user("a")}, keycloak.IfExistsSkip)
	if err != nil || res.Added != 1 || res.Skipped != 1 || !exists("f") {
		t.Fatalf("SKIP batch: %+v, %v", res, err)
	}

	// One by one, an existing username or email is a conflict too.
	if _, err := dir.CreateUserWith(ctx, realm, user("a").UserInput, keycloak.NewUserExtras{}); !errors.Is(err, keycloak.ErrConflict) {
		t.Fatalf("create an existing username: err = %v, want ErrConflict", err)
	}
	if _, err := dir.CreateUserWith(ctx, realm, taken.UserInput, keycloak.NewUserExtras{}); !errors.Is(err, keycloak.ErrConflict) {
		t.Fatalf("create with an email taken: err = %v, want ErrConflict", err)
	}

	if h, err := dir.RealmPasswordHashing(ctx, realm); err != nil || h.Algorithm != "argon2" || h.FromPolicy {
		t.Fatalf("hashing of a realm without policy = %+v, %v; want Keycloak's default argon2", h, err)
	}
}

func TestFakeDirectoryConformance(t *testing.T) {
	testDirectoryContract(t, newFakeDirectory(), "demo", "contract-")
}
