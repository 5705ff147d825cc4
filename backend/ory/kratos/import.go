package kratos

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/progress"
)

// Directory is the part of the Keycloak client the import needs.
type Directory interface {
	FindUserByUsername(ctx context.Context, realm, username string) (keycloak.User, error)
	FindUserByEmail(ctx context.Context, realm, email string) (keycloak.User, error)
	CreateUser(ctx context.Context, realm string, in keycloak.UserInput) (string, error)
	CreateUserWithPasswordHash(ctx context.Context, realm string, in keycloak.UserInput, hash keycloak.PasswordHash) (string, error)
	CheckAttributesAllowed(ctx context.Context, realm string, names []string) error
}

// Status is what became of one identity.
type Status string

const (
	StatusCreated     Status = "created"
	StatusWouldCreate Status = "would create" // dry run: nothing written
	StatusExists      Status = "exists"       // skipped: the user is already there
	StatusFailed      Status = "failed"
	StatusNotRun      Status = "not run" // cancelled before this identity
)

// Password is what became of an identity's password.
type Password string

const (
	PasswordKept      Password = "kept"       // the user signs in with the old password
	PasswordMustReset Password = "must reset" // UPDATE_PASSWORD required action, no credential
)

// RequiredActionUpdatePassword makes Keycloak ask for a new password.
const RequiredActionUpdatePassword = "UPDATE_PASSWORD"

// Result is the outcome for one identity, in file order.
type Result struct {
	IdentityID string `json:"identityId"`
	Username   string `json:"username"`
	Status     Status `json:"status"`
	Reason     string `json:"reason,omitempty"`
	UserID     string `json:"userId,omitempty"` // the Keycloak user, once created
	// Password and PasswordReason are set for identities created (or that
	// a dry run would create).
	Password       Password `json:"password,omitempty"`
	PasswordReason string   `json:"passwordReason,omitempty"`
	// NotImported lists traits and metadata no field takes, and
	// credentials other than the password.
	NotImported []string `json:"notImported,omitempty"`
}

// Report is the outcome of an import.
type Report struct {
	Realm         string   `json:"realm"`
	DryRun        bool     `json:"dryRun"`
	Results       []Result `json:"results"`
	Created       int      `json:"created"` // or would be, on a dry run
	Existing      int      `json:"existing"`
	Failed        int      `json:"failed"`
	NotRun        int      `json:"notRun"`
	PasswordsKept int      `json:"passwordsKept"`
	MustReset     int      `json:"mustReset"`
	Cancelled     bool     `json:"cancelled"`
}

// Progress is reported while an import runs.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// Options tune an import. Realm is required.
type Options struct {
	Realm   string
	Mapping Mapping // zero value: DefaultMapping
	DryRun  bool    // look everything up, write nothing
	Workers int     // identities handled at once; ≤ 0: DefaultWorkers
	// Progress, if set, is called at most every progress.Interval and once
	// at the end.
	Progress func(Progress)
	Now      func() time.Time // clock for progress pacing; nil: time.Now
}

// DefaultWorkers is how many identities are handled at once.
const DefaultWorkers = 4

// plan is one identity after mapping, before Keycloak is asked.
type plan struct {
	mapped
	hash      keycloak.PasswordHash
	hashError error
}

// Import creates a Keycloak user per identity. An identity whose username
// or email already exists in the realm is skipped; one that cannot be
// mapped fails with the reason; the others are created, each with its
// password hash when Keycloak can verify it, else with the UPDATE_PASSWORD
// required action. When ctx is cancelled no further identity starts, those
// being written finish, and the rest are reported as not run.
func Import(ctx context.Context, dir Directory, ids []Identity, opts Options) (Report, error) {
	if opts.Realm == "" {
		return Report{}, errors.New("import identities: no realm")
	}
	if opts.Mapping.Username == nil {
		opts.Mapping = DefaultMapping()
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	plans := make([]plan, len(ids))
	for i, id := range ids {
		p := plan{mapped: opts.Mapping.apply(id)}
		p.hash, p.hashError = ParseHash(id.HashedPassword())
		plans[i] = p
	}
	markDuplicates(ids, plans)
	if names := slices.Sorted(maps.Keys(opts.Mapping.Attributes)); len(names) > 0 {
		if err := dir.CheckAttributesAllowed(ctx, opts.Realm, names); err != nil {
			return Report{}, fmt.Errorf("import identities: %w", err)
		}
	}

	rep := Report{Realm: opts.Realm, DryRun: opts.DryRun, Results: make([]Result, len(ids))}
	for i, id := range ids {
		rep.Results[i] = Result{IdentityID: id.ID, Username: plans[i].input.Username, Status: StatusNotRun,
			Reason: "the import was cancelled before this identity", NotImported: plans[i].notImported}
	}
	pace := progress.New(Progress{Total: len(ids)}, opts.Progress, opts.Now)
	// An identity that started is finished even when ctx is cancelled, so
	// no user is left half-written; each call is bounded by the client's
	// timeout.
	work := context.WithoutCancel(ctx)
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(opts.Workers)
	for i := 0; i < len(ids) && ctx.Err() == nil; i++ {
		g.Go(func() error {
			if ctx.Err() != nil {
				return nil // cancelled while waiting for a worker
			}
			res := importOne(work, dir, opts, ids[i], plans[i])
			mu.Lock()
			rep.Results[i] = res
			mu.Unlock()
			pace.Update(func(p *Progress) { p.Done++ })
			return nil
		})
	}
	_ = g.Wait()
	pace.Flush()

	rep.Cancelled = ctx.Err() != nil
	for _, r := range rep.Results {
		switch r.Status {
		case StatusCreated, StatusWouldCreate:
			rep.Created++
			if r.Password == PasswordKept {
				rep.PasswordsKept++
			} else {
				rep.MustReset++
			}
		case StatusExists:
			rep.Existing++
		case StatusFailed:
			rep.Failed++
		default:
			rep.NotRun++
		}
	}
	return rep, nil
}

// markDuplicates fails the later of two identities that would become the
// same Keycloak user (usernames and emails compare case-insensitively, as
// Keycloak stores them lower-cased).
func markDuplicates(ids []Identity, plans []plan) {
	seenUser, seenEmail := map[string]string{}, map[string]string{}
	for i := range plans {
		in := plans[i].input
		if len(plans[i].problems) > 0 {
			continue
		}
		if first, dup := seenUser[strings.ToLower(in.Username)]; dup {
			plans[i].problems = append(plans[i].problems, fmt.Sprintf("duplicate in file: identity %s has the same username", first))
			continue
		}
		seenUser[strings.ToLower(in.Username)] = ids[i].ID
		if in.Email == "" {
			continue
		}
		if first, dup := seenEmail[strings.ToLower(in.Email)]; dup {
			plans[i].problems = append(plans[i].problems, fmt.Sprintf("duplicate in file: identity %s has the same email", first))
			continue
		}
		seenEmail[strings.ToLower(in.Email)] = ids[i].ID
	}
}

func importOne(ctx context.Context, dir Directory, opts Options, id Identity, p plan) Result {
	res := Result{IdentityID: id.ID, Username: p.input.Username, NotImported: p.notImported}
	if len(p.problems) > 0 {
		res.Status, res.Reason = StatusFailed, strings.Join(p.problems, "; ")
		return res
	}
	if owner, err := existingOwner(ctx, dir, opts.Realm, p.input); err != nil {
		res.Status, res.Reason = StatusFailed, err.Error()
		return res
	} else if owner != "" {
		res.Status, res.Reason = StatusExists, owner
		return res
	}
	in := p.input
	if p.hashError == nil {
		res.Password = PasswordKept
	} else {
		res.Password, res.PasswordReason = PasswordMustReset, p.hashError.Error()
		in.RequiredActions = []string{RequiredActionUpdatePassword}
	}
	if opts.DryRun {
		res.Status = StatusWouldCreate
		return res
	}
	var err error
	if p.hashError == nil {
		res.UserID, err = dir.CreateUserWithPasswordHash(ctx, opts.Realm, in, p.hash)
	} else {
		res.UserID, err = dir.CreateUser(ctx, opts.Realm, in)
	}
	switch {
	case errors.Is(err, keycloak.ErrConflict):
		// Created by someone else since the lookup.
		res.Status, res.Reason, res.Password, res.PasswordReason = StatusExists, err.Error(), "", ""
	case err != nil:
		res.Status, res.Reason, res.Password, res.PasswordReason = StatusFailed, err.Error(), "", ""
	default:
		res.Status = StatusCreated
	}
	return res
}

// existingOwner says which existing user holds the username or the email,
// or "" when neither is taken.
func existingOwner(ctx context.Context, dir Directory, realm string, in keycloak.UserInput) (string, error) {
	_, err := dir.FindUserByUsername(ctx, realm, in.Username)
	switch {
	case err == nil:
		return fmt.Sprintf("user %s already exists", in.Username), nil
	case !errors.Is(err, keycloak.ErrNotFound):
		return "", fmt.Errorf("look up user %s: %w", in.Username, err)
	}
	if in.Email == "" {
		return "", nil
	}
	u, err := dir.FindUserByEmail(ctx, realm, in.Email)
	switch {
	case err == nil:
		return fmt.Sprintf("email %s already belongs to user %s", in.Email, u.Username), nil
	case !errors.Is(err, keycloak.ErrNotFound):
		return "", fmt.Errorf("look up email %s: %w", in.Email, err)
	}
	return "", nil
}

// Lines renders the report for a terminal: one line per identity, then
// the totals.
func (r Report) Lines() []string {
	var out []string
	for _, res := range r.Results {
		line := fmt.Sprintf("%s (%s): %s", res.IdentityID, res.Username, res.Status)
		if res.Reason != "" {
			line += ": " + res.Reason
		}
		if res.Password != "" {
			line += "; password " + string(res.Password)
			if res.PasswordReason != "" {
				line += " (" + res.PasswordReason + ")"
			}
		}
		if len(res.NotImported) > 0 {
			line += "; not imported: " + strings.Join(res.NotImported, ", ")
		}
		out = append(out, line)
	}
	verb := "created"
	if r.DryRun {
		verb = "would be created (dry run, nothing written)"
	}
	out = append(out, fmt.Sprintf("%d %s (%d keep their password, %d must reset it), %d already exist, %d failed, %d not run",
		r.Created, verb, r.PasswordsKept, r.MustReset, r.Existing, r.Failed, r.NotRun))
	if r.Cancelled {
		out = append(out, "cancelled: identities not run were left alone")
	}
	return out
}
