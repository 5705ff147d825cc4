//go:build integration

package compare

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

func TestIntegrationRealmsImportedFromOneFileCompareEqual(t *testing.T) {
	c := adminClient(t, false)
	a := livekc.DemoRealm(t, c, "tandem-cmp-a")
	b := livekc.DemoRealm(t, c, "tandem-cmp-b")
	res, err := Compare(context.Background(), Source{Keycloak: c, Realm: a}, Source{Keycloak: c, Realm: b})
	if err != nil {
		t.Fatal(err)
	}
	if !res.InSync || len(res.Differences) != 0 {
		for _, d := range res.Differences {
			t.Errorf("unexpected difference %s %s fields %v\nfrom %s\nto   %s", d.Change, d.ID, d.Fields, d.From, d.To)
		}
	}
}

// stagingAndProd imports the demo realm twice and gives "staging" five known
// differences of five kinds.
func stagingAndProd(t *testing.T, c *keycloak.Client) (staging, prod string) {
	t.Helper()
	staging = livekc.DemoRealm(t, c, "tandem-staging")
	prod = livekc.DemoRealm(t, c, "tandem-prod")
	p := "/realms/" + staging
	mustCall(t, c, http.MethodPut, p, map[string]any{"accessTokenLifespan": 600})

	raw := mustCall(t, c, http.MethodGet, p+"/clients?clientId=web", nil)
	var clients []map[string]any
	if err := json.Unmarshal(raw, &clients); err != nil || len(clients) != 1 {
		t.Fatalf("client web: %s %v", raw, err)
	}
	web := clients[0]
	web["redirectUris"] = append(web["redirectUris"].([]any), "https://staging.example.com/*")
	mustCall(t, c, http.MethodPut, p+"/clients/"+web["id"].(string), web)
	mustCall(t, c, http.MethodPost, p+"/clients/"+web["id"].(string)+"/protocol-mappers/models", map[string]any{
		"name": "api audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
		"config": map[string]any{"included.custom.audience": "api", "access.token.claim": "true"},
	})

	mustCall(t, c, http.MethodPost, p+"/roles", map[string]any{"name": "auditor", "description": "reads the audit log"})
	var user map[string]any
	if err := json.Unmarshal(mustCall(t, c, http.MethodGet, p+"/roles/user", nil), &user); err != nil {
		t.Fatal(err)
	}
	mustCall(t, c, http.MethodPost, p+"/roles/auditor/composites", []any{user})

	var staff map[string]any
	if err := json.Unmarshal(mustCall(t, c, http.MethodGet, p+"/group-by-path/staff", nil), &staff); err != nil {
		t.Fatal(err)
	}
	mustCall(t, c, http.MethodPut, p+"/groups/"+staff["id"].(string), map[string]any{"name": "staff", "attributes": map[string]any{"floor": []any{"3"}}})
	return staging, prod
}

// summary lists a result's differences as "change id [fields]".
func summary(res Result) []string {
	var out []string
	for _, d := range res.Differences {
		s := string(d.Change) + " " + d.ID
		if len(d.Fields) > 0 {
			s += " " + strings.Join(d.Fields, ",")
		}
		out = append(out, s)
	}
	return out
}

func TestIntegrationCompareFindsExactlyTheKnownDifferencesAndPromotesThem(t *testing.T) {
	c := adminClient(t, false)
	ctx := context.Background()
	staging, prod := stagingAndProd(t, c)

	res, err := Compare(ctx, Source{Profile: "staging", Keycloak: c, Realm: staging}, Source{Profile: "prod", Keycloak: c, Realm: prod})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"changed realm:settings accessTokenLifespan",
		"changed client:web redirectUris",
		"added clientMapper:web/api audience",
		"added realmRole:auditor",
		"changed group:/staff attributes",
	}
	if got := summary(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("differences:\n got %q\nwant %q", got, want)
	}
	if res.InSync || res.Counts[KindRealmRole] != (Counts{Added: 1}) || res.Counts[KindClient] != (Counts{Changed: 1}) {
		t.Errorf("counts %+v, in sync %v", res.Counts, res.InSync)
	}

	var ids []string
	for _, d := range res.Differences {
		ids = append(ids, d.ID)
	}
	plan, err := NewPlan(res, ids)
	if err != nil {
		t.Fatal(err)
	}

	// A read-only prod profile refuses in Go: nothing is sent, and the
	// report says nothing was applied.
	rep, err := Apply(ctx, Target{Keycloak: adminClient(t, true), Realm: prod}, plan, nil)
	if !errors.Is(err, ErrStopped) || !errors.Is(err, keycloak.ErrReadOnly) {
		t.Fatalf("read-only apply: err %v", err)
	}
	if rep.Applied != 0 || rep.Failed != 1 || rep.NotApplied != len(res.Differences)-1 {
		t.Errorf("read-only report %+v", rep)
	}
	again, err := Compare(ctx, Source{Keycloak: c, Realm: staging}, Source{Keycloak: c, Realm: prod})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(summary(again), want) {
		t.Fatalf("after a refused promotion: %q", summary(again))
	}

	var progressed int
	rep, err = Apply(ctx, Target{Keycloak: c, Realm: prod}, plan, func(done, total int, _ Outcome) { progressed = done })
	if err != nil {
		t.Fatalf("apply: %v\n%+v", err, rep)
	}
	if rep.Applied != len(res.Differences) || progressed != len(plan.Steps) {
		t.Errorf("report %+v, progress %d of %d", rep, progressed, len(plan.Steps))
	}
	after, err := Compare(ctx, Source{Keycloak: c, Realm: staging}, Source{Keycloak: c, Realm: prod})
	if err != nil {
		t.Fatal(err)
	}
	if !after.InSync {
		t.Errorf("after promoting everything: %q", summary(after))
		for _, d := range after.Differences {
			t.Logf("%s\nfrom %s\nto   %s", d.ID, d.From, d.To)
		}
	}
}
