package userimport

import (
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// HashingEstimate is a rough forecast of what hashing the import's passwords
// costs Keycloak. Each new password is hashed once, on one core, whatever
// the importer does; it is the floor of an import with passwords.
type HashingEstimate struct {
	Algorithm  string `json:"algorithm"`
	Iterations int    `json:"iterations"`
	FromPolicy bool   `json:"fromPolicy"`
	// Passwords is how many rows set a password.
	Passwords int `json:"passwords"`
	// PerPasswordMs is the CPU time of one hash; 0 when the algorithm's cost
	// is unknown.
	PerPasswordMs float64 `json:"perPasswordMs"`
	// Seconds is PerPasswordMs × Passwords ÷ AssumedKeycloakCores.
	Seconds float64 `json:"seconds"`
	// Expensive is true from ExpensiveHash per password on.
	Expensive bool `json:"expensive"`
}

// AssumedKeycloakCores is how many cores the estimate lets Keycloak hash on
// at once; a rough figure, since the server's size is not known.
const AssumedKeycloakCores = 2

// ExpensiveHash is the per-password cost from which the import screen warns.
const ExpensiveHash = 100 * time.Millisecond

// Costs measured on Keycloak 26 (2-core machine): Argon2id with its default
// 5 iterations and 7 MiB about 24 ms per password, pbkdf2-sha512 with its
// default 210,000 iterations about 310 ms. Other pbkdf2 variants are taken at
// pbkdf2-sha512's cost per iteration (not measured; SHA-256 and SHA-1 are no
// dearer per iteration).
const (
	argon2PerIteration = 24 * time.Millisecond / 5
	pbkdf2PerIteration = 310 * time.Millisecond / 210_000
)

// EstimateHashing forecasts hashing passwords new passwords under h.
func EstimateHashing(h keycloak.PasswordHashing, passwords int) HashingEstimate {
	est := HashingEstimate{Algorithm: h.Algorithm, Iterations: h.Iterations, FromPolicy: h.FromPolicy, Passwords: passwords}
	var per time.Duration
	switch h.Algorithm {
	case "argon2":
		per = argon2PerIteration * time.Duration(h.Iterations)
	case "pbkdf2-sha512", "pbkdf2-sha256", "pbkdf2":
		per = pbkdf2PerIteration * time.Duration(h.Iterations)
	default:
		return est
	}
	est.PerPasswordMs = float64(per.Microseconds()) / 1000
	est.Seconds = (per * time.Duration(passwords) / AssumedKeycloakCores).Seconds()
	est.Expensive = per >= ExpensiveHash
	return est
}
