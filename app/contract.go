package app

import (
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/proxy"
)

// Contract is every type that crosses to the UI outside a bound method's
// signature: the payload of each event (events.go) and the error bound
// methods reject with. The binding generator writes TypeScript models only
// for the types bound methods name, so SystemService.Contract names these;
// frontend/src/lib/events.ts and lib/errors.ts read the generated models.
type Contract struct {
	Events EventPayloads `json:"events"`
	Error  UIError       `json:"error"`
}

// EventPayloads holds one field per event, of its payload's type.
type EventPayloads struct {
	ProfileSwitched *profile.Profile `json:"profileSwitched"` // profile:switched; null when none is active
	ProxyLog        proxy.Batch      `json:"proxyLog"`        // proxy:log
	ProxyStatus     ProxyState       `json:"proxyStatus"`     // proxy:status
	// op:progress carries one of these, told apart by its kind.
	PromoteProgress        PromoteProgress        `json:"promoteProgress"`
	IdentityImportProgress IdentityImportProgress `json:"identityImportProgress"`
	RealmImportProgress    RealmImportProgress    `json:"realmImportProgress"`
	BulkProgress           BulkProgress           `json:"bulkProgress"`
	ImportProgress         ImportProgress         `json:"importProgress"`
}

// Contract returns the zero Contract. The UI never needs to call it: it is
// bound so that the generator writes the models of the types above.
func (s *SystemService) Contract() Contract { return emptyLists(Contract{}) }
