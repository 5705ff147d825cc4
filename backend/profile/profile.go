// Package profile manages environment profiles: a Keycloak connection plus
// its routes and proxy settings, with secrets kept out of plaintext.
package profile

import (
	"errors"
	"time"
)

// Kind is the environment a profile points at.
type Kind string

const (
	KindLocal   Kind = "local"
	KindDev     Kind = "dev"
	KindStaging Kind = "staging"
	KindProd    Kind = "prod"
)

// AuthMethod says which credentials a profile logs in with.
type AuthMethod string

const (
	AuthPassword AuthMethod = "password" // admin username + password via admin-cli
	AuthClient   AuthMethod = "client"   // client id + secret of a service account
)

// Details are what a user says about a profile: which Keycloak, how to log
// in, how it looks. A Profile is them as stored, a ProfileInput them as
// typed into the form; both embed them, so JSON and the generated
// TypeScript see the fields flat.
type Details struct {
	Name         string     `json:"name"`
	Kind         Kind       `json:"kind"`
	Color        string     `json:"color"`
	KeycloakURL  string     `json:"keycloakUrl"`
	AdminRealm   string     `json:"adminRealm"`
	AuthMethod   AuthMethod `json:"authMethod"`
	Username     string     `json:"username"` // AuthPassword
	ClientID     string     `json:"clientId"` // AuthClient
	DefaultRealm string     `json:"defaultRealm"`
	ReadOnly     bool       `json:"readOnly"`
	Notes        string     `json:"notes"`
}

// Profile is one environment. The secret (password or client secret) is never
// part of this struct: ask the Service for it when logging in.
type Profile struct {
	ID int64 `json:"id"`
	Details
	SecretStore string    `json:"secretStore"` // where the secret lives: "keychain" or "encrypted-file"
	CreatedAt   time.Time `json:"createdAt" ts_type:"string"`
	UpdatedAt   time.Time `json:"updatedAt" ts_type:"string"`
}

// ErrReadOnly is returned by every mutating operation on a read-only profile.
var ErrReadOnly = errors.New("the profile is read-only")
