package tester

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/outbound"
)

// Kind is how the tester obtains an identity.
type Kind string

const (
	KindAnonymous Kind = "anonymous"
	KindPassword  Kind = "password" // a realm user, direct access grant
	KindClient    Kind = "client"   // a service account, client credentials grant
	KindToken     Kind = "token"    // a pasted token
)

// Identity says who a request is sent as. Password and ClientSecret are
// used once, for one token request, and never stored or logged: Identity has
// no String method that prints them and Describe leaves them out.
type Identity struct {
	Kind Kind `json:"kind"`
	// Realm defaults to the realm of the route file's issuer. Another realm
	// yields a correctly signed token the proxy must still refuse (wrong iss).
	Realm        string `json:"realm,omitempty"`
	ClientID     string `json:"clientId,omitempty"`
	ClientSecret string `json:"clientSecret,omitempty"`
	Username     string `json:"username,omitempty"`
	Password     string `json:"password,omitempty"`
	Token        string `json:"token,omitempty"`
	// Variant damages the obtained token (ignored for anonymous).
	Variant Variant `json:"variant,omitempty"`
	// SpoofHeaders adds identity headers the caller made up (X-User-Id,
	// x_user_id, ...) to the request, to prove the proxy strips them.
	SpoofHeaders bool `json:"spoofHeaders,omitempty"`
}

// anonymous reports whether the identity sends no credential: an empty kind
// is anonymous too.
func (id Identity) anonymous() bool { return id.Kind == "" || id.Kind == KindAnonymous }

// Describe is a short label for results and saved cases; it never includes a secret.
func (id Identity) Describe() string {
	var s string
	switch id.Kind {
	case KindAnonymous, "":
		s = "anonymous"
	case KindPassword:
		s = "user " + id.Username
		if id.Realm != "" {
			s += "@" + id.Realm
		}
	case KindClient:
		s = "service account " + id.ClientID
		if id.Realm != "" {
			s += "@" + id.Realm
		}
	case KindToken:
		s = "pasted token"
	case KindSession:
		s = "browser session of " + id.Username
	default:
		s = string(id.Kind)
	}
	if id.Variant != VariantNone && !id.anonymous() {
		s += " (" + string(id.Variant) + ")"
	}
	if id.SpoofHeaders {
		s += " + spoofed identity headers"
	}
	return s
}

// Redacted returns a copy safe to keep: secrets and the pasted token removed.
func (id Identity) Redacted() Identity {
	id.Password = ""
	id.ClientSecret = ""
	id.Token = ""
	return id
}

// Credential is what an identity resolves to for one request.
type Credential struct {
	// Token is the bearer token to send ("" for anonymous).
	Token string
	// Original is the undamaged token a variant was made from ("" if none).
	Original string
	// Headers are extra request headers (the spoofed identity headers).
	Headers http.Header
	Label   string
	// session is set for a browser session (identity_browser.go).
	session *sessionCred
}

// Errors a token request can end in. Each message is a sentence the screen shows.
var (
	ErrBadCredentials      = errors.New("the username or password is wrong")
	ErrAccountDisabled     = errors.New("the user account is disabled")
	ErrAccountNotReady     = errors.New("the user account is not fully set up (required actions pending, e.g. update password or verify email)")
	ErrDirectGrantDisabled = errors.New("the client does not allow direct access grants (enable \"Direct access grants\" on the client, or pick one that does, e.g. web)")
	ErrServiceAccountOff   = errors.New("the client cannot issue service-account tokens (it is a public client, or \"Service accounts\" is off on it)")
	ErrInvalidClient       = errors.New("the client id or secret is wrong, or the client does not exist")
	ErrRealmNotFound       = errors.New("the realm does not exist")
	ErrIdPUnreachable      = errors.New("the identity provider cannot be reached")
	ErrMissingInput        = errors.New("the identity is incomplete")
)

// TokenSource obtains tokens from a Keycloak realm's token endpoint. Each
// token it obtains by a grant starts a session in Keycloak: call EndSessions
// once the requests using the tokens are done, so tests leave none behind.
type TokenSource struct {
	// Issuer is the route file's issuer, e.g. http://127.0.0.1:8180/realms/demo.
	// Tokens are requested from the same origin so their iss matches exactly.
	Issuer string
	HTTP   *http.Client

	mu       sync.Mutex
	sessions []session // started by this source's grants, not yet ended
}

// tokenTimeout bounds one token or logout request.
const tokenTimeout = 10 * time.Second

// NewTokenSource returns a source with a bounded timeout per token request.
func NewTokenSource(issuer string) *TokenSource {
	return &TokenSource{Issuer: issuer, HTTP: &http.Client{Timeout: tokenTimeout}}
}

// client is the HTTP client for one token or logout request: ts.HTTP (or
// one bounded by tokenTimeout) following only same-origin redirects. Both
// requests carry a password, a client secret or a refresh token, so the
// policy is applied here whatever client the source was given.
func (ts *TokenSource) client() *http.Client {
	if ts.HTTP == nil {
		return outbound.Client(&http.Client{Timeout: tokenTimeout})
	}
	return outbound.Client(ts.HTTP)
}

// Resolve turns an identity into a credential: it requests a token when the
// identity needs one, damages it as the variant asks and adds spoofed headers.
func (ts *TokenSource) Resolve(ctx context.Context, id Identity, spoofNames []string, now time.Time) (Credential, error) {
	c := Credential{Headers: http.Header{}, Label: id.Describe()}
	var raw string
	switch id.Kind {
	case KindAnonymous, "":
	case KindPassword:
		if strings.TrimSpace(id.Username) == "" || id.Password == "" {
			return Credential{}, fmt.Errorf("%w: a user needs a username and a password", ErrMissingInput)
		}
		t, err := ts.PasswordToken(ctx, id.Realm, clientOr(id.ClientID, "web"), id.ClientSecret, id.Username, id.Password)
		if err != nil {
			return Credential{}, fmt.Errorf("get a token for user %q: %w", id.Username, err)
		}
		raw = t
	case KindClient:
		if strings.TrimSpace(id.ClientID) == "" || id.ClientSecret == "" {
			return Credential{}, fmt.Errorf("%w: a service account needs a client id and a secret", ErrMissingInput)
		}
		t, err := ts.ClientToken(ctx, id.Realm, id.ClientID, id.ClientSecret)
		if err != nil {
			return Credential{}, fmt.Errorf("get a token for service account %q: %w", id.ClientID, err)
		}
		raw = t
	case KindToken:
		raw = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(id.Token), "Bearer "))
		if raw == "" {
			return Credential{}, fmt.Errorf("%w: paste a token", ErrMissingInput)
		}
	default:
		return Credential{}, fmt.Errorf("%w: unknown identity kind %q", ErrMissingInput, id.Kind)
	}
	if raw != "" {
		damaged, err := ApplyVariant(raw, id.Variant, now)
		if err != nil {
			return Credential{}, fmt.Errorf("make the %s variant: %w", id.Variant, err)
		}
		c.Token = damaged
		if id.Variant != VariantNone {
			c.Original = raw
		}
	}
	if id.SpoofHeaders {
		for name, v := range SpoofedHeaders(spoofNames) {
			c.Headers[name] = v
		}
	}
	return c, nil
}

func clientOr(id, def string) string {
	if strings.TrimSpace(id) == "" {
		return def
	}
	return id
}
