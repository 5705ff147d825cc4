package kratos

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// pbkdf2Algorithms maps Kratos's PBKDF2 digests to the Keycloak algorithm
// that verifies them. sha224 and sha384 have no Keycloak verifier.
var pbkdf2Algorithms = map[string]string{
	"sha1":   keycloak.HashPBKDF2SHA1,
	"sha256": keycloak.HashPBKDF2SHA256,
	"sha512": keycloak.HashPBKDF2SHA512,
}

// ParseHash reads a Kratos password hash in PHC form and returns it as a
// hash Keycloak verifies, with the same parameters:
//
//	$argon2id$v=19$m=<KiB>,t=<iterations>,p=<parallelism>$<salt>$<hash>
//	$pbkdf2-<sha1|sha256|sha512>$i=<iterations>,l=<key length>$<salt>$<hash>
//
// Salt and hash are base64 (Kratos writes it unpadded; padded is accepted).
// Anything else — bcrypt, scrypt, other digests, a malformed hash — comes
// back as an error that says why the password cannot be kept.
func ParseHash(phc string) (keycloak.PasswordHash, error) {
	if phc == "" {
		return keycloak.PasswordHash{}, fmt.Errorf("the identity has no password")
	}
	parts := strings.Split(phc, "$")
	if len(parts) < 2 || parts[0] != "" {
		return keycloak.PasswordHash{}, fmt.Errorf("the password hash is not in PHC form ($scheme$...)")
	}
	scheme := parts[1]
	switch {
	case scheme == "argon2id":
		return parseArgon2id(parts)
	case strings.HasPrefix(scheme, "pbkdf2-"):
		return parsePBKDF2(parts, strings.TrimPrefix(scheme, "pbkdf2-"))
	case scheme == "2a" || scheme == "2b" || scheme == "2y":
		return keycloak.PasswordHash{}, fmt.Errorf("bcrypt ($%s$): Keycloak has no bcrypt verifier", scheme)
	default:
		return keycloak.PasswordHash{}, fmt.Errorf("hash scheme %q: Keycloak has no verifier for it", scheme)
	}
}

func parseArgon2id(parts []string) (keycloak.PasswordHash, error) {
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 {
		return keycloak.PasswordHash{}, fmt.Errorf("argon2id hash: want $argon2id$v=…$m=…,t=…,p=…$salt$hash")
	}
	version := map[string]string{"v=19": "1.3", "v=16": "1.0"}[parts[2]]
	if version == "" {
		return keycloak.PasswordHash{}, fmt.Errorf("argon2id hash: version %q is not v=19 or v=16", parts[2])
	}
	params, err := phcParams(parts[3], "m", "t", "p")
	if err != nil {
		return keycloak.PasswordHash{}, fmt.Errorf("argon2id hash: %w", err)
	}
	salt, hash, err := saltAndHash(parts[4], parts[5])
	if err != nil {
		return keycloak.PasswordHash{}, fmt.Errorf("argon2id hash: %w", err)
	}
	return keycloak.PasswordHash{
		Algorithm: keycloak.HashArgon2, Iterations: params["t"], Salt: salt, Hash: hash,
		Argon2: &keycloak.Argon2Params{Type: "id", Version: version, MemoryKiB: params["m"], Parallelism: params["p"]},
	}, nil
}

func parsePBKDF2(parts []string, digest string) (keycloak.PasswordHash, error) {
	alg, ok := pbkdf2Algorithms[digest]
	if !ok {
		return keycloak.PasswordHash{}, fmt.Errorf("pbkdf2 with %s: Keycloak verifies pbkdf2 with sha1, sha256 and sha512 only", digest)
	}
	// "", "pbkdf2-…", "i=…,l=…", salt, hash
	if len(parts) != 5 {
		return keycloak.PasswordHash{}, fmt.Errorf("pbkdf2 hash: want $pbkdf2-%s$i=…,l=…$salt$hash", digest)
	}
	params, err := phcParams(parts[2], "i", "l")
	if err != nil {
		return keycloak.PasswordHash{}, fmt.Errorf("pbkdf2 hash: %w", err)
	}
	salt, hash, err := saltAndHash(parts[3], parts[4])
	if err != nil {
		return keycloak.PasswordHash{}, fmt.Errorf("pbkdf2 hash: %w", err)
	}
	// Keycloak takes the key length from the stored hash, so a hash whose
	// length disagrees with l would be checked at the wrong length.
	if params["l"] != len(hash) {
		return keycloak.PasswordHash{}, fmt.Errorf("pbkdf2 hash: key length l=%d but the hash has %d bytes", params["l"], len(hash))
	}
	return keycloak.PasswordHash{Algorithm: alg, Iterations: params["i"], Salt: salt, Hash: hash}, nil
}

// phcParams reads "k=v,k=v" with exactly the given keys, each a positive
// integer.
func phcParams(s string, keys ...string) (map[string]int, error) {
	out := map[string]int{}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n <= 0 {
			return nil, fmt.Errorf("parameter %q is not name=positive number", kv)
		}
		out[k] = n
	}
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("parameter %s is missing from %q", k, s)
		}
	}
	if len(out) != len(keys) {
		return nil, fmt.Errorf("unexpected parameters in %q (want %s)", s, strings.Join(keys, ","))
	}
	return out, nil
}

func saltAndHash(salt, hash string) ([]byte, []byte, error) {
	s, err := decodeB64(salt)
	if err != nil {
		return nil, nil, fmt.Errorf("salt: %w", err)
	}
	h, err := decodeB64(hash)
	if err != nil {
		return nil, nil, fmt.Errorf("hash: %w", err)
	}
	if len(s) == 0 || len(h) == 0 {
		return nil, nil, fmt.Errorf("empty salt or hash")
	}
	return s, h, nil
}

// decodeB64 reads standard base64 with or without padding, as Kratos
// writes it unpadded and other tools pad it.
func decodeB64(s string) ([]byte, error) {
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}
