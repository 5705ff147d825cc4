package kratos

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/pbkdf2"
)

// The helpers below write hashes exactly as Kratos stores them: PHC strings
// with unpadded standard base64.

var b64 = base64.RawStdEncoding

func randomSalt(t *testing.T, n int) []byte {
	t.Helper()
	s := make([]byte, n)
	if _, err := rand.Read(s); err != nil {
		t.Fatal(err)
	}
	return s
}

// kratosArgon2id hashes like Kratos's argon2 hasher (m in KiB).
func kratosArgon2id(t *testing.T, password string, m uint32, iter uint32, p uint8) string {
	salt := randomSalt(t, 16)
	key := argon2.IDKey([]byte(password), salt, iter, m, p, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, m, iter, p, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// kratosPBKDF2 hashes like Kratos's pbkdf2 hasher.
func kratosPBKDF2(t *testing.T, password, digest string, iter, keyLen int) string {
	salt := randomSalt(t, 16)
	h := map[string]func() hash.Hash{"sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New}[digest]
	key := pbkdf2.Key([]byte(password), salt, iter, keyLen, h)
	return fmt.Sprintf("$pbkdf2-%s$i=%d,l=%d$%s$%s", digest, iter, keyLen, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func kratosBcrypt(t *testing.T, password string) string {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

// testIdentity is what a test says about one identity; export renders it as
// GET /admin/identities?include_credential=password answers.
type testIdentity struct {
	id, state      string
	traits         map[string]any
	verified       []string
	metadataPublic map[string]any
	hashed         string
	otherCreds     []string
}

func export(t *testing.T, ids ...testIdentity) []byte {
	t.Helper()
	var out []map[string]any
	for _, ti := range ids {
		creds := map[string]any{}
		if ti.hashed != "" {
			creds["password"] = map[string]any{
				"type": "password", "identifiers": []string{"x"}, "version": 0,
				"config": map[string]any{"hashed_password": ti.hashed},
			}
		}
		for _, c := range ti.otherCreds {
			creds[c] = map[string]any{"type": c, "identifiers": []string{"x"}, "config": map[string]any{}}
		}
		var addrs []map[string]any
		if email, ok := ti.traits["email"].(string); ok {
			verified := false
			for _, v := range ti.verified {
				verified = verified || v == email
			}
			addrs = append(addrs, map[string]any{"value": email, "verified": verified, "via": "email", "status": "completed"})
		}
		state := ti.state
		if state == "" {
			state = "active"
		}
		out = append(out, map[string]any{
			"id": ti.id, "schema_id": "default", "schema_url": "http://kratos/schemas/ZGVmYXVsdA", "state": state,
			"traits": ti.traits, "verifiable_addresses": addrs, "recovery_addresses": []any{},
			"metadata_public": ti.metadataPublic, "metadata_admin": nil, "credentials": creds,
			"created_at": "2024-01-02T03:04:05Z", "updated_at": "2024-01-02T03:04:05Z",
		})
	}
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
