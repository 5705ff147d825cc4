package compare

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// export is a minimal partial export of realm name.
func export(name string, edit func(map[string]any)) []byte {
	rep := map[string]any{
		"id": "id-" + name, "realm": name, "accessTokenLifespan": 300,
		"roles": map[string]any{
			"realm": []any{
				map[string]any{"id": "r1-" + name, "name": "default-roles-" + name, "composite": true, "containerId": "id-" + name,
					"composites": map[string]any{"realm": []any{"user"}}},
				map[string]any{"id": "r2-" + name, "name": "user", "attributes": map[string]any{}},
			},
		},
		"clients": []any{
			map[string]any{"id": "c-" + name, "clientId": "account", "baseUrl": "/realms/" + name + "/account/", "secret": "**********",
				"attributes": map[string]any{"client.secret.creation.time": "1700000000"}, "redirectUris": []any{}},
		},
		"groups": []any{map[string]any{"id": "g-" + name, "name": "staff", "path": "/staff", "realmRoles": []any{"user"},
			"subGroups": []any{map[string]any{"id": "g2-" + name, "name": "ops", "path": "/staff/ops"}}}},
	}
	if edit != nil {
		edit(rep)
	}
	b, _ := json.Marshal(rep)
	return b
}

type fakeExporter map[string][]byte

func (f fakeExporter) ExportRealm(_ context.Context, realm string) ([]byte, error) {
	if b, ok := f[realm]; ok {
		return b, nil
	}
	return nil, errors.New("no such realm")
}

func TestRealmsDifferingOnlyInNameIdsSecretsAndTimestampsAreInSync(t *testing.T) {
	kc := fakeExporter{"staging": export("staging", nil), "prod": export("prod", func(r map[string]any) {
		c := r["clients"].([]any)[0].(map[string]any)
		c["attributes"] = map[string]any{"client.secret.creation.time": "1800000000"}
		delete(c, "redirectUris") // [] and absent are the same
	})}
	res, err := Compare(context.Background(), Source{Keycloak: kc, Realm: "staging"}, Source{Keycloak: kc, Realm: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.InSync {
		t.Errorf("differences: %+v", res.Differences)
	}
}

func TestASecretIsComparedOnlyAsSetOrUnset(t *testing.T) {
	kc := fakeExporter{"a": export("a", nil), "b": export("b", func(r map[string]any) {
		delete(r["clients"].([]any)[0].(map[string]any), "secret")
	})}
	res, err := Compare(context.Background(), Source{Keycloak: kc, Realm: "a"}, Source{Keycloak: kc, Realm: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Differences) != 1 || res.Differences[0].ID != "client:account" || strings.Join(res.Differences[0].Fields, ",") != "secret" ||
		!strings.Contains(string(res.Differences[0].From), `"secret":"(set)"`) {
		t.Fatalf("differences: %+v", res.Differences)
	}
}

func TestAnUnreadableSideIsASideError(t *testing.T) {
	kc := fakeExporter{"a": export("a", nil)}
	_, err := Compare(context.Background(), Source{Keycloak: kc, Realm: "a"}, Source{Keycloak: kc, Realm: "gone"})
	var se *SideError
	if !errors.As(err, &se) || se.Side != "to" {
		t.Fatalf("err = %v, want a SideError for the target", err)
	}
}

// fakeAdmin records calls and answers lookups from a fixed set of ids.
type fakeAdmin struct {
	calls []string
}

func (f *fakeAdmin) AdminCall(_ context.Context, method, path string, body any) (json.RawMessage, error) {
	call := method + " " + path
	if method == http.MethodGet {
		switch {
		case strings.Contains(path, "/clients?clientId="):
			id := path[strings.Index(path, "=")+1:]
			return json.RawMessage(fmt.Sprintf(`[{"id":"uuid-%s","clientId":%q}]`, id, id)), nil
		case strings.Contains(path, "/roles/"):
			return json.RawMessage(`{"id":"role-uuid"}`), nil
		case strings.Contains(path, "/group-by-path/"):
			return json.RawMessage(`{"id":"group-uuid"}`), nil
		}
		return json.RawMessage(`[]`), nil
	}
	f.calls = append(f.calls, call)
	return nil, nil
}

func resultOf(t *testing.T, staging, prod []byte) Result {
	t.Helper()
	kc := fakeExporter{"staging": staging, "prod": prod}
	res, err := Compare(context.Background(), Source{Keycloak: kc, Realm: "staging"}, Source{Keycloak: kc, Realm: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func allIDs(res Result) []string {
	var ids []string
	for _, d := range res.Differences {
		ids = append(ids, d.ID)
	}
	return ids
}

func TestPlanCreatesRolesBeforeTheCompositesAndGroupMappingsThatNameThem(t *testing.T) {
	res := resultOf(t, export("staging", func(r map[string]any) {
		roles := r["roles"].(map[string]any)
		roles["realm"] = append(roles["realm"].([]any),
			map[string]any{"name": "auditor", "composites": map[string]any{"realm": []any{"viewer"}}},
			map[string]any{"name": "viewer"})
		r["groups"].([]any)[0].(map[string]any)["realmRoles"] = []any{"auditor", "user"}
	}), export("prod", nil))
	plan, err := NewPlan(res, allIDs(res))
	if err != nil {
		t.Fatal(err)
	}
	a := &fakeAdmin{}
	if _, err := Apply(context.Background(), Target{Keycloak: a, Realm: "prod"}, plan, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /realms/prod/roles", // auditor
		"POST /realms/prod/roles", // viewer
		"POST /realms/prod/roles/auditor/composites",
		"POST /realms/prod/groups/group-uuid/role-mappings/realm",
	}
	if strings.Join(a.calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(a.calls, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanRemovesSubgroupsWithTheirParentAndNeedsAnAddedParentChosen(t *testing.T) {
	res := resultOf(t, export("staging", func(r map[string]any) { r["groups"] = []any{} }), export("prod", nil))
	plan, err := NewPlan(res, allIDs(res))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Steps) != 1 || plan.Steps[0].Difference != "group:/staff" || len(plan.Covered) != 1 || plan.Covered[0] != "group:/staff/ops" {
		t.Errorf("plan: %+v", plan)
	}
	// The other way round the subgroup is added and needs its parent.
	res = resultOf(t, export("prod", nil), export("staging", func(r map[string]any) { r["groups"] = []any{} }))
	if _, err := NewPlan(res, []string{"group:/staff/ops"}); err == nil || !strings.Contains(err.Error(), "choose it too") {
		t.Errorf("plan of a subgroup without its added parent: %v", err)
	}
}

func TestApplyStopsAtTheFirstFailureAndSaysWhatWasNotApplied(t *testing.T) {
	res := resultOf(t, export("staging", func(r map[string]any) {
		roles := r["roles"].(map[string]any)
		roles["realm"] = append(roles["realm"].([]any), map[string]any{"name": "a"}, map[string]any{"name": "b"}, map[string]any{"name": "c"})
	}), export("prod", nil))
	plan, err := NewPlan(res, allIDs(res))
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	failing := &countingAdmin{fakeAdmin: &fakeAdmin{}, failAt: 2, calls: &calls}
	rep, err := Apply(context.Background(), Target{Keycloak: failing, Realm: "prod"}, plan, nil)
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("err = %v", err)
	}
	got := []Status{rep.Outcomes[0].Status, rep.Outcomes[1].Status, rep.Outcomes[2].Status}
	if fmt.Sprint(got) != fmt.Sprint([]Status{Applied, Failed, NotApplied}) {
		t.Errorf("statuses %v", got)
	}
	if rep.Applied != 1 || rep.Failed != 1 || rep.NotApplied != 1 || calls != 2 {
		t.Errorf("report %+v after %d calls", rep, calls)
	}
}

// countingAdmin fails its failAt-th write.
type countingAdmin struct {
	*fakeAdmin
	failAt int
	calls  *int
}

func (c *countingAdmin) AdminCall(ctx context.Context, method, path string, body any) (json.RawMessage, error) {
	if method != http.MethodGet {
		*c.calls++
		if *c.calls == c.failAt {
			return nil, errors.New("HTTP 409: conflict")
		}
	}
	return c.fakeAdmin.AdminCall(ctx, method, path, body)
}

// A protocol mapper of a client or a client scope is a difference of its
// own, under its owner, and not a change of the owner.
func TestProtocolMappersAreTheirOwnDifferences(t *testing.T) {
	mapper := func(claim string) []any {
		return []any{map[string]any{"id": "pm-" + claim, "name": "dept", "protocol": "openid-connect",
			"protocolMapper": "oidc-usermodel-attribute-mapper", "config": map[string]any{"claim.name": claim}}}
	}
	withMappers := func(claim string) func(map[string]any) {
		return func(r map[string]any) {
			r["clients"].([]any)[0].(map[string]any)["protocolMappers"] = mapper(claim)
			r["clientScopes"] = []any{map[string]any{"id": "cs-" + claim, "name": "org", "protocol": "openid-connect", "protocolMappers": mapper(claim)}}
		}
	}
	res := resultOf(t, export("staging", withMappers("department")), export("prod", withMappers("dept")))
	// mapper ID → its owner's ID
	want := map[string]string{
		entityID(KindClientMapper, "account/dept"):  entityID(KindClient, "account"),
		entityID(KindClientScopeMapper, "org/dept"): entityID(KindClientScope, "org"),
	}
	if len(res.Differences) != len(want) {
		t.Fatalf("differences %v, want the mappers %v", allIDs(res), want)
	}
	for _, d := range res.Differences {
		if parent, ok := want[d.ID]; !ok || d.Change != Changed || d.Parent != parent || strings.Join(d.Fields, ",") != "config" {
			t.Errorf("difference %s (%s, parent %q, fields %v), want only the two mappers' config changed", d.ID, d.Change, d.Parent, d.Fields)
		}
	}
}
