package tester

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/store"
	"github.com/tandemhq/tandem/test/tempdb"
)

func openStore(t *testing.T) (*store.DB, int64) {
	t.Helper()
	return openStoreIn(t, t.TempDir())
}

// openStoreIn opens the database in dir with one profile, for a test that
// then looks at the folder's files itself.
func openStoreIn(t *testing.T, dir string) (*store.DB, int64) {
	t.Helper()
	db := tempdb.In(t, dir)
	p, err := db.CreateProfile(context.Background(), store.Profile{Name: "Local", Kind: "local", Color: "#1677ff",
		KeycloakURL: "http://127.0.0.1:8180", AdminRealm: "master", AuthMethod: "password"}, []byte(`{}`), []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	return db, p.ID
}

func TestSavedCasesNeverKeepSecrets(t *testing.T) {
	db, pid := openStore(t)
	ctx := context.Background()
	c, err := SaveCase(ctx, db, pid, Case{Name: "alice on admin", Request: Request{Route: "admin", Method: "GET"},
		Identity: Identity{Kind: KindPassword, Username: "alice", Password: "alice-secret-pw", ClientSecret: "cs", Token: "tok"}, ExpectStatus: 200})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Route != "admin" || c.Identity.Password != "" {
		t.Errorf("saved: %+v", c)
	}
	row, _ := db.GetTesterCase(ctx, c.ID)
	if bytes.Contains(row.Case, []byte("alice-secret-pw")) || bytes.Contains(row.Case, []byte(`"cs"`)) || bytes.Contains(row.Case, []byte(`"tok"`)) {
		t.Errorf("a secret reached the database: %s", row.Case)
	}
	if _, err := SaveCase(ctx, db, pid, Case{Name: "alice on admin", Route: "admin"}); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := SaveCase(ctx, db, pid, Case{Name: " ", Route: "admin"}); !errors.Is(err, ErrCaseInvalid) {
		t.Errorf("empty name: %v", err)
	}
	if _, err := SaveCase(ctx, db, pid, Case{Name: "x"}); !errors.Is(err, ErrCaseInvalid) {
		t.Errorf("no route: %v", err)
	}
	_, _ = SaveCase(ctx, db, pid, Case{Name: "feed anon", Route: "feed"})
	all, _ := ListCases(ctx, db, pid, "")
	admin, _ := ListCases(ctx, db, pid, "admin")
	if len(all) != 2 || len(admin) != 1 || admin[0].ExpectStatus != 200 || admin[0].Identity.Username != "alice" {
		t.Errorf("all %d, admin %+v", len(all), admin)
	}
	if err := DeleteCase(ctx, db, pid+1, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete through another profile: %v", err)
	}
	if err := DeleteCase(ctx, db, pid, c.ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := ListCases(ctx, db, pid, ""); len(left) != 1 {
		t.Errorf("%d cases left, want 1", len(left))
	}
}

func TestSecretsNeededOncePerIdentity(t *testing.T) {
	cases := []Case{
		{Name: "a1", Identity: Identity{Kind: KindPassword, Username: "alice"}},
		{Name: "a2", Identity: Identity{Kind: KindPassword, Username: "alice", Variant: VariantBadSignature}},
		{Name: "s", Identity: Identity{Kind: KindClient, ClientID: "tandem-service"}},
		{Name: "p", Identity: Identity{Kind: KindToken}},
		{Name: "anon", Identity: Identity{Kind: KindAnonymous}},
	}
	needs := SecretsNeeded(cases)
	if len(needs) != 3 || len(needs[0].Cases) != 2 || needs[1].Kind != "clientSecret" || needs[2].Kind != "token" {
		t.Errorf("needs: %+v", needs)
	}
}

func TestSuiteRunsCasesAndSummarises(t *testing.T) {
	tt, cfg, _ := newTestTester(t, nil)
	cases := []Case{
		{Name: "anon admin", Route: "admin", Identity: Identity{Kind: KindAnonymous}},
		{Name: "alice admin", Route: "admin", Identity: Identity{Kind: KindPassword, ClientID: "web", Username: "alice"}, ExpectStatus: 200},
		{Name: "bob admin pinned wrong", Route: "admin", Identity: Identity{Kind: KindPassword, ClientID: "web", Username: "bob"}, ExpectStatus: 200},
		{Name: "svc", Route: "admin", Identity: Identity{Kind: KindClient, ClientID: "tandem-service"}},
		{Name: "gone", Route: "deleted-route"},
	}
	secrets := map[string]string{"password:/alice": "alice", "password:/bob": "bob"}
	s := tt.RunSuite(context.Background(), cfg, cases, secrets)
	want := SuiteSummary{Total: 5, Passed: 2, Failed: 1, Errored: 1, Skipped: 1}
	if s.Summary != want {
		t.Errorf("summary %+v, want %+v", s.Summary, want)
	}
	bobRow := s.Results[2]
	if bobRow.Passed || len(bobRow.Failures) != 1 || !strings.Contains(bobRow.Failures[0], "pinned status 200, got 403") {
		t.Errorf("bob: %+v", bobRow)
	}
	js, err := ExportJSON(s)
	if err != nil || !json.Valid(js) {
		t.Fatalf("json export: %v", err)
	}
	if bytes.Contains(js, []byte(`"password":`)) || bytes.Contains(js, []byte(`"clientSecret":`)) {
		t.Errorf("the export carries a secret")
	}
	for _, r := range s.Results {
		if r.Result != nil && strings.Count(r.Result.Sent.Headers.Get("Authorization"), ".") > 1 {
			t.Errorf("%s: a usable token in the export: %s", r.Case.Name, r.Result.Sent.Headers.Get("Authorization"))
		}
	}
	c, err := ExportCSV(s)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
	if err != nil || len(recs) != 6 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	if recs[2][9] != "passed" || recs[3][9] != "failed" || !strings.HasPrefix(recs[4][9], "skipped") || !strings.HasPrefix(recs[5][9], "error") {
		t.Errorf("csv results column: %v", [][]string{recs[2], recs[3], recs[4], recs[5]})
	}
}
