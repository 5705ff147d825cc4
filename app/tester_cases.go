package app

import (
	"context"
	"fmt"
	"time"

	"github.com/tandemhq/tandem/backend/tester"
)

// caseRepo is the saved-case store: the app's database.
func (s *TesterService) caseRepo() (tester.CaseRepo, error) {
	if s.cases == nil {
		return nil, errNoStore
	}
	return s.cases, nil
}

// withProfileCases runs fn on the saved-case store with the active
// profile's id, the profile every case belongs to, and converts its error
// for the UI.
func withProfileCases[T any](s *TesterService, fn func(ctx context.Context, repo tester.CaseRepo, profileID int64) (T, error)) (T, error) {
	ctx := s.appCtx()
	var zero T
	p, err := s.session.Profile(ctx)
	if err != nil {
		return zero, toUI(err)
	}
	repo, err := s.caseRepo()
	if err != nil {
		return zero, toUI(err)
	}
	out, err := fn(ctx, repo, p.ID)
	return emptyLists(out), toUI(err)
}

// ListCases returns the active profile's saved cases; those of one route
// when route is set.
func (s *TesterService) ListCases(route string) ([]tester.Case, error) {
	return withProfileCases(s, func(ctx context.Context, repo tester.CaseRepo, profileID int64) ([]tester.Case, error) {
		return tester.ListCases(ctx, repo, profileID, route)
	})
}

// SaveCase stores a case for the active profile. Passwords, client secrets
// and pasted tokens are dropped before it is written, and a credential typed
// into the request is stored redacted; the returned case's Redacted names
// where, so the screen can say so.
func (s *TesterService) SaveCase(c tester.Case) (tester.Case, error) {
	return withProfileCases(s, func(ctx context.Context, repo tester.CaseRepo, profileID int64) (tester.Case, error) {
		return tester.SaveCase(ctx, repo, profileID, c)
	})
}

// DeleteCase removes one of the active profile's cases.
func (s *TesterService) DeleteCase(id int64) error {
	_, err := withProfileCases(s, func(ctx context.Context, repo tester.CaseRepo, profileID int64) (struct{}, error) {
		return struct{}{}, tester.DeleteCase(ctx, repo, profileID, id)
	})
	return err
}

// SuiteSecrets lists the passwords, client secrets and tokens a suite run of
// the route's cases (all cases when route is "") must be given.
func (s *TesterService) SuiteSecrets(route string) ([]tester.SecretNeed, error) {
	cases, err := s.ListCases(route)
	if err != nil {
		return nil, err
	}
	needs := tester.SecretsNeeded(cases)
	if needs == nil {
		needs = []tester.SecretNeed{}
	}
	return needs, nil
}

// RunSuite re-runs the saved cases of a route (all when route is "") with
// the secrets given for this run only, and keeps the result for export.
func (s *TesterService) RunSuite(route string, secrets map[string]string) (tester.SuiteResult, error) {
	ctx, cancel := context.WithTimeout(s.appCtx(), 10*time.Minute)
	defer cancel()
	p, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return tester.SuiteResult{}, toUI(err)
	}
	repo, err := s.caseRepo()
	if err != nil {
		return tester.SuiteResult{}, toUI(err)
	}
	cases, err := tester.ListCases(ctx, repo, p.ID, route)
	if err != nil {
		return tester.SuiteResult{}, toUI(err)
	}
	res := s.tester.RunSuite(ctx, cfg, cases, secrets)
	if res.Results == nil {
		res.Results = []tester.CaseResult{}
	}
	s.mu.Lock()
	s.lastSuite = &res
	s.mu.Unlock()
	return res, nil
}

// ExportSuite asks where to save the last suite run and writes it as "json"
// or "csv". It returns the path, or "" when the user cancelled.
func (s *TesterService) ExportSuite(format string) (string, error) {
	s.mu.Lock()
	last := s.lastSuite
	s.mu.Unlock()
	if last == nil {
		return "", toUI(fmt.Errorf("%w: run a suite first", tester.ErrMissingInput))
	}
	data, name, filter, pattern, err := encodeSuite(*last, format)
	if err != nil {
		return "", toUI(err)
	}
	path, err := saveAs(s.saver, "Export suite results", name, filter, pattern, data)
	if err != nil {
		return "", toUI(fmt.Errorf("save the suite results: %w", err))
	}
	return path, nil
}

func encodeSuite(res tester.SuiteResult, format string) (data []byte, name, filter, pattern string, err error) {
	stamp := res.StartedAt.Format("20060102-150405")
	switch format {
	case "csv":
		data, err = tester.ExportCSV(res)
		return data, "tandem-suite-" + stamp + ".csv", "CSV (*.csv)", "*.csv", err
	case "json", "":
		data, err = tester.ExportJSON(res)
		return data, "tandem-suite-" + stamp + ".json", "JSON (*.json)", "*.json", err
	}
	return nil, "", "", "", fmt.Errorf("%w: export format %q (json or csv)", tester.ErrMissingInput, format)
}
