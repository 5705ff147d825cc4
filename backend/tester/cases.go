package tester

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/store"
)

// Case is a saved request: a route, a request and an identity without its
// secrets. Passwords, client secrets and pasted tokens are never saved; a
// suite run asks for them again. A credential typed into the request itself
// (an Authorization or Cookie header, an access_token in the query, a JWT in
// the body) is saved redacted: a case that needs a token gets a fresh one at
// run time from its identity.
type Case struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Route    string   `json:"route"`
	Request  Request  `json:"request"`
	Identity Identity `json:"identity"`
	// ExpectStatus pins an HTTP status on top of the route's promise (0: none).
	ExpectStatus int `json:"expectStatus,omitempty"`
	// Redacted names the parts of the request that hold a redacted
	// credential ("header Authorization", "query parameter access_token",
	// "body"): a run sends the placeholder, not the value once typed. It is
	// worked out from the request, never stored.
	Redacted  []string  `json:"redacted,omitempty"`
	CreatedAt time.Time `json:"createdAt" ts_type:"string"`
	UpdatedAt time.Time `json:"updatedAt" ts_type:"string"`
}

// caseBody is what goes into tester_cases.case_json.
type caseBody struct {
	Request      Request  `json:"request"`
	Identity     Identity `json:"identity"`
	ExpectStatus int      `json:"expectStatus,omitempty"`
}

// CaseRepo is the part of the store the saved cases use.
type CaseRepo interface {
	ListTesterCases(ctx context.Context, profileID int64) ([]store.TesterCase, error)
	GetTesterCase(ctx context.Context, id int64) (store.TesterCase, error)
	CreateTesterCase(ctx context.Context, c store.TesterCase) (store.TesterCase, error)
	DeleteTesterCase(ctx context.Context, id int64) error
}

// ErrCaseInvalid is a case that cannot be saved as given.
var ErrCaseInvalid = errors.New("the case is invalid")

// SaveCase stores a case for a profile, stripping every secret first. The
// returned case's Redacted says which typed credentials were replaced.
func SaveCase(ctx context.Context, repo CaseRepo, profileID int64, c Case) (Case, error) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return Case{}, fmt.Errorf("%w: give it a name", ErrCaseInvalid)
	}
	if c.Route == "" {
		c.Route = c.Request.Route
	}
	if c.Route == "" {
		return Case{}, fmt.Errorf("%w: pick a route", ErrCaseInvalid)
	}
	c.Request.Route = c.Route
	c = RedactCase(c)
	body, err := json.Marshal(caseBody{Request: c.Request, Identity: c.Identity, ExpectStatus: c.ExpectStatus})
	if err != nil {
		return Case{}, fmt.Errorf("encode case %q: %w", c.Name, err)
	}
	row, err := repo.CreateTesterCase(ctx, store.TesterCase{ProfileID: profileID, RouteName: c.Route, Name: c.Name, Case: body})
	if err != nil {
		return Case{}, fmt.Errorf("save case %q: %w", c.Name, err)
	}
	return fromRow(row)
}

// ListCases returns a profile's cases, those of one route if route is set.
func ListCases(ctx context.Context, repo CaseRepo, profileID int64, route string) ([]Case, error) {
	rows, err := repo.ListTesterCases(ctx, profileID)
	if err != nil {
		return nil, err
	}
	out := []Case{}
	for _, row := range rows {
		if route != "" && row.RouteName != route {
			continue
		}
		c, err := fromRow(row)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// DeleteCase removes a case of the profile; another profile's case is not found.
func DeleteCase(ctx context.Context, repo CaseRepo, profileID, id int64) error {
	row, err := repo.GetTesterCase(ctx, id)
	if err != nil {
		return err
	}
	if row.ProfileID != profileID {
		return fmt.Errorf("tester case %d: %w", id, store.ErrNotFound)
	}
	return repo.DeleteTesterCase(ctx, id)
}

func fromRow(row store.TesterCase) (Case, error) {
	var b caseBody
	if err := json.Unmarshal(row.Case, &b); err != nil {
		return Case{}, fmt.Errorf("decode case %q: %w", row.Name, err)
	}
	// A case saved before requests were redacted may still hold a
	// credential: it goes no further than this.
	return RedactCase(Case{ID: row.ID, Name: row.Name, Route: row.RouteName, Request: b.Request, Identity: b.Identity,
		ExpectStatus: b.ExpectStatus, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt}), nil
}
