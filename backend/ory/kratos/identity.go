// Package kratos imports Ory Kratos identities into Keycloak as users:
// traits mapped to the user's fields and attributes, password hashes carried
// over where Keycloak can verify them, and a report per identity.
package kratos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Identity is one identity as Kratos's admin API lists it with
// include_credential=password (GET /admin/identities).
type Identity struct {
	ID                  string                `json:"id"`
	SchemaID            string                `json:"schema_id"`
	State               string                `json:"state"` // active or inactive; empty counts as active
	Traits              map[string]any        `json:"traits"`
	VerifiableAddresses []VerifiableAddress   `json:"verifiable_addresses"`
	MetadataPublic      map[string]any        `json:"metadata_public"`
	MetadataAdmin       map[string]any        `json:"metadata_admin"`
	Credentials         map[string]Credential `json:"credentials"`
}

// VerifiableAddress is an address Kratos can verify (an email, a phone).
type VerifiableAddress struct {
	Value    string `json:"value"`
	Verified bool   `json:"verified"`
	Via      string `json:"via"`
}

// Credential is one of an identity's credentials. Only the password's
// config is read: hashed_password, in PHC form.
type Credential struct {
	Type        string   `json:"type"`
	Identifiers []string `json:"identifiers"`
	Config      struct {
		HashedPassword string `json:"hashed_password"`
	} `json:"config"`
}

// HashedPassword is the identity's password hash, empty when it has none.
func (id Identity) HashedPassword() string {
	return id.Credentials["password"].Config.HashedPassword
}

// LoadFile reads an identities export (see Parse).
func LoadFile(path string) ([]Identity, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read identities: %w", err)
	}
	ids, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ids, nil
}

// Parse decodes what Kratos's admin API answers: a JSON array of
// identities, or one identity object. Numbers in traits and metadata are
// kept as written (json.Number).
func Parse(data []byte) ([]Identity, error) {
	data = bytes.TrimSpace(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var ids []Identity
	if len(data) > 0 && data[0] == '{' {
		var one Identity
		if err := dec.Decode(&one); err != nil {
			return nil, fmt.Errorf("decode identity: %w", err)
		}
		ids = []Identity{one}
	} else if err := dec.Decode(&ids); err != nil {
		return nil, fmt.Errorf("decode identities (a JSON array as GET /admin/identities returns): %w", err)
	}
	for i, id := range ids {
		if id.ID == "" {
			return nil, fmt.Errorf("identity %d has no id", i+1)
		}
	}
	return ids, nil
}
