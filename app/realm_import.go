package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// RealmImportProgress is the op:progress payload of a running realm-file import.
type RealmImportProgress struct {
	OpID  string `json:"opId"`
	Kind  string `json:"kind"` // "realm-import"
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// RealmImportService is what the Realms screen's import dialog calls: read
// a realm file, create a realm from it, or import it into an existing realm
// with progress and a per-entity report.
type RealmImportService struct {
	keycloakBase
	emitter Emitter

	ops operations
}

// NewRealmImportService binds realm-file import for the active profile.
func NewRealmImportService(session *Session, life *Lifecycle, emitter Emitter) *RealmImportService {
	return &RealmImportService{keycloakBase: newKeycloakBase(session, life), emitter: emitter}
}

// Plan says what the file holds and what is wrong with it; it asks no Keycloak.
func (s *RealmImportService) Plan(text string) (keycloak.ImportPlan, error) {
	plan, err := keycloak.PlanRealmFile([]byte(text))
	return emptyLists(plan), toUI(err)
}

// CreateRealm creates a new realm from the file; name, when not empty,
// replaces the file's realm name. It returns the new realm's name.
func (s *RealmImportService) CreateRealm(text, name string, newIDs bool) (string, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (string, error) {
		return c.ImportRealm(ctx, []byte(text), name, newIDs)
	})
}

// ImportInto imports the file into an existing realm and returns the report.
// It emits op:progress with opID after each batch; Cancel(opID) stops it
// between batches.
func (s *RealmImportService) ImportInto(opID, realm, text string, opts keycloak.ImportFileOptions) (keycloak.PartialImportReport, error) {
	rep, err := withOp(&s.keycloakBase, &s.ops, opID, "import", func(ctx context.Context, c *keycloak.Client) (keycloak.PartialImportReport, error) {
		return c.ImportRealmFile(ctx, realm, []byte(text), opts, func(done, total int) {
			s.emitter.Emit(EventProgress, RealmImportProgress{OpID: opID, Kind: "realm-import", Done: done, Total: total})
		})
	})
	var ui *UIError
	if written := len(rep.Entries); written > 0 && errors.As(err, &ui) {
		// Batches before the failure stay written: say how much.
		ui.Details = append(ui.Details, fmt.Sprintf("%d entities were imported before this (%d added, %d overwritten, %d skipped, %d failed).",
			written, rep.Added, rep.Overwritten, rep.Skipped, rep.Failed))
	}
	return rep, err
}

// Cancel stops a running import between batches; unknown ids are ignored.
func (s *RealmImportService) Cancel(opID string) {
	s.ops.cancel(opID)
}
