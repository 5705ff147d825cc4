package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// Keycloak reads credentialData and secretData as JSON documents inside
// strings, with salt and hash in padded standard base64: a hash sent any
// other way is stored but never verifies.
func TestCreateUserWithPasswordHashSendsKeycloaksCredentialShape(t *testing.T) {
	var body map[string]json.RawMessage
	c := acceptingCreate(t, "/admin/realms/r/users", "new-id", &body)
	hash := PasswordHash{
		Algorithm: HashArgon2, Iterations: 3,
		Salt:   []byte("0123456789abcdef!"), // 17 bytes: padding is needed
		Hash:   []byte("0123456789abcdef0123456789abcdef"),
		Argon2: &Argon2Params{Type: "id", Version: "1.3", MemoryKiB: 65536, Parallelism: 2},
	}
	id, err := c.CreateUserWithPasswordHash(t.Context(), "r", UserInput{Username: "ann", Email: "ann@example.com", Enabled: true}, hash)
	if err != nil || id != "new-id" {
		t.Fatalf("CreateUserWithPasswordHash = %q, %v", id, err)
	}
	var creds []struct {
		Type           string `json:"type"`
		CredentialData string `json:"credentialData"`
		SecretData     string `json:"secretData"`
	}
	if err := json.Unmarshal(body["credentials"], &creds); err != nil || len(creds) != 1 {
		t.Fatalf("credentials = %s (%v), want one credential whose data fields are strings", body["credentials"], err)
	}
	var cd struct {
		HashIterations int                 `json:"hashIterations"`
		Algorithm      string              `json:"algorithm"`
		Params         map[string][]string `json:"additionalParameters"`
	}
	if err := json.Unmarshal([]byte(creds[0].CredentialData), &cd); err != nil {
		t.Fatalf("credentialData %q: %v", creds[0].CredentialData, err)
	}
	wantParams := map[string]string{"type": "id", "version": "1.3", "hashLength": "32", "memory": "65536", "parallelism": "2"}
	if cd.HashIterations != 3 || cd.Algorithm != "argon2" || len(cd.Params) != len(wantParams) {
		t.Fatalf("credentialData = %+v", cd)
	}
	for k, v := range wantParams {
		if got := cd.Params[k]; len(got) != 1 || got[0] != v {
			t.Errorf("additionalParameters[%s] = %v, want [%s]", k, got, v)
		}
	}
	var sd struct {
		Value string `json:"value"`
		Salt  string `json:"salt"`
	}
	if err := json.Unmarshal([]byte(creds[0].SecretData), &sd); err != nil {
		t.Fatalf("secretData %q: %v", creds[0].SecretData, err)
	}
	if sd.Salt != "MDEyMzQ1Njc4OWFiY2RlZiE=" || sd.Value != "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" {
		t.Fatalf("secretData = %+v, want padded standard base64", sd)
	}
}

func TestCreateUserWithPasswordHashRefusesWhatKeycloakCannotVerify(t *testing.T) {
	f := newFakeKeycloak(t) // no admin handler: any request fails the test
	c, _ := f.client()
	for name, h := range map[string]PasswordHash{
		"bcrypt":            {Algorithm: "bcrypt", Iterations: 10, Salt: []byte("s"), Hash: []byte("h")},
		"argon2 sans param": {Algorithm: HashArgon2, Iterations: 1, Salt: []byte("s"), Hash: []byte("h")},
		"no salt":           {Algorithm: HashPBKDF2SHA256, Iterations: 1, Hash: []byte("h")},
	} {
		_, err := c.CreateUserWithPasswordHash(t.Context(), "r", UserInput{Username: "ann"}, h)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
	}
	ro, _ := f.client(func(c *Config) { c.ReadOnly = true })
	_, err := ro.CreateUserWithPasswordHash(t.Context(), "r", UserInput{Username: "ann"},
		PasswordHash{Algorithm: HashPBKDF2SHA256, Iterations: 1, Salt: []byte("s"), Hash: []byte("h")})
	if !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only: err = %v, want ErrReadOnly", err)
	}
}

func init() {
	readOnlyCase("CreateUserWithPasswordHash", func(ctx context.Context, c *Client) error {
		_, err := c.CreateUserWithPasswordHash(ctx, "r", UserInput{Username: "u"}, PasswordHash{Algorithm: HashPBKDF2SHA256, Iterations: 1, Salt: []byte("s"), Hash: []byte("h")})
		return err
	})
}
