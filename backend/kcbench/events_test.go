//go:build kcbench

package kcbench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/outbound"
)

// TestBenchEvents is `scripts/bench.sh keycloak_events`. It seeds a
// throwaway realm with login events and times the first page of the Events
// screen (unfiltered, by user, by type, by client) through backend/keycloak
// against the request Keycloak's own console sends, in the same run.
//
//	TANDEM_BENCH_EVENTS       login events to seed (default 100000)
//	TANDEM_BENCH_CONCURRENCY  logins in flight while seeding (default 16)
//
// The events are client-credentials logins of ten confidential clients, one
// in ten with the right secret (CLIENT_LOGIN, carrying the client's
// service-account user), the others with a wrong one (CLIENT_LOGIN_ERROR,
// invalid_client_credentials, about 2.5 times cheaper: no token is signed). That is the cheapest
// way to make Keycloak write a login event: no password is hashed (a failed
// password login, even for an unknown user, makes Keycloak hash one to hide
// whether the user exists, ~24 ms of CPU), and Keycloak writes the events
// itself, as in production.
func TestBenchEvents(t *testing.T) {
	total := envInt("TANDEM_BENCH_EVENTS", 100_000)
	workers := envInt("TANDEM_BENCH_CONCURRENCY", 16)
	c, realm := benchRealm(t, "tandem-bench-events")
	ctx := context.Background()
	if err := c.UpdateEventsConfig(ctx, realm, keycloak.EventsConfig{EventsEnabled: true}); err != nil {
		t.Fatal(err)
	}
	logins := newEventClients(t, c, realm, 10)

	start := time.Now()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= total {
					return
				}
				if err := logins.login(ctx, k); err != nil {
					failed.Add(1)
				}
				if k > 0 && k%10_000 == 0 {
					fmt.Printf("  seeded %d login events, %s\n", k, time.Since(start).Round(time.Second))
				}
			}
		})
	}
	wg.Wait()
	d := time.Since(start)
	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d seeding logins were not answered", n, total)
	}
	fmt.Printf("SEED %d login events, %d logins in flight: %s (%.0f a second)\n", total, workers, d.Round(time.Millisecond), float64(total)/d.Seconds())

	// One more event before every timed call: the first page changes, and H2
	// drops its cached results for the events table.
	churn := total
	write := func() error { churn++; return logins.login(ctx, churn) }
	raw := newConsole()
	eventsView := func(name string, query func(k int) keycloak.EventQuery) view {
		return view{name,
			func(k int) (int, error) {
				q := query(k)
				q.Max = eventsPage
				p, err := c.ListLoginEvents(ctx, realm, q)
				return len(p.Items), err
			},
			func(k int) error {
				_, err := raw.list(ctx, realm, "events", consoleEventQuery(query(k)))
				return err
			}}
	}
	fmt.Printf("EVENTS first page of %d rows; Tandem = ListLoginEvents (the Events screen's call); console = GET …/events as Keycloak's console sends it\n", eventsPage)
	timeViews(t, "EVENTS", write, []view{
		eventsView("first page, no filter", func(int) keycloak.EventQuery { return keycloak.EventQuery{} }),
		eventsView("by user", func(k int) keycloak.EventQuery {
			return keycloak.EventQuery{UserID: logins.userIDs[k%len(logins.userIDs)]}
		}),
		eventsView("by client", func(k int) keycloak.EventQuery {
			return keycloak.EventQuery{ClientID: logins.clientIDs[k%len(logins.clientIDs)]}
		}),
		eventsView("by type", func(k int) keycloak.EventQuery {
			return keycloak.EventQuery{Types: []string{[]string{"CLIENT_LOGIN_ERROR", "CLIENT_LOGIN"}[k%2]}}
		}),
	}, true)
}

// eventsPage is the Events screen's page size (DataTable's default).
const eventsPage = 20

// consoleEventQuery is the console's request for a page of login events:
// first, max = page + 1, the filters; Keycloak orders newest first by
// default, so the console sends no direction.
func consoleEventQuery(q keycloak.EventQuery) url.Values {
	v := url.Values{"first": {"0"}, "max": {fmt.Sprint(eventsPage + 1)}}
	if q.UserID != "" {
		v.Set("user", q.UserID)
	}
	if q.ClientID != "" {
		v.Set("client", q.ClientID)
	}
	for _, typ := range q.Types {
		v.Add("type", typ)
	}
	return v
}

// eventClients are the confidential clients whose logins are the seeded
// events.
type eventClients struct {
	tokenURL  string
	http      *http.Client
	clientIDs []string
	secrets   []string
	userIDs   []string // their service-account users, whose id successful logins carry
}

func newEventClients(t *testing.T, c *keycloak.Client, realm string, n int) *eventClients {
	t.Helper()
	ctx := context.Background()
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	ec := &eventClients{
		tokenURL: baseURL() + "/realms/" + url.PathEscape(realm) + "/protocol/openid-connect/token",
		http:     &http.Client{Transport: transport, Timeout: time.Minute},
	}
	for i := range n {
		cl, err := c.CreateClient(ctx, realm, keycloak.OIDCClientInput{ClientID: fmt.Sprintf("bench-svc-%02d", i), Enabled: true, ServiceAccount: true})
		if err != nil {
			t.Fatal(err)
		}
		secret, err := c.GetClientSecret(ctx, realm, cl.ID)
		if err != nil {
			t.Fatal(err)
		}
		user, err := c.GetServiceAccountUser(ctx, realm, cl.ID)
		if err != nil {
			t.Fatal(err)
		}
		ec.clientIDs = append(ec.clientIDs, cl.ClientID)
		ec.secrets = append(ec.secrets, secret)
		ec.userIDs = append(ec.userIDs, user.ID)
	}
	return ec
}

// login is seeding login k: client k mod n, the right secret one time in
// ten. Either answer is a success here: Keycloak wrote its event.
func (ec *eventClients) login(ctx context.Context, k int) error {
	i := k % len(ec.clientIDs)
	secret := "wrong"
	if (k/len(ec.clientIDs))%10 == 0 {
		secret = ec.secrets[i]
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ec.clientIDs[i]}, "client_secret": {secret}}
	resp, err := outbound.PostForm(ctx, ec.http, ec.tokenURL, form)
	if err != nil {
		return fmt.Errorf("login %d: %w", k, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnauthorized {
		return fmt.Errorf("login %d: status %d", k, resp.StatusCode)
	}
	return nil
}
