//go:build integration

package userimport

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

// testRealm creates a throwaway realm shaped like the demo realm (group
// /staff, realm role user) and deletes it when the test ends.
func testRealm(t *testing.T) (*keycloak.Client, string) {
	t.Helper()
	c := livekc.Admin(t, 60*time.Second)
	ctx := context.Background()
	realm := livekc.Realm(t, c, "tandem-import")
	demoLike := `{"roles":{"realm":[{"name":"user"}]},"groups":[{"name":"staff","path":"/staff"}],"ifResourceExists":"SKIP"}`
	if _, err := c.PartialImport(ctx, realm, []byte(demoLike)); err != nil {
		t.Fatalf("seed realm: %v", err)
	}
	return c, realm
}

func TestIntegrationImportIntoARealm(t *testing.T) {
	c, realm := testRealm(t)
	ctx := context.Background()
	csv := "username,email,first name,last name,enabled,groups,realm roles,temporary password\n" +
		"imp1,imp1@example.com,Imp,One,yes,staff,user,Start-123\n" +
		"imp2,imp2@example.com,Imp,Two,no,,,\n" +
		"imp3,bad-email,,,,,,\n" +
		"imp4,imp4@example.com,,,,nope,,\n"
	rows, err := Parse(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	im := New(c, realm, 4)
	plan, err := im.DryRun(ctx, rows)
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if plan.Creates != 2 || plan.Skips != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	if h := plan.Hashing; h == nil || h.Algorithm != "argon2" || h.Passwords != 1 || h.Expensive {
		t.Fatalf("hashing forecast = %+v, want Keycloak's default argon2 for one password", h)
	}
	if page, _ := c.SearchUsers(ctx, realm, keycloak.UserQuery{Search: "imp"}); page.Total != 0 {
		t.Fatalf("dry run created %d users", page.Total)
	}

	rep, err := im.Apply(ctx, rows, nil)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if rep.Created != 2 || rep.Skipped != 2 || rep.Failed != 0 {
		t.Fatalf("report = %+v", rep)
	}
	u, err := c.FindUserByUsername(ctx, realm, "imp1")
	if err != nil {
		t.Fatal(err)
	}
	full, _ := c.GetUser(ctx, realm, u.ID)
	if !full.Enabled || full.FirstName != "Imp" || !slices.Contains(full.RequiredActions, "UPDATE_PASSWORD") {
		t.Fatalf("imp1 = %+v, want enabled with a temporary password", full)
	}
	groups, _ := c.UserGroups(ctx, realm, u.ID)
	roles, _ := c.UserRoleMappings(ctx, realm, u.ID)
	if len(groups) != 1 || groups[0].Path != "/staff" || !slices.ContainsFunc(roles.Realm, func(r keycloak.RoleRef) bool { return r.Name == "user" }) {
		t.Fatalf("imp1 groups %+v roles %+v", groups, roles.Realm)
	}
	if u2, _ := c.FindUserByUsername(ctx, realm, "imp2"); u2.Enabled {
		t.Fatal("imp2 should be disabled")
	}

	// Importing again only updates what differs.
	rows[1].FirstName = "Second"
	rep, err = im.Apply(ctx, rows[1:2], nil)
	if err != nil || rep.Updated != 1 {
		t.Fatalf("re-import: %+v, %v", rep, err)
	}
	if u2, _ := c.FindUserByUsername(ctx, realm, "imp2"); u2.FirstName != "Second" || u2.LastName != "Two" {
		t.Fatalf("imp2 after update = %+v", u2)
	}
}

func TestIntegrationDirectoryConformance(t *testing.T) {
	c, realm := testRealm(t)
	testDirectoryContract(t, c, realm, "contract-")
}

// userShape is what an import decides about a user, without ids and times.
type userShape struct {
	Email, FirstName, LastName string
	Enabled                    bool
	RequiredActions            string
	Groups, RealmRoles         string
	Credentials                string
}

func shapeOf(t *testing.T, c *keycloak.Client, realm, username string) userShape {
	t.Helper()
	ctx := context.Background()
	u, err := c.FindUserByUsername(ctx, realm, username)
	if err != nil {
		t.Fatalf("find %s: %v", username, err)
	}
	full, err := c.GetUser(ctx, realm, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	groups, _ := c.UserGroups(ctx, realm, u.ID)
	roles, _ := c.UserRoleMappings(ctx, realm, u.ID)
	creds, _ := c.ListCredentials(ctx, realm, u.ID)
	var gs, rs, cs []string
	for _, g := range groups {
		gs = append(gs, g.Path)
	}
	for _, r := range roles.Realm {
		rs = append(rs, r.Name)
	}
	for _, cr := range creds {
		cs = append(cs, cr.Type)
	}
	sortJoin := func(s []string) string { sort.Strings(s); return strings.Join(s, ",") }
	return userShape{Email: full.Email, FirstName: full.FirstName, LastName: full.LastName, Enabled: full.Enabled,
		RequiredActions: sortJoin(full.RequiredActions), Groups: sortJoin(gs), RealmRoles: sortJoin(rs), Credentials: sortJoin(cs)}
}

func TestIntegrationBatchImportMakesTheSameUsersAsOneByOne(t *testing.T) {
	c, realm := testRealm(t)
	ctx := context.Background()
	csvFor := func(prefix string) []Row {
		text := "username,email,first name,last name,enabled,groups,realm roles,temporary password\n" +
			fmt.Sprintf("%s1,%s1@example.com,Ann,One,yes,staff,user,Start-123\n", prefix, prefix) +
			fmt.Sprintf("%s2,%s2@example.com,Ben,Two,no,staff,,\n", prefix, prefix) +
			fmt.Sprintf("%s3,,Cid,,,,user,Start-456\n", prefix) +
			fmt.Sprintf("%s4,%s4@example.com,,,yes,,,\n", prefix, prefix)
		rows, err := Parse(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	batch := New(c, realm, 4)
	rep, err := batch.Apply(ctx, csvFor("bat"), nil)
	if err != nil || rep.Created != 4 {
		t.Fatalf("batch import: %+v, %v", rep, err)
	}
	single := New(c, realm, 4)
	single.batchSize = 1
	rep, err = single.Apply(ctx, csvFor("one"), nil)
	if err != nil || rep.Created != 4 {
		t.Fatalf("one-by-one import: %+v, %v", rep, err)
	}
	for i := 1; i <= 4; i++ {
		b, o := shapeOf(t, c, realm, fmt.Sprintf("bat%d", i)), shapeOf(t, c, realm, fmt.Sprintf("one%d", i))
		b.Email, o.Email = strings.Replace(b.Email, "bat", "", 1), strings.Replace(o.Email, "one", "", 1)
		if b != o {
			t.Errorf("user %d: batch %+v, one by one %+v", i, b, o)
		}
	}
	if s := shapeOf(t, c, realm, "bat1"); s.RequiredActions != "UPDATE_PASSWORD" || s.Credentials != "password" ||
		s.Groups != "/staff" || !strings.Contains(s.RealmRoles, "user") {
		t.Fatalf("bat1 = %+v, want a temporary password, /staff and user", s)
	}
}

// racingDirectory is Keycloak with a hook before each partial import, to
// act between the importer's lookups and its batch.
type racingDirectory struct {
	*keycloak.Client
	before func(n int)
}

func (d racingDirectory) ImportUsers(ctx context.Context, realm string, users []keycloak.ImportUser, ifExists keycloak.IfExists) (keycloak.PartialImportResult, error) {
	d.before(len(users))
	return d.Client.ImportUsers(ctx, realm, users, ifExists)
}

func TestIntegrationABatchWithAConflictingRowFallsBackAndReportsThatRowAlone(t *testing.T) {
	c, realm := testRealm(t)
	ctx := context.Background()
	rows, err := Parse(strings.NewReader(usernamesCSV(8, ",staff,user,")))
	if err != nil {
		t.Fatal(err)
	}
	var once atomic.Bool
	dir := racingDirectory{Client: c, before: func(int) {
		// Someone else creates user005 after the lookups found it free.
		if once.CompareAndSwap(false, true) {
			if _, err := c.CreateUser(ctx, realm, keycloak.UserInput{Username: "user005", Enabled: true}); err != nil {
				t.Errorf("create the clashing user: %v", err)
			}
		}
	}}
	rep, err := New(dir, realm, 4).Apply(ctx, rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOnlyConflictFailed(t, rep, 7, "user005", "exists", func(r Result) {
		if s := shapeOf(t, c, realm, r.Username); s.Groups != "/staff" || !strings.Contains(s.RealmRoles, "user") {
			t.Fatalf("%s = %+v, want /staff and user", r.Username, s)
		}
	})
}

func TestIntegrationCancelMidImportStopsAndReports(t *testing.T) {
	c, realm := testRealm(t)
	rows, err := Parse(strings.NewReader(usernamesCSV(30, ",staff,user,")))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelHook, _ := cancelOnCall(t, 2)
	dir := racingDirectory{Client: c, before: func(int) { cancelHook() }}
	im := New(dir, realm, 3)
	im.batchSize = 5
	rep, err := im.Apply(ctx, rows, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Cancelled || rep.Created == 0 || rep.NotRun == 0 || rep.Created+rep.NotRun != len(rows) {
		t.Fatalf("report = %+v, want a cancelled run with rows created and rows not run", rep)
	}
	for _, r := range rep.Results {
		_, err := c.FindUserByUsername(context.Background(), realm, r.Username)
		if exists := err == nil; exists != (r.Status == StatusOK) {
			t.Errorf("%s reported %s, exists in Keycloak: %v", r.Username, r.Status, exists)
		}
	}
}
