package keycloak

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/Nerzal/gocloak/v13"
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

// userRep is Keycloak's UserRepresentation as gocloak types it; it holds
// every field an update writes back (notBefore, which it lacks, is set
// through its own endpoint and ignored by an update).
type userRep gocloak.User

func (r userRep) user() User {
	u := User{
		ID: gocloak.PString(r.ID), Username: gocloak.PString(r.Username), Email: gocloak.PString(r.Email),
		FirstName: gocloak.PString(r.FirstName), LastName: gocloak.PString(r.LastName),
		Enabled: gocloak.PBool(r.Enabled), EmailVerified: gocloak.PBool(r.EmailVerified),
		CreatedAt: gocloak.PInt64(r.CreatedTimestamp), FederationLink: gocloak.PString(r.FederationLink),
		Attributes: map[string][]string{}, RequiredActions: []string{},
	}
	if r.Attributes != nil {
		u.Attributes = *r.Attributes
	}
	if r.RequiredActions != nil {
		u.RequiredActions = *r.RequiredActions
	}
	return u
}

// userRefOf is gocloak's user as member and holder lists show it.
func userRefOf(u gocloak.User) UserRef { return userRep(u).ref() }

// ref is the user as member and holder lists show it.
func (r userRep) ref() UserRef {
	return UserRef{
		ID: gocloak.PString(r.ID), Username: gocloak.PString(r.Username), Email: gocloak.PString(r.Email),
		FirstName: gocloak.PString(r.FirstName), LastName: gocloak.PString(r.LastName), Enabled: gocloak.PBool(r.Enabled),
	}
}

// GetUser returns one user by id.
func (c *Client) GetUser(ctx context.Context, realm, id string) (User, error) {
	rep, err := c.userRep(ctx, fmt.Sprintf("get user %s in realm %q", id, realm), realm, id)
	if err != nil {
		return User{}, err
	}
	return userRep(rep).user(), nil
}

// userRep reads a user's full representation.
func (c *Client) userRep(ctx context.Context, op, realm, id string) (gocloak.User, error) {
	var rep *gocloak.User
	err := c.call(ctx, op, func(ctx context.Context, token string) error {
		var err error
		rep, err = c.gc.GetUserByID(ctx, token, esc(realm), esc(id))
		return err
	})
	if err != nil {
		return gocloak.User{}, err
	}
	return *rep, nil
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
	op, err := c.checkNewUser(realm, in)
	if err != nil {
		return "", err
	}
	user := gocloak.User{}
	in.writeTo(&user)
	if extra.Password != "" {
		user.Credentials = &[]gocloak.CredentialRepresentation{{
			Type: gocloak.StringP("password"), Value: gocloak.StringP(extra.Password), Temporary: gocloak.BoolP(extra.TemporaryPassword),
		}}
	}
	if len(extra.Groups) > 0 {
		user.Groups = &extra.Groups
	}
	return c.createUser(ctx, op, realm, user)
}

// checkNewUser names the creation of a user and refuses it before anything
// is sent: on a read-only client, or for input Keycloak would reject.
func (c *Client) checkNewUser(realm string, in UserInput) (string, error) {
	op := fmt.Sprintf("create user %q in realm %q", in.Username, realm)
	if err := c.writableInput(op, in.validate()); err != nil {
		return op, err
	}
	return op, nil
}

// createUser posts a new user and returns its id; the caller has checked
// that the client may write.
func (c *Client) createUser(ctx context.Context, op, realm string, user gocloak.User) (string, error) {
	var id string
	err := c.call(ctx, op, func(ctx context.Context, token string) error {
		var err error
		id, err = c.gc.CreateUser(ctx, token, esc(realm), user)
		return err
	})
	return id, err
}

// UpdateUser writes the profile fields, flags, attributes and required
// actions. Keycloak's user profile treats a field missing from an update as
// removed, so the current representation is read and overlaid: fields Tandem
// does not edit survive.
func (c *Client) UpdateUser(ctx context.Context, realm, id string, in UserInput) error {
	op := fmt.Sprintf("update user %q in realm %q", in.Username, realm)
	if err := c.writableInput(op, in.validate()); err != nil {
		return err
	}
	if in.Attributes != nil {
		if err := c.checkAttributesAllowed(ctx, op, realm, in.Attributes); err != nil {
			return err
		}
	}
	return c.editUser(ctx, op, realm, id, in.writeTo)
}

// editUser reads a user, lets edit change it and writes it back whole, so
// whatever edit leaves alone (attributes, federation link, fields of newer
// Keycloak versions gocloak types) survives. The fields Keycloak computes
// are dropped first: an update refuses or ignores them.
func (c *Client) editUser(ctx context.Context, op, realm, id string, edit func(*gocloak.User)) error {
	if err := c.writable(op); err != nil {
		return err
	}
	user, err := c.userRep(ctx, op, realm, id)
	if err != nil {
		return err
	}
	user.Access, user.DisableableCredentialTypes, user.Totp = nil, nil, nil
	edit(&user)
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.UpdateUser(ctx, token, esc(realm), user)
	})
}

// DeleteUser deletes a user.
func (c *Client) DeleteUser(ctx context.Context, realm, id string) error {
	op := fmt.Sprintf("delete user %s in realm %q", id, realm)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteUser(ctx, token, esc(realm), esc(id))
	})
}

// writeTo sets the fields the input edits; a nil Attributes or
// RequiredActions leaves the user's own.
func (in UserInput) writeTo(u *gocloak.User) {
	u.Username, u.Email = gocloak.StringP(in.Username), gocloak.StringP(in.Email)
	u.FirstName, u.LastName = gocloak.StringP(in.FirstName), gocloak.StringP(in.LastName)
	u.Enabled, u.EmailVerified = gocloak.BoolP(in.Enabled), gocloak.BoolP(in.EmailVerified)
	if in.Attributes != nil {
		u.Attributes = &in.Attributes
	}
	if in.RequiredActions != nil {
		u.RequiredActions = &in.RequiredActions
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
	return problemsError(problems)
}

// ValidEmail accepts a bare address like alice@example.com (no display name).
func ValidEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return fmt.Errorf("%q is not a valid email address", s)
	}
	return nil
}
