//go:build kcbench

// The user-management benchmark run by `make bench` (scripts/bench.sh keycloak_users), not a test.
// It seeds a throwaway realm through Keycloak's partial import in batches, then measures each Users
// view through backend/keycloak against the raw list call Keycloak's own console sends, and the CSV
// import against Keycloak's own partial import of the same users, all in the same run, and prints
// ratios. H2 answers a repeated identical query from its cache, so every timed call asks a query no
// earlier call asked, and one user is written before each call so no cached result survives.
//
//	TANDEM_BENCH_USERS   users to seed (default 20000; 100000 takes about 2 minutes more)
//	TANDEM_BENCH_BATCH   users per partial import when seeding (default 100)
//	TANDEM_BENCH_RUNS    timed runs per view and side (default 15)
//	TANDEM_BENCH_KEEP    keep the realm afterwards when set (its name is printed)
package userimport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

var (
	firstNames = []string{"Maria", "Jan", "Aiko", "Omar", "Lena", "Pablo", "Chen", "Ada", "Yusuf", "Ines", "Noah", "Sara"}
	depts      = []string{"engineering", "sales", "support", "finance", "legal", "research", "marketing", "hr"}
)

func TestBenchUsers(t *testing.T) {
	base := os.Getenv("TANDEM_KEYCLOAK_URL")
	if base == "" {
		base = "http://127.0.0.1:8180"
	}
	total := envInt("TANDEM_BENCH_USERS", 20_000)
	batch := envInt("TANDEM_BENCH_BATCH", 100)
	runs := envInt("TANDEM_BENCH_RUNS", 15)
	c, err := keycloak.New(keycloak.Config{BaseURL: base, Username: "admin", Password: "admin", Timeout: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	realm := "tandem-bench-" + hex.EncodeToString(b)
	if err := c.CreateRealm(ctx, keycloak.NewRealm{Name: realm, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("realm %s on %s\n", realm, base)
	defer func() {
		if os.Getenv("TANDEM_BENCH_KEEP") != "" {
			fmt.Printf("kept realm %s\n", realm)
			return
		}
		start := time.Now()
		if err := c.DeleteRealm(context.Background(), realm); err != nil {
			t.Errorf("delete realm %s: %v", realm, err)
		}
		fmt.Printf("deleted realm %s in %s\n", realm, time.Since(start).Round(time.Millisecond))
	}()
	// Attribute queries need the attributes kept: let the user profile store undeclared ones.
	r, err := c.GetRealm(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	r.Settings.UnmanagedAttributes = keycloak.UnmanagedAdminEdit
	if err := c.UpdateRealmSettings(ctx, realm, r.Settings); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PartialImport(ctx, realm, []byte(`{"ifResourceExists":"SKIP","roles":{"realm":[{"name":"member"}]},"groups":[{"name":"team","path":"/team"}]}`)); err != nil {
		t.Fatal(err)
	}

	// 1. Seed.
	start := time.Now()
	for from := 0; from < total; from += batch {
		n := min(batch, total-from)
		users := make([]map[string]any, n)
		for i := range n {
			k := from + i
			users[i] = map[string]any{
				"username": fmt.Sprintf("user%06d", k), "email": fmt.Sprintf("user%06d@bench.example.com", k),
				"firstName": firstNames[k%len(firstNames)], "lastName": fmt.Sprintf("Last%05d", k/7),
				"enabled": true, "emailVerified": k%3 != 0,
				"attributes": map[string][]string{"dept": {depts[k%len(depts)]}},
			}
		}
		body, _ := json.Marshal(map[string]any{"ifResourceExists": "SKIP", "users": users})
		if _, err := c.PartialImport(ctx, realm, body); err != nil {
			t.Fatalf("seed batch at %d: %v", from, err)
		}
		if done := from + n; done%(batch*50) == 0 || done == total {
			fmt.Printf("  seeded %d users, %s\n", done, time.Since(start).Round(time.Second))
		}
	}
	seed := time.Since(start)
	fmt.Printf("SEED %d users in batches of %d: %s (%.0f users/s)\n", total, batch, seed.Round(time.Millisecond), float64(total)/seed.Seconds())

	raw := &rawConsole{base: base}
	benchViews(t, c, raw, realm, total, runs)
	for _, withPassword := range []bool{true, false} {
		benchImport(t, c, realm, withPassword)
	}
}

// view is one Users view: query(k) must give a query no other k gives.
type view struct {
	name  string
	query func(k int) keycloak.UserQuery
}

// benchViews times, for each view, the one request Tandem's Users screen waits for (the page,
// through backend/keycloak) against the request Keycloak's own console sends for the same view
// (GET …/users with briefRepresentation, max one more than the page), alternating which goes first.
// The count, which Tandem asks once per filter after the rows show, is timed apart.
func benchViews(t *testing.T, c *keycloak.Client, raw *rawConsole, realm string, total, runs int) {
	ctx := context.Background()
	prefixes := max(total/100, 1) // user0000… to user{total/100-1}…: 100 users each
	views := []view{
		{"first page, no filter", func(k int) keycloak.UserQuery { return keycloak.UserQuery{Max: 20} }},
		{"a page in the middle", func(k int) keycloak.UserQuery {
			return keycloak.UserQuery{First: total/2 + 20*k, Max: 20}
		}},
		{"prefix search user0NNN", func(k int) keycloak.UserQuery {
			return keycloak.UserQuery{Search: fmt.Sprintf("user%04d", (k*37+11)%prefixes), Max: 20}
		}},
		{"name search (first name)", func(k int) keycloak.UserQuery {
			return keycloak.UserQuery{Search: firstNames[k%len(firstNames)][:2+k/len(firstNames)%2], Max: 20}
		}},
		{"infix search *NNN*", func(k int) keycloak.UserQuery {
			return keycloak.UserQuery{Search: fmt.Sprintf("*%03d*", (k*53+7)%1000), Max: 20}
		}},
		{"last name + attribute dept", func(k int) keycloak.UserQuery {
			// Last names are Last00000 to Last{total/7}: "LastNNN" matches 100 of them, all seeded.
			lastNames := max(total/700, 1)
			return keycloak.UserQuery{LastName: fmt.Sprintf("Last%03d%d", (k/10)%lastNames, k%10), Attributes: "dept:" + depts[k%len(depts)], Max: 20}
		}},
		{"exact email", func(k int) keycloak.UserQuery {
			return keycloak.UserQuery{Email: fmt.Sprintf("user%06d@bench.example.com", (k*7919)%total), Exact: true, Max: 20}
		}},
	}
	churn := 0
	write := func() { // one user written: H2 drops its cached results for the users table
		churn++
		if _, err := c.CreateUser(ctx, realm, keycloak.UserInput{Username: fmt.Sprintf("churn%06d", churn), Enabled: true}); err != nil {
			t.Fatalf("churn write: %v", err)
		}
	}
	_, _ = c.ListUsers(ctx, realm, keycloak.UserQuery{}) // log in once, outside the timings
	fmt.Printf("VIEWS %d runs each; Tandem = the page request the Users screen waits for; console = Keycloak console's own list request\n", runs)
	worst := 0.0
	for _, v := range views {
		var tandem, console, count []time.Duration
		for run := range runs {
			kT, kC := 2*run, 2*run+1
			if run%2 == 1 {
				kT, kC = kC, kT
			}
			measureTandem := func() {
				write()
				s := time.Now()
				if _, err := c.ListUsers(ctx, realm, v.query(kT)); err != nil {
					t.Fatalf("%s: %v", v.name, err)
				}
				tandem = append(tandem, time.Since(s))
			}
			measureConsole := func() {
				write()
				s := time.Now()
				if err := raw.list(ctx, realm, v.query(kC)); err != nil {
					t.Fatalf("%s (console): %v", v.name, err)
				}
				console = append(console, time.Since(s))
			}
			if run%2 == 0 {
				measureTandem()
				measureConsole()
			} else {
				measureConsole()
				measureTandem()
			}
			write()
			s := time.Now()
			if _, err := c.CountUsers(ctx, realm, v.query(kT)); err != nil {
				t.Fatalf("%s count: %v", v.name, err)
			}
			count = append(count, time.Since(s))
		}
		ratio := float64(median(tandem)) / float64(median(console))
		worst = max(worst, ratio)
		fmt.Printf("VIEW %-30s Tandem median %7.1f ms  console median %7.1f ms  ratio %.2f  (count, once per filter: median %7.1f ms)\n",
			v.name, ms(median(tandem)), ms(median(console)), ratio, ms(median(count)))
	}
	verdict := "ok"
	if worst > 1.1 {
		verdict = "OVER the 1.1 target"
	}
	fmt.Printf("VIEWS worst ratio %.2f %s\n", worst, verdict)
}

// benchImport imports 1,000 users with a group and a role (and, withPassword, a temporary
// password each) twice in the same run: from CSV through the importer (dry run, then apply), and
// as Keycloak's own partial import of the same users in one request (what its console does with a
// file), the baseline.
func benchImport(t *testing.T, c *keycloak.Client, realm string, withPassword bool) {
	ctx := context.Background()
	label, tag := "with temporary passwords", "pw"
	if !withPassword {
		label, tag = "without passwords", "nopw"
	}
	const n = 1000
	users := make([]map[string]any, n)
	var sb strings.Builder
	sb.WriteString("username,email,first name,last name,enabled,groups,realm roles,temporary password\n")
	for i := range n {
		password := ""
		if withPassword {
			password = fmt.Sprintf("Start-%04d!", i)
		}
		fmt.Fprintf(&sb, "csv%s%04d,csv%s%04d@bench.example.com,Csv,User%04d,yes,team,member,%s\n", tag, i, tag, i, i, password)
		u := map[string]any{
			"username": fmt.Sprintf("kc%s%04d", tag, i), "email": fmt.Sprintf("kc%s%04d@bench.example.com", tag, i),
			"firstName": "Kc", "lastName": fmt.Sprintf("User%04d", i), "enabled": true,
			"groups": []string{"/team"}, "realmRoles": []string{"member", "default-roles-" + realm},
		}
		if withPassword {
			u["credentials"] = []map[string]any{{"type": "password", "value": password, "temporary": true}}
			u["requiredActions"] = []string{"UPDATE_PASSWORD"}
		}
		users[i] = u
	}
	body, _ := json.Marshal(map[string]any{"ifResourceExists": "FAIL", "users": users})
	start := time.Now()
	if _, err := c.PartialImport(ctx, realm, body); err != nil {
		t.Fatalf("baseline partial import: %v", err)
	}
	baseline := time.Since(start)

	rows, err := Parse(strings.NewReader(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	im := New(c, realm, DefaultWorkers)
	start = time.Now()
	plan, err := im.DryRun(ctx, rows)
	if err != nil {
		t.Fatal(err)
	}
	dry := time.Since(start)
	start = time.Now()
	updates := 0
	rep, err := im.Apply(ctx, rows, func(Progress) { updates++ })
	if err != nil {
		t.Fatal(err)
	}
	apply := time.Since(start)
	ratio := apply.Seconds() / baseline.Seconds()
	verdict := "ok"
	if ratio > 1.2 {
		verdict = "OVER the 1.2 target"
	}
	estimate := ""
	if plan.Hashing != nil {
		estimate = fmt.Sprintf("; hashing forecast %.1f s", plan.Hashing.Seconds)
	}
	fmt.Printf("IMPORT 1000 users %s: Keycloak partial import (one request) %s; Tandem apply %s (dry run %s, %d to create%s): ratio %.2f %s; %d created, %d failed, %d progress callbacks\n",
		label, baseline.Round(time.Millisecond), apply.Round(time.Millisecond), dry.Round(time.Millisecond), plan.Creates, estimate,
		ratio, verdict, rep.Created, rep.Failed, updates)
	for _, r := range rep.Results {
		if r.Status == StatusFailed {
			fmt.Printf("  first failure: line %d: %s\n", r.Line, r.Message)
			break
		}
	}
}

// rawConsole sends the list request Keycloak's admin console sends, with its own admin token.
type rawConsole struct {
	base    string
	mu      sync.Mutex
	token   string
	fetched time.Time
}

func (r *rawConsole) bearer(ctx context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.token != "" && time.Since(r.fetched) < 30*time.Second { // admin-cli tokens live 60 s
		return r.token, nil
	}
	form := url.Values{"grant_type": {"password"}, "client_id": {"admin-cli"}, "username": {"admin"}, "password": {"admin"}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.base+"/realms/master/protocol/openid-connect/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
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

// list is the console's users page: briefRepresentation, first, max = page + 1 (to know whether a
// next page exists), and the filters as query parameters; no count.
func (r *rawConsole) list(ctx context.Context, realm string, q keycloak.UserQuery) error {
	token, err := r.bearer(ctx)
	if err != nil {
		return err
	}
	v := url.Values{"briefRepresentation": {"true"}, "first": {strconv.Itoa(q.First)}, "max": {strconv.Itoa(q.Max + 1)}}
	for k, val := range map[string]string{"search": q.Search, "username": q.Username, "email": q.Email, "firstName": q.FirstName, "lastName": q.LastName, "q": q.Attributes} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if q.Exact {
		v.Set("exact", "true")
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/admin/realms/"+url.PathEscape(realm)+"/users?"+v.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var users []json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&users); err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d, %v", resp.StatusCode, err)
	}
	return nil
}

func median(ts []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
