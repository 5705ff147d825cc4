package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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
func (c *Client) ImportUsers(ctx context.Context, realm string, users []ImportUser, ifExists IfExists) (PartialImportResult, error) {
	op := fmt.Sprintf("import %d users into realm %q", len(users), realm)
	if err := c.writable(op); err != nil {
		return PartialImportResult{}, err
	}
	if ifExists != IfExistsFail && ifExists != IfExistsSkip {
		return PartialImportResult{}, &Error{Op: op, Message: fmt.Sprintf("if-exists policy %q is not FAIL or SKIP", ifExists), Err: ErrInvalidInput}
	}
	reps := make([]map[string]any, 0, len(users))
	var problems []string
	for _, u := range users {
		if err := u.validate(); err != nil {
			problems = append(problems, fmt.Sprintf("user %q: %v", u.Username, err))
			continue
		}
		reps = append(reps, u.representation())
	}
	if len(problems) > 0 {
		return PartialImportResult{}, &Error{Op: op, Message: strings.Join(problems, "; "), Err: ErrInvalidInput}
	}
	body, err := json.Marshal(map[string]any{"ifResourceExists": string(ifExists), "users": reps})
	if err != nil {
		return PartialImportResult{}, fmt.Errorf("%s: encode: %w", op, err)
	}
	return c.PartialImport(ctx, realm, body)
}

// representation is the UserRepresentation that a partial import reads.
func (u ImportUser) representation() map[string]any {
	rep := map[string]any{}
	u.writeTo(rep)
	if u.Password != "" {
		rep["credentials"] = []map[string]any{{"type": "password", "value": u.Password, "temporary": u.TemporaryPassword}}
		if u.TemporaryPassword {
			// The users endpoint turns a temporary credential into the
			// update-password action; an import stores the credential as
			// given, so the action is asked for explicitly.
			actions := slices.Clone(u.RequiredActions)
			if !slices.Contains(actions, "UPDATE_PASSWORD") {
				actions = append(actions, "UPDATE_PASSWORD")
			}
			rep["requiredActions"] = actions
		}
	}
	if len(u.Groups) > 0 {
		rep["groups"] = u.Groups
	}
	if len(u.RealmRoles) > 0 {
		rep["realmRoles"] = u.RealmRoles
	}
	if len(u.ClientRoles) > 0 {
		rep["clientRoles"] = u.ClientRoles
	}
	return rep
}
