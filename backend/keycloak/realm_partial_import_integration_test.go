//go:build integration

package keycloak

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestIntegrationDemoCopiedWithItsUsers: the demo realm exported with its
// users becomes a new realm on the same server (new ids), alice with her
// group and roles, and no secret comes across readable.
func TestIntegrationDemoCopiedWithItsUsers(t *testing.T) {
	ctx, c := integrationAdmin(t)
	file, err := c.ExportRealmWithUsers(ctx, "demo")
	if err != nil {
		t.Fatalf("ExportRealmWithUsers: %v", err)
	}
	plan, err := PlanRealmFile(file)
	if err != nil || plan.Counts[ResourceUser] < 3 || len(plan.Problems) != 0 {
		t.Fatalf("plan = %+v, %v; want the demo users and no problem", plan, err)
	}
	if !slices.Contains(plan.Masked, `client "tandem-service"`) {
		t.Errorf("masked = %q, want the confidential client's masked secret named", plan.Masked)
	}

	name := uniqueName("tandem-copy")
	// The file's ids are the demo realm's, taken on this server.
	if _, err := c.ImportRealm(ctx, file, name, false); !isErr(err, ErrConflict) {
		t.Errorf("import with the file's ids: err = %v, want ErrConflict", err)
		_ = c.DeleteRealm(ctx, name)
	}
	got, err := c.ImportRealm(ctx, file, name, true)
	if err != nil || got != name {
		t.Fatalf("ImportRealm = %q, %v", got, err)
	}
	t.Cleanup(func() {
		if err := c.DeleteRealm(context.Background(), name); err != nil {
			t.Errorf("delete realm %s: %v", name, err)
		}
	})
	alice := findUser(t, c, name, "alice")
	groups, err := c.UserGroups(ctx, name, alice.ID)
	if err != nil || len(groups) != 1 || groups[0].Path != "/staff" {
		t.Errorf("alice's groups = %+v, %v; want /staff", groups, err)
	}
	var roles []roleDetailRep
	rawGet(t, c, adminPath("realms", name, "users", alice.ID, "role-mappings", "realm"), nil, &roles)
	names := mapItems(roles, func(r roleDetailRep) string { return r.Name })
	if !slices.Contains(names, "admin") || !slices.Contains(names, "user") {
		t.Errorf("alice's realm roles = %v, want admin and user", names)
	}
	creds, err := c.ListCredentials(ctx, name, alice.ID)
	if err != nil || len(creds) != 0 {
		t.Errorf("alice's credentials in the copy = %+v, %v; want none (Keycloak never exports them)", creds, err)
	}
}

func TestIntegrationPartialImportSkipOverwriteFailAndABadEntity(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	file := []byte(`{
		"clients": [{"clientId": "reports", "publicClient": true}],
		"roles": {"realm": [{"name": "auditor"}], "client": {"reports": [{"name": "viewer"}]}},
		"groups": [{"name": "finance", "path": "/finance"}],
		"users": [
			{"username": "fred", "enabled": true, "groups": ["/finance"], "realmRoles": ["auditor"], "clientRoles": {"reports": ["viewer"]}},
			{"username": "ghost", "groups": ["/no-such-group"]},
			{"username": "gina", "enabled": true}
		]
	}`)

	var progress []int
	rep, err := c.ImportRealmFile(ctx, realm, file, ImportFileOptions{IfExists: IfExistsSkip}, func(done, total int) { progress = append(progress, done) })
	if err != nil {
		t.Fatalf("ImportRealmFile SKIP: %v", err)
	}
	if rep.Added != 6 || rep.Failed != 1 {
		t.Errorf("first import: added %d, failed %d; want 6, 1 (%+v)", rep.Added, rep.Failed, rep.Entries)
	}
	if i := slices.IndexFunc(rep.Entries, func(e PartialImportEntry) bool { return e.Action == ActionFailed }); i < 0 || rep.Entries[i].Name != "ghost" || rep.Entries[i].Type != ResourceUser {
		t.Errorf("entries = %+v, want ghost FAILED", rep.Entries)
	}
	if !slices.Equal(progress, []int{0, 7}) {
		t.Errorf("progress = %v, want [0 7]", progress)
	}
	fred := findUser(t, c, realm, "fred")
	if groups, _ := c.UserGroups(ctx, realm, fred.ID); len(groups) != 1 || groups[0].Path != "/finance" {
		t.Errorf("fred's groups = %+v", groups)
	}

	good := []byte(strings.Replace(string(file), `{"username": "ghost", "groups": ["/no-such-group"]},`, "", 1))
	rep, err = c.ImportRealmFile(ctx, realm, good, ImportFileOptions{IfExists: IfExistsSkip}, nil)
	if err != nil || rep.Skipped != 6 || rep.Added != 0 {
		t.Errorf("SKIP again = %+v, %v; want 6 skipped", rep, err)
	}
	rep, err = c.ImportRealmFile(ctx, realm, good, ImportFileOptions{IfExists: IfExistsOverwrite}, nil)
	if err != nil || rep.Overwritten != 6 {
		t.Errorf("OVERWRITE = %+v, %v; want 6 overwritten", rep, err)
	}
	withNew := []byte(strings.Replace(string(good), `{"username": "gina", "enabled": true}`, `{"username": "gina"}, {"username": "hal"}`, 1))
	_, err = c.ImportRealmFile(ctx, realm, withNew, ImportFileOptions{IfExists: IfExistsFail}, nil)
	if !isErr(err, ErrConflict) {
		t.Fatalf("FAIL with existing entities: err = %v, want ErrConflict", err)
	}
	if _, err := c.FindUserByUsername(ctx, realm, "hal"); !isErr(err, ErrNotFound) {
		t.Errorf("hal after a failed FAIL import: err = %v, want ErrNotFound (nothing written)", err)
	}
}

func TestIntegrationExportWithUsersListsLinkedAccounts(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	createCorpProvider(t, c, realm)
	if _, err := c.ImportRealmFile(ctx, realm, []byte(`{"users":[{"username":"ivy","federatedIdentities":[{"identityProvider":"corp","userId":"ext-9","userName":"ivy@corp"}]}]}`),
		ImportFileOptions{IfExists: IfExistsFail}, nil); err != nil {
		t.Fatal(err)
	}
	file, err := c.ExportRealmWithUsers(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		Users []struct {
			Username            string          `json:"username"`
			FederatedIdentities []LinkedAccount `json:"federatedIdentities"`
			Access              json.RawMessage `json:"access"`
		} `json:"users"`
	}
	if err := json.Unmarshal(file, &top); err != nil {
		t.Fatal(err)
	}
	if len(top.Users) != 1 || top.Users[0].Username != "ivy" || len(top.Users[0].FederatedIdentities) != 1 || top.Users[0].FederatedIdentities[0].UserID != "ext-9" || top.Users[0].Access != nil {
		t.Errorf("exported users = %+v", top.Users)
	}
}
