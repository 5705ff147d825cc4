package keycloak

import (
	"context"
	"fmt"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"

	"github.com/tandemhq/tandem/backend/progress"
)

// BulkAction is what a bulk action does to each user.
type BulkAction string

const (
	BulkEnable    BulkAction = "enable"
	BulkDisable   BulkAction = "disable"
	BulkJoinGroup BulkAction = "join-group" // BulkRequest.GroupID names the group
	BulkSignOut   BulkAction = "sign-out"   // ends every session of the user
	BulkDelete    BulkAction = "delete"
)

// BulkRequest is one action applied to many users.
type BulkRequest struct {
	Action  BulkAction `json:"action"`
	GroupID string     `json:"groupId"` // BulkJoinGroup only
}

// Statuses of a BulkResult.
const (
	BulkOK     = "ok"
	BulkFailed = "failed"
	BulkNotRun = "not-run" // cancelled before this user's turn
)

// BulkResult is what happened to one user.
type BulkResult struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Message string `json:"message"` // why it failed or did not run
}

// BulkReport is one result per user, in the order the ids were given.
type BulkReport struct {
	Results   []BulkResult `json:"results"`
	OK        int          `json:"ok"`
	Failed    int          `json:"failed"`
	NotRun    int          `json:"notRun"`
	Cancelled bool         `json:"cancelled"`
}

// BulkProgress is sent while a bulk action runs.
type BulkProgress struct {
	Done   int `json:"done"`
	Total  int `json:"total"`
	Failed int `json:"failed"`
}

// bulkWorkers is how many users are changed at once: enough to hide the
// round trips, few enough to leave Keycloak's cores to its other callers.
const bulkWorkers = 4

// ApplyToUsers does one action to each user and reports per user; a failure
// for one user does not stop the others. When ctx is cancelled no further
// user starts, those already started finish (each call is bounded by the
// client's timeout), and the rest are reported as not run. send, if not
// nil, is called at most every progress.Interval and once at the end.
func (c *Client) ApplyToUsers(ctx context.Context, realm string, ids []string, req BulkRequest, send func(BulkProgress)) (BulkReport, error) {
	return c.applyToUsers(ctx, realm, ids, req, send, time.Now)
}

func (c *Client) applyToUsers(ctx context.Context, realm string, ids []string, req BulkRequest, send func(BulkProgress), now func() time.Time) (BulkReport, error) {
	op := fmt.Sprintf("%s %d users in realm %q", req.Action, len(ids), realm)
	if err := c.writable(op); err != nil {
		return BulkReport{}, err
	}
	one, err := c.bulkStep(realm, req)
	if err != nil {
		return BulkReport{}, invalidInput(op, err)
	}
	results := make([]BulkResult, len(ids))
	for i, id := range ids {
		results[i] = BulkResult{ID: id, Status: BulkNotRun, Message: "cancelled before this user"}
	}
	pace := progress.New(BulkProgress{Total: len(ids)}, send, now)
	// Each worker writes only its own user's result; g.Wait orders the
	// writes before the report reads them.
	finish := func(i int, err error) {
		results[i] = BulkResult{ID: ids[i], Status: BulkOK}
		if err != nil {
			results[i].Status, results[i].Message = BulkFailed, err.Error()
		}
		pace.Update(func(p *BulkProgress) {
			p.Done++
			if err != nil {
				p.Failed++
			}
		})
	}
	work := context.WithoutCancel(ctx)
	var g errgroup.Group
	g.SetLimit(bulkWorkers)
	for i, id := range ids {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			// Cancelled while waiting for a worker: leave it not run.
			if ctx.Err() != nil {
				return nil
			}
			finish(i, one(work, id))
			return nil
		})
	}
	_ = g.Wait()
	pace.Flush()
	rep := BulkReport{Results: results, Cancelled: ctx.Err() != nil}
	for _, r := range results {
		switch r.Status {
		case BulkOK:
			rep.OK++
		case BulkFailed:
			rep.Failed++
		default:
			rep.NotRun++
		}
	}
	return rep, nil
}

// bulkStep returns what the action does to one user.
func (c *Client) bulkStep(realm string, req BulkRequest) (func(ctx context.Context, id string) error, error) {
	switch req.Action {
	case BulkEnable, BulkDisable:
		enabled := req.Action == BulkEnable
		return func(ctx context.Context, id string) error { return c.SetUserEnabled(ctx, realm, id, enabled) }, nil
	case BulkJoinGroup:
		if req.GroupID == "" {
			return nil, fmt.Errorf("no group chosen")
		}
		return func(ctx context.Context, id string) error { return c.JoinGroup(ctx, realm, id, req.GroupID) }, nil
	case BulkSignOut:
		return func(ctx context.Context, id string) error { return c.SignOutUser(ctx, realm, id) }, nil
	case BulkDelete:
		return func(ctx context.Context, id string) error { return c.DeleteUser(ctx, realm, id) }, nil
	}
	return nil, fmt.Errorf("unknown bulk action %q (enable, disable, join-group, sign-out or delete)", req.Action)
}

// SetUserEnabled enables or disables a user, leaving every other field as
// it is (the representation is read and overlaid, as UpdateUser does).
func (c *Client) SetUserEnabled(ctx context.Context, realm, id string, enabled bool) error {
	verb := "disable"
	if enabled {
		verb = "enable"
	}
	op := fmt.Sprintf("%s user %s in realm %q", verb, id, realm)
	return c.editUser(ctx, op, realm, id, func(u *gocloak.User) { u.Enabled = gocloak.BoolP(enabled) })
}
