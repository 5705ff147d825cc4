package compare

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// CallTimeout is the admin-call timeout for the clients of a comparison:
// Keycloak's partial export of a realm of 200 clients, 1,000 roles and 500
// groups took about 20 s here (docs/compare.md), longer than the 15 s a
// screen's call may take.
const CallTimeout = 3 * time.Minute

// Exporter reads a realm's configuration in one admin call
// (keycloak.Client.ExportRealm, Keycloak's partial export), so a comparison
// costs the same number of calls however many entities a realm holds.
type Exporter interface {
	ExportRealm(ctx context.Context, realm string) ([]byte, error)
}

// Source is one side of a comparison.
type Source struct {
	Profile  string // shown in the result; may be empty
	Keycloak Exporter
	Realm    string
	// Routes is the profile's route file; routes are compared only when
	// both sides have one (two realms of one profile share their routes).
	Routes *routes.Config
}

// SideError is a side that could not be read: unreachable, refused, or a
// realm that does not exist. A drift check must never take it for "in sync".
type SideError struct {
	Side string // "from" or "to"
	Err  error
}

func (e *SideError) Error() string { return fmt.Sprintf("read the %q side: %v", e.Side, e.Err) }
func (e *SideError) Unwrap() error { return e.Err }

// Compare reads both sides (at the same time) and returns their differences,
// from's point of view: Added exists only in from.
func Compare(ctx context.Context, from, to Source) (Result, error) {
	var (
		snaps [2]snapshot
		errs  [2]error
		wg    sync.WaitGroup
	)
	for i, src := range []Source{from, to} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i], errs[i] = read(ctx, src)
		}()
	}
	wg.Wait()
	for i, side := range []string{"from", "to"} {
		if errs[i] != nil {
			return Result{}, &SideError{Side: side, Err: errs[i]}
		}
	}
	if from.Routes != nil && to.Routes != nil {
		for id, e := range routesSnapshot(*from.Routes) {
			snaps[0][id] = e
		}
		for id, e := range routesSnapshot(*to.Routes) {
			snaps[1][id] = e
		}
	}
	r := Result{
		From:        Side{Profile: from.Profile, Realm: from.Realm},
		To:          Side{Profile: to.Profile, Realm: to.Realm},
		Differences: diff(snaps[0], snaps[1]),
	}
	summarise(&r)
	return r, nil
}

func read(ctx context.Context, src Source) (snapshot, error) {
	export, err := src.Keycloak.ExportRealm(ctx, src.Realm)
	if err != nil {
		return nil, fmt.Errorf("export realm %q: %w", src.Realm, err)
	}
	return realmSnapshot(export, src.Realm)
}
