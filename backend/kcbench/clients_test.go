//go:build kcbench

package kcbench

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"testing"
)

// TestBenchClients is `scripts/bench.sh keycloak_clients`. It seeds a
// throwaway realm with clients through the partial import in batches and
// times the Clients screen's first page, unfiltered and searched, through
// backend/keycloak against the request Keycloak's own console sends, in the
// same run.
//
//	TANDEM_BENCH_CLIENTS  clients to seed (default 1000)
func TestBenchClients(t *testing.T) {
	total := envInt("TANDEM_BENCH_CLIENTS", 1000)
	c, realm := benchRealm(t, "tandem-bench-clients")
	ctx := context.Background()
	partialImportBatches(t, c, realm, "clients", total, func(k int) map[string]any {
		return map[string]any{
			"clientId": fmt.Sprintf("app-%04d", k), "name": fmt.Sprintf("App %d", k), "enabled": true,
			"publicClient": k%2 == 0, "redirectUris": []string{fmt.Sprintf("https://app-%04d.bench.example.com/*", k)},
			"standardFlowEnabled": true, "directAccessGrantsEnabled": k%5 == 0,
		}
	})

	// One client's description written before every timed call: H2 drops
	// its cached results for the clients table, and Keycloak its cached
	// copy of that client.
	churned, err := c.FindClient(ctx, realm, "app-0000")
	if err != nil {
		t.Fatal(err)
	}
	churn := 0
	write := func() error {
		churn++
		_, err := c.AdminCall(ctx, "PUT", "/realms/"+url.PathEscape(realm)+"/clients/"+url.PathEscape(churned.ID),
			map[string]any{"clientId": churned.ClientID, "description": "churn " + strconv.Itoa(churn)})
		return err
	}
	searches := max(total/10, 1) // "app-NNN" is a part of ten clientIds
	raw := newConsole()
	// The console's request for a page of clients: first, max = page + 1,
	// and a search as clientId with search=true (a part of the clientId).
	clientsView := func(name string, search func(k int) string) view {
		return view{name,
			func(k int) (int, error) {
				p, err := c.ListClients(ctx, realm, search(k), 0, clientsPage)
				return len(p.Items), err
			},
			func(k int) error {
				q := url.Values{"first": {"0"}, "max": {strconv.Itoa(clientsPage + 1)}}
				if s := search(k); s != "" {
					q.Set("clientId", s)
					q.Set("search", "true")
				}
				_, err := raw.list(ctx, realm, "clients", q)
				return err
			}}
	}
	fmt.Printf("CLIENTS first page of %d rows, %d clients; Tandem = ListClients (the Clients screen's call); console = GET …/clients as Keycloak's console sends it\n", clientsPage, total+6)
	timeViews(t, "CLIENTS", write, []view{
		clientsView("first page, no search", func(int) string { return "" }),
		clientsView("search app-NNN", func(k int) string { return fmt.Sprintf("app-%03d", (k*37+5)%searches) }),
	}, true)
}

// clientsPage is the Clients screen's page size (DataTable's default).
const clientsPage = 20
