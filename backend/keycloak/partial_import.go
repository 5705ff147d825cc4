package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/Nerzal/gocloak/v13"
)

// ImportUser is one user of a batch import: the user, its password, groups
// and roles, all written in the batch's single transaction.
type ImportUser struct {
	UserInput
	Password          string // empty: no password
	TemporaryPassword bool
	Groups            []string            // group paths, e.g. "/staff"
	RealmRoles        []string            // realm role names
	ClientRoles       map[string][]string // clientId → role names
}

// IfExists is what a partial import does with a user that already exists
// (same username or email).
type IfExists string

const (
	// IfExistsFail refuses the whole batch: nothing of it is written.
	IfExistsFail IfExists = "FAIL"
	// IfExistsSkip leaves the existing user alone and imports the others.
	IfExistsSkip IfExists = "SKIP"
)

// ImportUsers creates users in one request through the realm's partial
// import (POST /admin/realms/{realm}/partialImport), which Keycloak applies
// in one transaction: with IfExistsFail, a batch holding one user that
// exists or cannot be created writes nothing, and the error says which.
// Batches of about 100 are the fast size (larger ones slow down steeply).
//
// Keycloak's import gives a user neither the realm's default role
// (default-roles-<realm>) nor its default required actions, which the users
// endpoint adds; ImportUsers reads both and adds them, so an imported user
// is the user CreateUserWith would have made.
func (c *Client) ImportUsers(ctx context.Context, realm string, users []ImportUser, ifExists IfExists) (PartialImportResult, error) {
	op := fmt.Sprintf("import %d users into realm %q", len(users), realm)
	if err := c.writable(op); err != nil {
		return PartialImportResult{}, err
	}
	if ifExists != IfExistsFail && ifExists != IfExistsSkip {
		return PartialImportResult{}, &Error{Op: op, Message: fmt.Sprintf("if-exists policy %q is not FAIL or SKIP", ifExists), Err: ErrInvalidInput}
	}
	var problems []string
	for _, u := range users {
		if err := u.validate(); err != nil {
			problems = append(problems, fmt.Sprintf("user %q: %v", u.Username, err))
		}
	}
	if err := invalid(op, problems); err != nil {
		return PartialImportResult{}, err
	}
	defaults, err := c.newUserDefaults(ctx, op, realm)
	if err != nil {
		return PartialImportResult{}, err
	}
	reps := make([]gocloak.User, 0, len(users))
	for _, u := range users {
		reps = append(reps, u.representation(defaults))
	}
	body, err := json.Marshal(map[string]any{"ifResourceExists": string(ifExists), "users": reps})
	if err != nil {
		return PartialImportResult{}, fmt.Errorf("%s: encode: %w", op, err)
	}
	return c.PartialImport(ctx, realm, body)
}

// newUserDefaults is what the users endpoint gives every new user of the
// realm and an import does not.
type newUserDefaults struct {
	role    string   // the realm's default role
	actions []string // enabled required actions marked "default action"
}

func (c *Client) newUserDefaults(ctx context.Context, op, realm string) (newUserDefaults, error) {
	rep, err := c.realmRep(ctx, op, realm)
	if err != nil {
		return newUserDefaults{}, err
	}
	actions, err := c.requiredActions(ctx, op, realm)
	if err != nil {
		return newUserDefaults{}, err
	}
	var d newUserDefaults
	if rep.DefaultRole != nil {
		d.role = gocloak.PString(rep.DefaultRole.Name)
	}
	for _, a := range actions {
		if gocloak.PBool(a.Enabled) && gocloak.PBool(a.DefaultAction) {
			d.actions = append(d.actions, gocloak.PString(a.Alias))
		}
	}
	return d, nil
}

// representation is the UserRepresentation that a partial import reads.
func (u ImportUser) representation(defaults newUserDefaults) gocloak.User {
	rep := gocloak.User{}
	u.writeTo(&rep)
	actions := slices.Clone(u.RequiredActions)
	for _, a := range defaults.actions {
		if !slices.Contains(actions, a) {
			actions = append(actions, a)
		}
	}
	if u.Password != "" {
		rep.Credentials = &[]gocloak.CredentialRepresentation{{
			Type: gocloak.StringP("password"), Value: gocloak.StringP(u.Password), Temporary: gocloak.BoolP(u.TemporaryPassword),
		}}
		// The users endpoint turns a temporary credential into the
		// update-password action; an import stores the credential as given.
		if u.TemporaryPassword && !slices.Contains(actions, "UPDATE_PASSWORD") {
			actions = append(actions, "UPDATE_PASSWORD")
		}
	}
	if len(actions) > 0 {
		rep.RequiredActions = &actions
	}
	if len(u.Groups) > 0 {
		rep.Groups = &u.Groups
	}
	roles := slices.Clone(u.RealmRoles)
	if defaults.role != "" && !slices.Contains(roles, defaults.role) {
		roles = append(roles, defaults.role)
	}
	if len(roles) > 0 {
		rep.RealmRoles = &roles
	}
	if len(u.ClientRoles) > 0 {
		rep.ClientRoles = &u.ClientRoles
	}
	return rep
}
