//go:build kcbench

// The user-management benchmark run by `make bench` (scripts/bench.sh keycloak_users), not a test:
// it seeds a throwaway realm with many users through Keycloak's partial import, times the first page
// of user searches through backend/keycloak, times a CSV import through the importer, prints the
// figures and deletes the realm. Needs the local Keycloak (scripts/keycloak.sh start).
//
//	TANDEM_BENCH_USERS   users to seed (default 100000)
//	TANDEM_BENCH_BATCH   users per partial import (default 2000)
//	TANDEM_BENCH_RUNS    timed runs per search (default 30)
//	TANDEM_BENCH_KEEP    keep the realm afterwards when set (its name is printed)
package userimport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
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

func TestBenchUsers(t *testing.T) {
	base := os.Getenv("TANDEM_KEYCLOAK_URL")
	if base == "" {
		base = "http://127.0.0.1:8180"
	}
	total := envInt("TANDEM_BENCH_USERS", 100_000)
	batch := envInt("TANDEM_BENCH_BATCH", 2_000)
	runs := envInt("TANDEM_BENCH_RUNS", 30)
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
			}
		}
		body, _ := json.Marshal(map[string]any{"ifResourceExists": "SKIP", "users": users})
		if _, err := c.PartialImport(ctx, realm, body); err != nil {
			t.Fatalf("seed batch at %d: %v", from, err)
		}
		if done := from + n; done%(batch*10) == 0 || done == total {
			fmt.Printf("  seeded %d users, %s\n", done, time.Since(start).Round(time.Second))
		}
	}
	seed := time.Since(start)
	fmt.Printf("SEED %d users in batches of %d: %s (%.0f users/s)\n", total, batch, seed.Round(time.Millisecond), float64(total)/seed.Seconds())

	// 2. First page of searches, through the same client the app uses (list + count in parallel).
	queries := []struct {
		name string
		q    keycloak.UserQuery
	}{
		{"no filter (first page of all users)", keycloak.UserQuery{Max: 20}},
		{`prefix search "user0421"`, keycloak.UserQuery{Search: "user0421", Max: 20}},
		{`search by name "Maria"`, keycloak.UserQuery{Search: "Maria", Max: 20}},
		{"exact email", keycloak.UserQuery{Email: fmt.Sprintf("user%06d@bench.example.com", total/2), Exact: true, Max: 20}},
		{`infix search "*042*"`, keycloak.UserQuery{Search: "*042*", Max: 20}},
		{"a page in the middle of all users", keycloak.UserQuery{First: total / 2, Max: 20}},
	}
	for _, qq := range queries {
		var times []time.Duration
		var page keycloak.Page[keycloak.User]
		_, _ = c.SearchUsers(ctx, realm, qq.q) // warm the token and caches once
		for range runs {
			s := time.Now()
			page, err = c.SearchUsers(ctx, realm, qq.q)
			if err != nil {
				t.Fatalf("search %s: %v", qq.name, err)
			}
			times = append(times, time.Since(s))
		}
		med, p95 := percentiles(times)
		verdict := "ok"
		if med > 150*time.Millisecond {
			verdict = "OVER the 150 ms target"
		}
		fmt.Printf("SEARCH %-38s median %6.1f ms  p95 %6.1f ms  (%d runs, %d of %d matches shown) %s\n",
			qq.name, ms(med), ms(p95), runs, len(page.Items), page.Total, verdict)
	}

	// 3. CSV imports of 1,000 new users through the importer, each with a group and a role; the
	// first with a temporary password per user (one password hash each in Keycloak), the second
	// without, to show what the hashing costs.
	for _, withPassword := range []bool{true, false} {
		benchImport(t, c, realm, withPassword)
	}
}

func benchImport(t *testing.T, c *keycloak.Client, realm string, withPassword bool) {
	ctx := context.Background()
	prefix, label := "csvpw", "with temporary passwords"
	if !withPassword {
		prefix, label = "csvnopw", "without passwords"
	}
	var sb strings.Builder
	sb.WriteString("username,email,first name,last name,enabled,groups,realm roles,temporary password\n")
	for i := range 1000 {
		password := ""
		if withPassword {
			password = fmt.Sprintf("Start-%04d!", i)
		}
		fmt.Fprintf(&sb, "%s%04d,%s%04d@bench.example.com,Csv,User%04d,yes,team,member,%s\n", prefix, i, prefix, i, i, password)
	}
	rows, err := Parse(strings.NewReader(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	im := New(c, realm, DefaultWorkers)
	start := time.Now()
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
	verdict := "ok"
	if apply > 30*time.Second {
		verdict = "OVER the 30 s target"
	}
	fmt.Printf("IMPORT 1000 CSV rows %s (%d workers): dry run %s (%d to create); apply %s: %d created, %d failed, %d progress callbacks %s\n",
		label, DefaultWorkers, dry.Round(time.Millisecond), plan.Creates, apply.Round(time.Millisecond), rep.Created, rep.Failed, updates, verdict)
	for _, r := range rep.Results {
		if r.Status == StatusFailed {
			fmt.Printf("  first failure: line %d: %s\n", r.Line, r.Message)
			break
		}
	}
}

var firstNames = []string{"Maria", "Jan", "Aiko", "Omar", "Lena", "Pablo", "Chen", "Ada", "Yusuf", "Ines", "Noah", "Sara"}

func percentiles(ts []time.Duration) (median, p95 time.Duration) {
	s := append([]time.Duration(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[(len(s)*95+99)/100-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
