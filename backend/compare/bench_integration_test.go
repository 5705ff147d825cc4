//go:build integration

package compare

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

// countingExporter counts the admin calls a comparison makes.
type countingExporter struct {
	kc    *keycloak.Client
	calls *atomic.Int64
}

func (c countingExporter) ExportRealm(ctx context.Context, realm string) ([]byte, error) {
	c.calls.Add(1)
	return c.kc.ExportRealm(ctx, realm)
}

// seedLarge fills realm with 200 clients (each with a mapper and two roles),
// 1,000 realm roles and 500 groups (each with an attribute and a role), by
// partial import in batches of 100; a non-empty variant changes a few.
func seedLarge(b *testing.B, kc *keycloak.Client, realm, variant string) {
	b.Helper()
	ctx := context.Background()
	send := func(rep map[string]any) {
		rep["ifResourceExists"] = "SKIP"
		body, _ := json.Marshal(rep)
		if _, err := kc.PartialImport(ctx, realm, body); err != nil {
			b.Fatalf("seed %s: %v", realm, err)
		}
	}
	for start := 0; start < 1000; start += 100 {
		var roles []any
		for i := start; i < start+100; i++ {
			desc := "role " + fmt.Sprint(i)
			if variant != "" && i%250 == 0 {
				desc += " " + variant
			}
			roles = append(roles, map[string]any{"name": fmt.Sprintf("role-%04d", i), "description": desc})
		}
		send(map[string]any{"roles": map[string]any{"realm": roles}})
	}
	for start := 0; start < 200; start += 100 {
		var clients []any
		clientRoles := map[string]any{}
		for i := start; i < start+100; i++ {
			id := fmt.Sprintf("app-%03d", i)
			uris := []any{"https://" + id + ".example.com/*"}
			if variant != "" && i%50 == 0 {
				uris = append(uris, "https://"+variant+".example.com/*")
			}
			clients = append(clients, map[string]any{"clientId": id, "redirectUris": uris, "publicClient": true,
				"protocolMappers": []any{map[string]any{"name": "aud", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
					"config": map[string]any{"included.client.audience": id, "access.token.claim": "true"}}}})
			clientRoles[id] = []any{map[string]any{"name": "read"}, map[string]any{"name": "write"}}
		}
		send(map[string]any{"clients": clients, "roles": map[string]any{"client": clientRoles}})
	}
	for start := 0; start < 500; start += 100 {
		var groups []any
		for i := start; i < start+100; i++ {
			name := fmt.Sprintf("team-%03d", i)
			groups = append(groups, map[string]any{"name": name, "path": "/" + name,
				"attributes": map[string]any{"cost-centre": []any{fmt.Sprint(i % 7)}}, "realmRoles": []any{fmt.Sprintf("role-%04d", i)}})
		}
		send(map[string]any{"groups": groups})
	}
}

// BenchmarkIntegrationCompareLargeRealms compares two realms of 200 clients,
// 1,000 roles and 500 groups that differ in 4 roles and 4 clients.
// Run: go test -tags integration -run '^$' -bench CompareLargeRealms -benchtime 5x ./backend/compare/
func BenchmarkIntegrationCompareLargeRealms(b *testing.B) {
	kc := adminClient(b, false)
	staging, prod := livekc.Realm(b, kc, "tandem-bench-staging"), livekc.Realm(b, kc, "tandem-bench-prod")
	start := time.Now()
	seedLarge(b, kc, staging, "staging")
	seedLarge(b, kc, prod, "")
	b.Logf("seeded both realms in %s", time.Since(start).Round(time.Second))

	var calls atomic.Int64
	ctx := context.Background()
	var res Result
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		res, err = Compare(ctx, Source{Keycloak: countingExporter{kc, &calls}, Realm: staging}, Source{Keycloak: countingExporter{kc, &calls}, Realm: prod})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(calls.Load())/float64(b.N), "admin-calls/op")
	b.ReportMetric(float64(len(res.Differences)), "differences")
	if len(res.Differences) != 8 {
		b.Errorf("differences: %q", summary(res))
	}
}
