package kratos

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/pbkdf2"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// A parsed hash must carry the parameters that reproduce it from the
// password: that is what Keycloak recomputes at sign-in.
func TestParseHashKeepsWhatVerifiesTheOriginalPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	t.Run("argon2id", func(t *testing.T) {
		h, err := ParseHash(kratosArgon2id(t, pw, 8192, 3, 2))
		if err != nil {
			t.Fatal(err)
		}
		a := h.Argon2
		if h.Algorithm != keycloak.HashArgon2 || a == nil || a.Type != "id" || a.Version != "1.3" || a.MemoryKiB != 8192 || h.Iterations != 3 || a.Parallelism != 2 {
			t.Fatalf("hash = %+v / %+v", h, a)
		}
		again := argon2.IDKey([]byte(pw), h.Salt, uint32(h.Iterations), uint32(a.MemoryKiB), uint8(a.Parallelism), uint32(len(h.Hash)))
		if !bytes.Equal(again, h.Hash) {
			t.Fatal("the parsed parameters do not reproduce the hash")
		}
	})
	for digest, want := range map[string]string{"sha256": "pbkdf2-sha256", "sha512": "pbkdf2-sha512", "sha1": "pbkdf2"} {
		t.Run("pbkdf2-"+digest, func(t *testing.T) {
			h, err := ParseHash(kratosPBKDF2(t, pw, digest, 1000, 32))
			if err != nil {
				t.Fatal(err)
			}
			if h.Algorithm != want || h.Iterations != 1000 || h.Argon2 != nil || len(h.Hash) != 32 {
				t.Fatalf("hash = %+v", h)
			}
			fn := map[string]func() hash.Hash{"sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New}[digest]
			if !bytes.Equal(pbkdf2.Key([]byte(pw), h.Salt, h.Iterations, len(h.Hash), fn), h.Hash) {
				t.Fatal("the parsed parameters do not reproduce the hash")
			}
		})
	}
}

func TestParseHashAcceptsPaddedBase64(t *testing.T) {
	phc := kratosPBKDF2(t, "pw", "sha256", 10, 32)
	parts := strings.Split(phc, "$")
	// 16-byte salt and 32-byte key both need padding in standard base64.
	padded := strings.Join([]string{"", parts[1], parts[2], parts[3] + "==", parts[4] + "="}, "$")
	a, err := ParseHash(phc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseHash(padded)
	if err != nil || !bytes.Equal(a.Salt, b.Salt) || !bytes.Equal(a.Hash, b.Hash) {
		t.Fatalf("padded: %+v, %v", b, err)
	}
}

// Every hash Keycloak cannot verify is refused with a reason naming it; the
// importer turns the refusal into the update-password required action.
func TestParseHashRefusesWithTheReason(t *testing.T) {
	for _, tc := range []struct{ phc, want string }{
		{"", "no password"},
		{kratosBcrypt(t, "pw"), "bcrypt ($2a$): Keycloak has no bcrypt verifier"},
		{"$2b$10$abcdefghijklmnopqrstuuJ5K9Xz0w0J2rQ1h1bX9mC7hVb1hQ8e", "bcrypt ($2b$)"},
		{"$scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA", `hash scheme "scrypt"`},
		{"$argon2i$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", `hash scheme "argon2i"`},
		{"$pbkdf2-sha384$i=1,l=4$c2FsdA$aGFzaA", "pbkdf2 with sha384"},
		{"$pbkdf2-sha256$i=1,l=32$c2FsdA$aGFzaA", "key length l=32 but the hash has 4 bytes"},
		{"$pbkdf2-sha256$i=1$c2FsdA$aGFzaA", "parameter l is missing"},
		{"$argon2id$v=18$m=8,t=1,p=1$c2FsdA$aGFzaA", "version"},
		{"$argon2id$v=19$m=8,t=0,p=1$c2FsdA$aGFzaA", "positive number"},
		{"$argon2id$v=19$m=8,t=1,p=1$c2F*dA$aGFzaA", "salt"},
		{"plaintext", "not in PHC form"},
	} {
		_, err := ParseHash(tc.phc)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseHash(%q) = %v, want an error containing %q", tc.phc, err, tc.want)
		}
	}
}
