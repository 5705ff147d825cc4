//go:build kcbench

package kcbench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/outbound"
	"github.com/tandemhq/tandem/test/livekc"
)

// What every benchmark here reads from the environment:
//
//	TANDEM_KEYCLOAK_URL  the Keycloak to seed (default http://127.0.0.1:8180, admin/admin)
//	TANDEM_BENCH_RUNS    timed pairs per view, at least (default 15; cheap views get more, see compare)
//	TANDEM_BENCH_BATCH   resources per partial import when seeding (default 100)
//	TANDEM_BENCH_KEEP    keep the realm afterwards when set (its name is printed as "kept realm NAME")

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// benchRuns is TANDEM_BENCH_RUNS: timed pairs per view, at least.
func benchRuns() int { return envInt("TANDEM_BENCH_RUNS", 15) }

// baseURL is the local Keycloak's address, as every live test finds it.
func baseURL() string { return livekc.URL() }

// benchRealm creates a throwaway realm named prefix-<random> and returns an
// admin client for it. The realm is deleted when the test ends, unless
// TANDEM_BENCH_KEEP is set: scripts/bench.sh then reads its name from the
// "kept realm" line (the Users screen is timed on it) and deletes it itself.
func benchRealm(t *testing.T, prefix string) (*keycloak.Client, string) {
	t.Helper()
	c := livekc.Admin(t, 10*time.Minute)
	realm := livekc.Name(prefix)
	if err := c.CreateRealm(context.Background(), keycloak.NewRealm{Name: realm, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("realm %s on %s (load average %s)\n", realm, baseURL(), loadAverage())
	t.Cleanup(func() {
		if os.Getenv("TANDEM_BENCH_KEEP") != "" {
			fmt.Printf("kept realm %s\n", realm)
			return
		}
		start := time.Now()
		if err := c.DeleteRealm(context.Background(), realm); err != nil {
			t.Errorf("delete realm %s: %v", realm, err)
		}
		fmt.Printf("deleted realm %s in %s\n", realm, time.Since(start).Round(time.Millisecond))
	})
	return c, realm
}

// partialImportBatches seeds n resources through Keycloak's partial import,
// TANDEM_BENCH_BATCH at a time (default 100: about 1,400 users a second;
// larger batches are slower), and prints the rate. rep(k) is resource k; key is
// the representation's field ("users", "clients").
func partialImportBatches(t *testing.T, c *keycloak.Client, realm, key string, n int, rep func(k int) map[string]any) {
	t.Helper()
	batch := envInt("TANDEM_BENCH_BATCH", 100)
	ctx := context.Background()
	start := time.Now()
	for from := 0; from < n; from += batch {
		size := min(batch, n-from)
		items := make([]map[string]any, size)
		for i := range size {
			items[i] = rep(from + i)
		}
		body, err := json.Marshal(map[string]any{"ifResourceExists": "SKIP", key: items})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.PartialImport(ctx, realm, body); err != nil {
			t.Fatalf("seed %s batch at %d: %v", key, from, err)
		}
		if done := from + size; done%(batch*50) == 0 || done == n {
			fmt.Printf("  seeded %d %s, %s\n", done, key, time.Since(start).Round(time.Second))
		}
	}
	d := time.Since(start)
	fmt.Printf("SEED %d %s in batches of %d: %s (%.0f a second)\n", n, key, batch, d.Round(time.Millisecond), float64(n)/d.Seconds())
}

// console sends the requests Keycloak's admin console sends, with its own
// admin token and Go's plain HTTP client: the baseline Tandem is held to.
type console struct {
	base    string
	mu      sync.Mutex
	token   string
	fetched time.Time
}

func newConsole() *console { return &console{base: baseURL()} }

func (r *console) bearer(ctx context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.token != "" && time.Since(r.fetched) < 30*time.Second { // admin-cli tokens live 60 s
		return r.token, nil
	}
	form := url.Values{"grant_type": {"password"}, "client_id": {"admin-cli"}, "username": {"admin"}, "password": {"admin"}}
	resp, err := outbound.PostForm(ctx, http.DefaultClient, r.base+"/realms/master/protocol/openid-connect/token", form)
	if err != nil {
		return "", fmt.Errorf("console login: %w", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("console login: status %d, %v", resp.StatusCode, err)
	}
	r.token, r.fetched = tok.AccessToken, time.Now()
	return r.token, nil
}

// list sends GET {base}/admin/realms/{realm}/{path}?query, as the console
// does for a list page, and returns how many items came back.
func (r *console) list(ctx context.Context, realm, path string, query url.Values) (int, error) {
	token, err := r.bearer(ctx)
	if err != nil {
		return 0, err
	}
	u := r.base + "/admin/realms/" + url.PathEscape(realm) + "/" + path + "?" + query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("console GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	var items []json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&items); err != nil || resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("console GET %s: status %d, %v", path, resp.StatusCode, err)
	}
	return len(items), nil
}

// timing is one view's paired measurements: Tandem[i] and Console[i] ran
// back to back, in alternating order.
type timing struct {
	Tandem, Console []time.Duration
	// Matched counts the items Tandem's calls returned, so a view whose
	// queries match nobody shows up as such.
	Matched int
}

// compare times tandem against console for one view. Pair i asks two
// queries no other call asks (k = 2i and 2i+1, swapped every other pair, so
// each side gets both kinds), and before(), a write, runs before every
// timed call so that H2 never answers from its query cache (it drops a
// table's cached results when that table is written). A cheap view (a few
// milliseconds, where one scheduling hiccup on a loaded machine moves the
// median) gets more pairs: at least runs, then more until 3 s were timed,
// at most 4×runs.
func compare(runs int, before func() error, tandem func(k int) (int, error), console func(k int) error) (timing, error) {
	var tm timing
	var spent time.Duration
	for i := 0; i < runs || (spent < 3*time.Second && i < 4*runs); i++ {
		kT, kC := 2*i, 2*i+1
		if i%2 == 1 {
			kT, kC = kC, kT
		}
		measureTandem := func() error {
			if err := before(); err != nil {
				return err
			}
			s := time.Now()
			n, err := tandem(kT)
			tm.Tandem = append(tm.Tandem, time.Since(s))
			tm.Matched += n
			return err
		}
		measureConsole := func() error {
			if err := before(); err != nil {
				return err
			}
			s := time.Now()
			err := console(kC)
			tm.Console = append(tm.Console, time.Since(s))
			return err
		}
		first, second := measureTandem, measureConsole
		if i%2 == 1 {
			first, second = second, first
		}
		if err := first(); err != nil {
			return tm, err
		}
		if err := second(); err != nil {
			return tm, err
		}
		spent += tm.Tandem[i] + tm.Console[i]
	}
	return tm, nil
}

// reportNoise times the console's request against itself, as compare times
// Tandem against it: the ratio it prints is what noise alone (the machine's
// load, H2, the order of a pair) makes of two identical requests, the
// resolution of the ratios above it.
func reportNoise(t *testing.T, label string, runs int, before func() error, console func(k int) error) {
	t.Helper()
	tm, err := compare(runs, before, func(k int) (int, error) { return 0, console(k) }, console)
	if err != nil {
		t.Fatalf("console vs itself: %v", err)
	}
	tm.report(label, "(noise: console vs itself)", 1.1)
}

// view is one screen's request under test: tandem(k) is Tandem's call for
// query k (it returns how many items came back), console(k) the request
// Keycloak's own console sends for the same query.
type view struct {
	name    string
	tandem  func(k int) (int, error)
	console func(k int) error
}

// timeViews compares every view (see compare, benchRuns pairs at least), prints a line each, then the
// noise line on the last view's console request, and returns the timings.
// With firstPage, a view whose Tandem median is over firstPageTarget says so.
func timeViews(t *testing.T, label string, before func() error, views []view, firstPage bool) []timing {
	t.Helper()
	runs := benchRuns()
	var out []timing
	for _, v := range views {
		tm, err := compare(runs, before, v.tandem, v.console)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		tm.report(label, v.name, 1.1)
		if firstPage {
			tm.reportFirstPage(label, v.name)
		}
		out = append(out, tm)
	}
	reportNoise(t, label, runs, before, views[len(views)-1].console)
	return out
}

// ratio is Tandem's median over the console's.
func (tm timing) ratio() float64 { return float64(median(tm.Tandem)) / float64(median(tm.Console)) }

// pairedRatio is the median of each pair's own ratio: the two calls of a
// pair ran under the same load, so it moves less with the machine's load
// than the ratio of the medians.
func (tm timing) pairedRatio() float64 {
	r := make([]float64, len(tm.Tandem))
	for i := range tm.Tandem {
		r[i] = float64(tm.Tandem[i]) / float64(tm.Console[i])
	}
	sort.Float64s(r)
	return r[len(r)/2]
}

// report prints one view's line: the ratio first, the medians beside, the
// pairs, what Tandem's calls matched, and the load average when it ended.
func (tm timing) report(label, name string, target float64) {
	verdict := ""
	if tm.ratio() > target {
		verdict = fmt.Sprintf("  OVER the %.1f target", target)
	}
	fmt.Printf("%s %-30s ratio %.2f (paired %.2f)  Tandem median %7.1f ms  console median %7.1f ms  %d pairs, %.1f matches a call  load %s%s\n",
		label, name, tm.ratio(), tm.pairedRatio(), ms(median(tm.Tandem)), ms(median(tm.Console)), len(tm.Tandem),
		float64(tm.Matched)/float64(len(tm.Tandem)), loadAverage(), verdict)
}

// firstPageTarget is what a first page of events or clients may take from
// the backend on the local stack: as fast as the first page of users.
const firstPageTarget = 150 * time.Millisecond

// reportFirstPage says when Tandem's median first page is over
// firstPageTarget, and whether Keycloak's own request is too.
func (tm timing) reportFirstPage(label, name string) {
	if m := median(tm.Tandem); m > firstPageTarget {
		fmt.Printf("%s %s: first page %.0f ms, OVER the %s target (the console's request: %.0f ms)\n",
			label, name, ms(m), firstPageTarget, ms(median(tm.Console)))
	}
}

func median(ts []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadAverage is the machine's 1-minute load average: other work on the same
// cores inflates every figure, so each line says how loaded it was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
