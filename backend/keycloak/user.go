package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
)

// User is one user as the console shows it.
type User struct {
	ID              string              `json:"id"`
	Username        string              `json:"username"`
	Email           string              `json:"email"`
	FirstName       string              `json:"firstName"`
	LastName        string              `json:"lastName"`
	Enabled         bool                `json:"enabled"`
	EmailVerified   bool                `json:"emailVerified"`
	CreatedAt       int64               `json:"createdAt"` // milliseconds since the epoch
	Attributes      map[string][]string `json:"attributes"`
	RequiredActions []string            `json:"requiredActions"`
	// FederationLink names the user storage provider the user comes from
	// (LDAP, …); empty for local users.
	FederationLink string `json:"federationLink"`
}

// UserInput is what creating or editing a user writes. On update, a nil
// Attributes or RequiredActions leaves the current value alone; an empty one
// clears it.
type UserInput struct {
	Username        string              `json:"username"`
	Email           string              `json:"email"`
	FirstName       string              `json:"firstName"`
	LastName        string              `json:"lastName"`
	Enabled         bool                `json:"enabled"`
	EmailVerified   bool                `json:"emailVerified"`
	Attributes      map[string][]string `json:"attributes"`
	RequiredActions []string            `json:"requiredActions"`
}

// userRep is the subset of Keycloak's UserRepresentation Tandem reads.
type userRep struct {
	ID               string              `json:"id"`
	Username         string              `json:"username"`
	Email            string              `json:"email"`
	FirstName        string              `json:"firstName"`
	LastName         string              `json:"lastName"`
	Enabled          bool                `json:"enabled"`
	EmailVerified    bool                `json:"emailVerified"`
	CreatedTimestamp int64               `json:"createdTimestamp"`
	Attributes       map[string][]string `json:"attributes"`
	RequiredActions  []string            `json:"requiredActions"`
	FederationLink   string              `json:"federationLink"`
}

func (r userRep) user() User {
	u := User{
		ID: r.ID, Username: r.Username, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName,
		Enabled: r.Enabled, EmailVerified: r.EmailVerified, CreatedAt: r.CreatedTimestamp,
		Attributes: r.Attributes, RequiredActions: r.RequiredActions, FederationLink: r.FederationLink,
	}
	if u.Attributes == nil {
		u.Attributes = map[string][]string{}
	}
	if u.RequiredActions == nil {
		u.RequiredActions = []string{}
	}
	return u
}

// GetUser returns one user by id.
func (c *Client) GetUser(ctx context.Context, realm, id string) (User, error) {
	var rep userRep
	err := c.do(ctx, fmt.Sprintf("get user %s in realm %q", id, realm), request{
		method: http.MethodGet, path: adminPath("realms", realm, "users", id), out: &rep,
	})
	if err != nil {
		return User{}, err
	}
	return rep.user(), nil
}

// CreateUser creates a user and returns its id.
func (c *Client) CreateUser(ctx context.Context, realm string, in UserInput) (string, error) {
	return c.CreateUserWith(ctx, realm, in, NewUserExtras{})
}

// NewUserExtras are written in the same request that creates a user, so a
// user never exists without them.
type NewUserExtras struct {
	Password          string   `json:"password"` // empty: no password
	TemporaryPassword bool     `json:"temporaryPassword"`
	Groups            []string `json:"groups"` // group paths, e.g. "/staff"
}

// CreateUserWith creates a user with an initial password and group
// memberships in one request and returns its id. A missing group fails the
// whole creation with ErrNotFound.
func (c *Client) CreateUserWith(ctx context.Context, realm string, in UserInput, extra NewUserExtras) (string, error) {
	op := fmt.Sprintf("create user %q in realm %q", in.Username, realm)
	if err := c.writable(op); err != nil {
		return "", err
	}
	if err := in.validate(); err != nil {
		return "", &Error{Op: op, Message: err.Error(), Err: ErrInvalidInput}
	}
	body := map[string]any{}
	in.writeTo(body)
	if extra.Password != "" {
		body["credentials"] = []map[string]any{{"type": "password", "value": extra.Password, "temporary": extra.TemporaryPassword}}
	}
	if len(extra.Groups) > 0 {
		body["groups"] = extra.Groups
	}
	var id string
	err := c.do(ctx, op, request{method: http.MethodPost, path: adminPath("realms", realm, "users"), body: body, createdID: &id})
	return id, err
}

// UpdateUser writes the profile fields, flags, attributes and required
// actions. Keycloak's user profile treats a field missing from an update as
// removed, so the current representation is read and overlaid: fields Tandem
// does not edit survive.
func (c *Client) UpdateUser(ctx context.Context, realm, id string, in UserInput) error {
	op := fmt.Sprintf("update user %q in realm %q", in.Username, realm)
	if err := c.writable(op); err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return &Error{Op: op, Message: err.Error(), Err: ErrInvalidInput}
	}
	path := adminPath("realms", realm, "users", id)
	body, err := c.readForUpdate(ctx, op, path, userServerFields...)
	if err != nil {
		return err
	}
	if in.Attributes != nil {
		if err := c.checkAttributesAllowed(ctx, op, realm, in.Attributes); err != nil {
			return err
		}
	}
	in.writeTo(body)
	return c.do(ctx, op, request{method: http.MethodPut, path: path, body: body})
}

// userServerFields are the parts of a user representation that Keycloak
// computes and refuses or ignores in an update: dropped from the
// representation read before writing it back.
var userServerFields = []string{"access", "disableableCredentialTypes", "notBefore", "totp", "userProfileMetadata"}

// DeleteUser deletes a user.
func (c *Client) DeleteUser(ctx context.Context, realm, id string) error {
	op := fmt.Sprintf("delete user %s in realm %q", id, realm)
	if err := c.writable(op); err != nil {
		return err
	}
	return c.do(ctx, op, request{method: http.MethodDelete, path: adminPath("realms", realm, "users", id)})
}

func (in UserInput) writeTo(body map[string]any) {
	body["username"] = in.Username
	body["email"] = in.Email
	body["firstName"] = in.FirstName
	body["lastName"] = in.LastName
	body["enabled"] = in.Enabled
	body["emailVerified"] = in.EmailVerified
	if in.Attributes != nil {
		body["attributes"] = in.Attributes
	}
	if in.RequiredActions != nil {
		body["requiredActions"] = in.RequiredActions
	}
}

// validate lists every problem Keycloak would otherwise report one at a time.
func (in UserInput) validate() error {
	var problems []string
	if strings.TrimSpace(in.Username) == "" {
		problems = append(problems, "the username is empty")
	}
	if in.Email != "" {
		if err := ValidEmail(in.Email); err != nil {
			problems = append(problems, err.Error())
		}
	}
	for k := range in.Attributes {
		if strings.TrimSpace(k) == "" {
			problems = append(problems, "an attribute has an empty name")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// ValidEmail accepts a bare address like alice@example.com (no display name).
func ValidEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return fmt.Errorf("%q is not a valid email address", s)
	}
	return nil
}
