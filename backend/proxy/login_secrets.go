package proxy

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// The environment variables that may hold the sign-in secrets instead of
// the files a route file names.
const (
	EnvLoginClientSecret = "TANDEM_LOGIN_CLIENT_SECRET"
	EnvCookieKeys        = "TANDEM_COOKIE_KEYS"
)

// LoginSecrets are what browser sign-in needs besides the route file: the
// client secret (empty for a public client, which PKCE protects) and the
// cookie keys, the first of which seals new cookies.
type LoginSecrets struct {
	ClientSecret string
	CookieKeys   [][]byte
}

// NewCookieKey returns a fresh random cookie key in the form the key file
// and TANDEM_COOKIE_KEYS take: standard base64 of 32 bytes.
func NewCookieKey() (string, error) {
	k := make([]byte, CookieKeySize)
	if _, err := rand.Read(k); err != nil {
		return "", fmt.Errorf("generate cookie key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(k), nil
}

// ParseCookieKeys reads cookie keys, one standard-base64 32-byte key a line;
// blank lines are skipped. At least one key is required.
func ParseCookieKeys(text string) ([][]byte, error) {
	var keys [][]byte
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, err := base64.StdEncoding.DecodeString(line)
		if err != nil {
			return nil, fmt.Errorf("cookie key on line %d is not standard base64", i+1)
		}
		if len(k) != CookieKeySize {
			return nil, fmt.Errorf("cookie key on line %d is %d bytes, want %d (tandemctl cookie-key makes one)", i+1, len(k), CookieKeySize)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no cookie key given (tandemctl cookie-key makes one)")
	}
	return keys, nil
}

// ResolveLoginSecrets reads the secrets of cfg's login block from the files
// it names or, when it names none, from the environment (getenv, usually
// os.Getenv). Naming a file and setting its variable too is a problem, as is
// a missing cookie key; every problem is returned at once, as a
// *routes.ValidationError. A file without a login block needs nothing.
func ResolveLoginSecrets(cfg routes.Config, getenv func(string) string) (LoginSecrets, error) {
	var sec LoginSecrets
	lg := cfg.Login
	if !lg.Enabled() {
		return sec, nil
	}
	var problems []routes.Problem
	add := func(field, format string, args ...any) {
		problems = append(problems, routes.Problem{Field: "login." + field, Message: fmt.Sprintf(format, args...)})
	}
	secret, err := fileOrEnv(lg.ClientSecretFile, EnvLoginClientSecret, getenv)
	if err != nil {
		add("client_secret_file", "%v", err)
	}
	sec.ClientSecret = strings.TrimSpace(secret)
	keys, err := fileOrEnv(lg.CookieKeysFile, EnvCookieKeys, getenv)
	switch {
	case err != nil:
		add("cookie_keys_file", "%v", err)
	case keys == "":
		problems = append(problems, routes.Problem{Field: "login.cookie_keys_file", Code: routes.CodeRequired,
			Message: "required: a file of cookie keys, or the environment variable " + EnvCookieKeys})
	default:
		if sec.CookieKeys, err = ParseCookieKeys(keys); err != nil {
			add("cookie_keys_file", "%v", err)
		}
	}
	if len(problems) > 0 {
		return LoginSecrets{}, &routes.ValidationError{Problems: problems}
	}
	return sec, nil
}

// fileOrEnv reads a secret from file when it is named, else from the
// environment variable env.
func fileOrEnv(file, env string, getenv func(string) string) (string, error) {
	val := getenv(env)
	if file == "" {
		return val, nil
	}
	if val != "" {
		return "", fmt.Errorf("%s is named and the environment variable %s is set too: give one", file, env)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", file, err)
	}
	return string(b), nil
}

// UnsharedLoginSecrets are for a proxy that applies the sign-in rules but
// finishes no sign-in worth keeping (the route tester's): a fresh cookie key
// of its own and no client secret. It never fails.
func UnsharedLoginSecrets(routes.Config) (LoginSecrets, error) {
	k := make([]byte, CookieKeySize)
	if _, err := rand.Read(k); err != nil {
		return LoginSecrets{}, fmt.Errorf("generate cookie key: %w", err)
	}
	return LoginSecrets{CookieKeys: [][]byte{k}}, nil
}
