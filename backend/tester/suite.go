package tester

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// SecretNeed is a secret a suite run must be given because cases never store one.
type SecretNeed struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// Kind is "password", "clientSecret" or "token".
	Kind string `json:"kind"`
	// Cases names the cases that need it.
	Cases []string `json:"cases"`
}

// SecretKey identifies the secret an identity needs ("" when none).
func SecretKey(id Identity, caseName string) (key, kind, label string) {
	switch id.Kind {
	case KindPassword:
		return "password:" + id.Realm + "/" + id.Username, "password", "Password of " + id.Describe()
	case KindClient:
		return "client:" + id.Realm + "/" + id.ClientID, "clientSecret", "Secret of " + id.Describe()
	case KindToken:
		return "token:" + caseName, "token", "Token for case " + caseName
	}
	return "", "", ""
}

// SecretsNeeded lists, once each, the secrets the cases need.
func SecretsNeeded(cases []Case) []SecretNeed {
	var out []SecretNeed
	index := map[string]int{}
	for _, c := range cases {
		key, kind, label := SecretKey(c.Identity, c.Name)
		if key == "" {
			continue
		}
		if i, ok := index[key]; ok {
			out[i].Cases = append(out[i].Cases, c.Name)
			continue
		}
		index[key] = len(out)
		out = append(out, SecretNeed{Key: key, Label: label, Kind: kind, Cases: []string{c.Name}})
	}
	return out
}

// CaseResult is one case of a suite run.
type CaseResult struct {
	Case     Case    `json:"case"`
	Passed   bool    `json:"passed"`
	Skipped  string  `json:"skipped,omitempty"`
	Error    string  `json:"error,omitempty"`
	Status   int     `json:"status"`
	Outcome  Outcome `json:"outcome"`
	Expected string  `json:"expected"`
	// Failures are the reasons it did not pass: surprises and a status that
	// differs from the pinned one.
	Failures []string `json:"failures"`
	Notes    []string `json:"notes"`
	Result   *Result  `json:"result,omitempty"`
}

// SuiteSummary counts a suite run.
type SuiteSummary struct {
	Total   int `json:"total"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Errored int `json:"errored"`
	Skipped int `json:"skipped"`
}

// SuiteResult is a whole suite run.
type SuiteResult struct {
	Summary    SuiteSummary `json:"summary"`
	Results    []CaseResult `json:"results"`
	StartedAt  time.Time    `json:"startedAt" ts_type:"string"`
	DurationMs float64      `json:"durationMs"`
}

// RunSuite re-runs saved cases and judges each against its route's promise
// (and its pinned status). secrets maps SecretKey keys to the secrets given
// for this run only; a case whose secret is missing is skipped. The results
// are redacted (RedactCaseResult): a suite run is kept and exported, so it
// holds no usable token.
func (t *Tester) RunSuite(ctx context.Context, cfg routes.Config, cases []Case, secrets map[string]string) SuiteResult {
	start := time.Now()
	out := SuiteResult{StartedAt: start}
	for _, c := range cases {
		if ctx.Err() != nil {
			break
		}
		out.Results = append(out.Results, RedactCaseResult(t.runCase(ctx, cfg, c, secrets)))
	}
	for _, r := range out.Results {
		out.Summary.Total++
		switch {
		case r.Skipped != "":
			out.Summary.Skipped++
		case r.Error != "":
			out.Summary.Errored++
		case r.Passed:
			out.Summary.Passed++
		default:
			out.Summary.Failed++
		}
	}
	out.DurationMs = float64(time.Since(start).Microseconds()) / 1000
	return out
}

func (t *Tester) runCase(ctx context.Context, cfg routes.Config, c Case, secrets map[string]string) CaseResult {
	cr := CaseResult{Case: c}
	id := c.Identity
	if key, kind, _ := SecretKey(id, c.Name); key != "" {
		secret := secrets[key]
		if secret == "" {
			cr.Skipped = "no " + kind + " given for this run"
			return cr
		}
		switch kind {
		case "password":
			id.Password = secret
		case "clientSecret":
			id.ClientSecret = secret
		case "token":
			id.Token = secret
		}
	}
	req := c.Request
	req.Route = c.Route
	res, err := t.Send(ctx, cfg, req, id)
	if err != nil {
		cr.Error = err.Error()
		return cr
	}
	cr.Result = &res
	cr.Status = res.Response.Status
	obs := Observation{Status: res.Response.Status}
	if res.Trace != nil {
		obs.Decision = string(res.Trace.Decision)
	}
	cr.Outcome = OutcomeOf(obs)
	if res.Expectation != nil {
		cr.Expected = describeOutcome(*res.Expectation)
	}
	cr.Failures = append(cr.Failures, res.Surprises...)
	if c.ExpectStatus != 0 && c.ExpectStatus != res.Response.Status {
		cr.Failures = append(cr.Failures, fmt.Sprintf("pinned status %d, got %d", c.ExpectStatus, res.Response.Status))
	}
	if c.ExpectStatus != 0 {
		cr.Expected = strings.TrimSpace(cr.Expected + fmt.Sprintf(" (pinned HTTP %d)", c.ExpectStatus))
	}
	cr.Notes = res.Notes
	if len(c.Redacted) > 0 {
		cr.Notes = append(cr.Notes, "sent with the placeholder saved in place of a credential ("+strings.Join(c.Redacted, ", ")+
			"); for a valid token, give the case a realm user or service account identity")
	}
	cr.Passed = len(cr.Failures) == 0
	return cr
}

// ExportJSON renders a suite run as indented JSON, every credential redacted
// (tokens, cookies, secrets in headers, bodies, traces and URLs).
func ExportJSON(s SuiteResult) ([]byte, error) {
	return json.MarshalIndent(RedactSuite(s), "", "  ")
}

// ExportCSV renders one line per case, every credential redacted.
func ExportCSV(s SuiteResult) ([]byte, error) {
	s = RedactSuite(s)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"case", "route", "identity", "method", "path", "upstream", "expected", "status", "outcome", "result", "failures", "notes"})
	for _, r := range s.Results {
		result := "failed"
		switch {
		case r.Skipped != "":
			result = "skipped: " + r.Skipped
		case r.Error != "":
			result = "error: " + r.Error
		case r.Passed:
			result = "passed"
		}
		method, path := r.Case.Request.Method, r.Case.Request.Path
		if r.Result != nil {
			method = r.Result.Sent.Method
			path = r.Result.Sent.URL
		}
		status := ""
		if r.Status != 0 {
			status = strconv.Itoa(r.Status)
		}
		_ = w.Write([]string{r.Case.Name, r.Case.Route, r.Case.Identity.Describe(), method, path, string(r.Case.Request.Upstream),
			r.Expected, status, string(r.Outcome), result, strings.Join(r.Failures, "; "), strings.Join(r.Notes, "; ")})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
