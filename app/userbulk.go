package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// BulkProgress is the op:progress payload of a running bulk user action.
type BulkProgress struct {
	OpID string `json:"opId"`
	Kind string `json:"kind"` // "user-bulk"
	keycloak.BulkProgress
}

// Bulk applies one action (enable, disable, join-group, sign-out, delete)
// to the users with these ids and returns one result per user. It emits
// op:progress with opID at most every 100 ms; CancelBulk(opID) stops it
// after the users already started, and the report marks the rest not run.
func (s *UserService) Bulk(opID, realm string, ids []string, req keycloak.BulkRequest) (keycloak.BulkReport, error) {
	return withOp(&s.keycloakBase, &s.bulk, opID, "bulk action", func(ctx context.Context, c *keycloak.Client) (keycloak.BulkReport, error) {
		return c.ApplyToUsers(ctx, realm, ids, req, func(p keycloak.BulkProgress) {
			s.emitter.Emit(EventProgress, BulkProgress{OpID: opID, Kind: "user-bulk", BulkProgress: p})
		})
	})
}

// CancelBulk stops the bulk action started with opID; unknown ids are
// ignored (it may have just finished).
func (s *UserService) CancelBulk(opID string) {
	s.bulk.cancel(opID)
}
