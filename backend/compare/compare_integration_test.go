//go:build integration

package compare

import (
	"context"
	"testing"
)

func TestIntegrationRealmsImportedFromOneFileCompareEqual(t *testing.T) {
	c := adminClient(t, false)
	a := demoRealm(t, c, "tandem-cmp-a")
	b := demoRealm(t, c, "tandem-cmp-b")
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
