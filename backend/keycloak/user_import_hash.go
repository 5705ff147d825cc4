package keycloak

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/Nerzal/gocloak/v13"
)

// Algorithms of the password hashes Keycloak 26 verifies when they are
// stored as they are, without the password.
const (
	HashArgon2       = "argon2"        // Argon2 (type and version in Argon2Params)
	HashPBKDF2SHA1   = "pbkdf2"        // PBKDF2 with HMAC-SHA1
	HashPBKDF2SHA256 = "pbkdf2-sha256" // PBKDF2 with HMAC-SHA256
	HashPBKDF2SHA512 = "pbkdf2-sha512" // PBKDF2 with HMAC-SHA512
)

// PasswordHash is a password hashed elsewhere (another identity server),
// stored in Keycloak as it is so that the user signs in with the old
// password. Salt and Hash are the raw bytes; the key length is the length
// of Hash.
type PasswordHash struct {
	Algorithm  string // one of the Hash* constants
	Iterations int    // PBKDF2 iterations, or Argon2's time cost
	Salt       []byte
	Hash       []byte
	Argon2     *Argon2Params // required with HashArgon2, nil otherwise
}

// Argon2Params are the parameters of an Argon2 hash beyond its iterations.
type Argon2Params struct {
	Type        string // "id", "i" or "d"
	Version     string // "1.3" (PHC v=19) or "1.0" (v=16)
	MemoryKiB   int
	Parallelism int
}

// check lists what would make Keycloak refuse or misread the hash.
func (h PasswordHash) check() error {
	switch h.Algorithm {
	case HashPBKDF2SHA1, HashPBKDF2SHA256, HashPBKDF2SHA512:
		if h.Argon2 != nil {
			return fmt.Errorf("%s takes no Argon2 parameters", h.Algorithm)
		}
	case HashArgon2:
		if h.Argon2 == nil || h.Argon2.Type == "" || h.Argon2.Version == "" || h.Argon2.MemoryKiB <= 0 || h.Argon2.Parallelism <= 0 {
			return errors.New("argon2 needs its type, version, memory and parallelism")
		}
	default:
		return fmt.Errorf("Keycloak has no verifier for hash algorithm %q", h.Algorithm) //nolint:staticcheck // ST1005: a proper noun
	}
	if h.Iterations <= 0 || len(h.Salt) == 0 || len(h.Hash) == 0 {
		return errors.New("a stored hash needs iterations, a salt and the hash")
	}
	return nil
}

// credential renders the hash as Keycloak's password credential.
// credentialData and secretData are JSON documents carried as strings, and
// Keycloak reads salt and value as padded standard base64.
func (h PasswordHash) credential() (gocloak.CredentialRepresentation, error) {
	params := map[string][]string{}
	if a := h.Argon2; a != nil {
		params = map[string][]string{
			"type":        {a.Type},
			"version":     {a.Version},
			"hashLength":  {strconv.Itoa(len(h.Hash))},
			"memory":      {strconv.Itoa(a.MemoryKiB)},
			"parallelism": {strconv.Itoa(a.Parallelism)},
		}
	}
	credData, err := json.Marshal(map[string]any{
		"hashIterations": h.Iterations, "algorithm": h.Algorithm, "additionalParameters": params,
	})
	if err != nil {
		return gocloak.CredentialRepresentation{}, err
	}
	secretData, err := json.Marshal(map[string]any{
		"value":                base64.StdEncoding.EncodeToString(h.Hash),
		"salt":                 base64.StdEncoding.EncodeToString(h.Salt),
		"additionalParameters": map[string][]string{},
	})
	if err != nil {
		return gocloak.CredentialRepresentation{}, err
	}
	return gocloak.CredentialRepresentation{
		Type:           gocloak.StringP("password"),
		Temporary:      gocloak.BoolP(false),
		CredentialData: gocloak.StringP(string(credData)),
		SecretData:     gocloak.StringP(string(secretData)),
	}, nil
}

// CreateUserWithPasswordHash creates a user whose password credential is a
// hash made elsewhere, in the one request that creates the user, and returns
// its id. Attributes Keycloak would drop (outside the realm's user profile
// while unmanaged attributes are off) are refused first, as UpdateUser does.
func (c *Client) CreateUserWithPasswordHash(ctx context.Context, realm string, in UserInput, hash PasswordHash) (string, error) {
	op, err := c.checkNewUser(realm, in)
	if err != nil {
		return "", err
	}
	if err := hash.check(); err != nil {
		return "", invalidInput(op, err)
	}
	cred, err := hash.credential()
	if err != nil {
		return "", fmt.Errorf("%s: encode credential: %w", op, err)
	}
	user := gocloak.User{Credentials: &[]gocloak.CredentialRepresentation{cred}}
	in.writeTo(&user)
	return c.createUser(ctx, op, realm, user)
}

// CheckAttributesAllowed refuses, with ErrInvalidInput and the realm setting
// to change, attribute names that the realm would drop without a word: an
// importer asks once before writing any user.
func (c *Client) CheckAttributesAllowed(ctx context.Context, realm string, names []string) error {
	attrs := make(map[string][]string, len(names))
	for _, n := range names {
		attrs[n] = nil
	}
	return c.checkAttributesAllowed(ctx, fmt.Sprintf("check user attributes of realm %q", realm), realm, attrs)
}
