//go:build integration

package kratos

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

// Imported Kratos users sign in to a real Keycloak with their old
// passwords (argon2id and every pbkdf2 digest Keycloak verifies); bcrypt
// users are asked to choose a new one; traits land where the mapping says.
func TestIntegrationKratosUsersSignInWithTheirOldPasswords(t *testing.T) {
	c := livekc.Admin(t, 30*time.Second)
	ctx := context.Background()
	realm := livekc.Realm(t, c, "tandem-kratos")
	r, err := c.GetRealm(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	r.Settings.UnmanagedAttributes = keycloak.UnmanagedAdminEdit
	if err := c.UpdateRealmSettings(ctx, realm, r.Settings); err != nil {
		t.Fatalf("allow attributes: %v", err)
	}
	if _, err := c.CreateClient(ctx, realm, keycloak.OIDCClientInput{ClientID: "cli", Enabled: true, Public: true, DirectAccessGrants: true}); err != nil {
		t.Fatalf("create client: %v", err)
	}

	person := func(id, login, email, pw, hashed string) testIdentity {
		return testIdentity{id: id, hashed: hashed, verified: []string{email},
			traits:         map[string]any{"login": login, "email": email, "name": map[string]any{"first": "F" + login, "last": "L" + login}},
			metadataPublic: map[string]any{"plan": "pro-" + login}}
	}
	passwords := map[string]string{"argon": "Argon-pw-1", "sha256": "Sha256-pw-1", "sha512": "Sha512-pw-1", "sha1": "Sha1-pw-1", "bcrypt": "Bcrypt-pw-1"}
	ids, err := Parse(export(t,
		person("k-argon", "argon", "argon@example.com", passwords["argon"], kratosArgon2id(t, passwords["argon"], 8192, 2, 1)),
		person("k-sha256", "sha256", "sha256@example.com", passwords["sha256"], kratosPBKDF2(t, passwords["sha256"], "sha256", 2000, 32)),
		person("k-sha512", "sha512", "sha512@example.com", passwords["sha512"], kratosPBKDF2(t, passwords["sha512"], "sha512", 2000, 64)),
		person("k-sha1", "sha1", "sha1@example.com", passwords["sha1"], kratosPBKDF2(t, passwords["sha1"], "sha1", 2000, 20)),
		person("k-bcrypt", "bcrypt", "bcrypt@example.com", passwords["bcrypt"], kratosBcrypt(t, passwords["bcrypt"])),
	))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping([]byte("username: traits.login\nattributes:\n  kratos_id: id\n  plan: metadata_public.plan\n"))
	if err != nil {
		t.Fatal(err)
	}

	dry, err := Import(ctx, c, ids, Options{Realm: realm, Mapping: m, DryRun: true})
	if err != nil || dry.Created != 5 || dry.PasswordsKept != 4 || dry.MustReset != 1 {
		t.Fatalf("dry run = %+v, %v", dry, err)
	}
	if page, _ := c.SearchUsers(ctx, realm, keycloak.UserQuery{}); page.Total != 0 {
		t.Fatalf("the dry run created %d users", page.Total)
	}
	rep, err := Import(ctx, c, ids, Options{Realm: realm, Mapping: m})
	if err != nil || rep.Created != 5 || rep.PasswordsKept != 4 || rep.MustReset != 1 || rep.Failed != 0 {
		t.Fatalf("import = %+v, %v", rep, err)
	}

	for _, login := range []string{"argon", "sha256", "sha512", "sha1"} {
		if status, body := passwordGrant(t, livekc.URL(), realm, login, passwords[login]); status != http.StatusOK {
			t.Errorf("%s signs in with the old password: HTTP %d %s", login, status, body)
		}
		if status, _ := passwordGrant(t, livekc.URL(), realm, login, "wrong-"+passwords[login]); status == http.StatusOK {
			t.Errorf("%s signs in with a wrong password", login)
		}
	}
	bc, err := c.FindUserByUsername(ctx, realm, "bcrypt")
	if err != nil {
		t.Fatal(err)
	}
	if full, _ := c.GetUser(ctx, realm, bc.ID); !slices.Contains(full.RequiredActions, "UPDATE_PASSWORD") {
		t.Errorf("bcrypt user required actions = %v, want UPDATE_PASSWORD", full.RequiredActions)
	}
	if creds, _ := c.ListCredentials(ctx, realm, bc.ID); len(creds) != 0 {
		t.Errorf("bcrypt user has credentials %+v", creds)
	}

	u, err := c.FindUserByUsername(ctx, realm, "sha256")
	if err != nil {
		t.Fatal(err)
	}
	full, err := c.GetUser(ctx, realm, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.Email != "sha256@example.com" || !full.EmailVerified || full.FirstName != "Fsha256" || full.LastName != "Lsha256" ||
		!slices.Equal(full.Attributes["kratos_id"], []string{"k-sha256"}) || !slices.Equal(full.Attributes["plan"], []string{"pro-sha256"}) {
		t.Errorf("sha256 user = %+v", full)
	}

	again, err := Import(ctx, c, ids, Options{Realm: realm, Mapping: m})
	if err != nil || again.Existing != 5 || again.Created != 0 {
		t.Fatalf("second import = %+v, %v", again, err)
	}
}

func passwordGrant(t *testing.T, base, realm, username, password string) (int, string) {
	t.Helper()
	resp, err := http.PostForm(base+"/realms/"+realm+"/protocol/openid-connect/token", url.Values{
		"grant_type": {"password"}, "client_id": {"cli"}, "username": {username}, "password": {password},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 300)
	n, _ := resp.Body.Read(buf)
	return resp.StatusCode, string(buf[:n])
}
