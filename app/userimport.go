package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/userimport"
)

// ImportProgress is the op:progress payload of a running user import.
type ImportProgress struct {
	OpID string `json:"opId"`
	Kind string `json:"kind"` // "user-import"
	userimport.Progress
}

// UserImportService is what the Import screen calls: a dry run, then a
// long, cancellable apply that reports progress through op:progress.
type UserImportService struct {
	keycloakBase
	emitter Emitter
	saver   FileSaver

	ops operations
}

// NewUserImportService binds CSV user import for the active profile.
func NewUserImportService(session *Session, life *Lifecycle, emitter Emitter, saver FileSaver) *UserImportService {
	return &UserImportService{keycloakBase: newKeycloakBase(session, life), emitter: emitter, saver: saver}
}

// DryRun parses the CSV text and plans every row without writing anything.
func (s *UserImportService) DryRun(realm, csvText string) (userimport.Plan, error) {
	rows, err := parseCSV(csvText)
	if err != nil {
		return userimport.Plan{}, err
	}
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (userimport.Plan, error) {
		return userimport.New(c, realm, 0).DryRun(ctx, rows)
	})
}

// Apply imports the CSV text into the realm and returns the per-row report.
// It emits op:progress with opID at most every 100 ms; Cancel(opID) stops
// it after the rows already running, and the report says which rows were
// applied.
func (s *UserImportService) Apply(opID, realm, csvText string) (userimport.Report, error) {
	rows, err := parseCSV(csvText)
	if err != nil {
		return userimport.Report{}, err
	}
	return withOp(&s.keycloakBase, &s.ops, opID, "import", func(ctx context.Context, c *keycloak.Client) (userimport.Report, error) {
		return userimport.New(c, realm, 0).Apply(ctx, rows, func(p userimport.Progress) {
			s.emitter.Emit(EventProgress, ImportProgress{OpID: opID, Kind: "user-import", Progress: p})
		})
	})
}

// Cancel stops the import started with opID; unknown ids are ignored (it
// may have just finished).
func (s *UserImportService) Cancel(opID string) {
	s.ops.cancel(opID)
}

// ReportCSV renders the per-row results as CSV text.
func (s *UserImportService) ReportCSV(results []userimport.Result) (string, error) {
	var buf bytes.Buffer
	if err := userimport.WriteReportCSV(&buf, results); err != nil {
		return "", toUI(fmt.Errorf("write the import report: %w", err))
	}
	return buf.String(), nil
}

// SaveReport asks where to save the report and writes it as CSV. It returns
// the path, or "" when the user cancelled.
func (s *UserImportService) SaveReport(results []userimport.Result) (string, error) {
	text, err := s.ReportCSV(results)
	if err != nil {
		return "", err
	}
	path, err := saveAs(s.saver, "Save import report", "import-report.csv", "CSV (*.csv)", "*.csv", []byte(text))
	return path, toUI(err)
}

func parseCSV(text string) ([]userimport.Row, error) {
	rows, err := userimport.Parse(strings.NewReader(text))
	if err != nil {
		return nil, &UIError{Code: CodeInvalidInput, Message: sentence(fmt.Sprintf("the CSV file cannot be read: %v.", err))}
	}
	if len(rows) == 0 {
		return nil, &UIError{Code: CodeInvalidInput, Message: "The CSV file has a header but no users."}
	}
	return rows, nil
}
