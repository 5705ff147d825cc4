// Command bench measures the Tandem proxy against a bare
// httputil.ReverseProxy (same tuned transport, same upstream) in one run:
// with one token reused (the verified-token cache answers), with a token the
// proxy has not verified on every request (fresh), and under a flood of
// distinct forged tokens naming the issuer's key id; it counts JWKS fetches
// during floods of forged and unknown-kid tokens.
//
// Everything runs on loopback: the issuer, the bare proxy and the Tandem
// proxies in this process; the upstream in a child process (this binary
// with -serve-upstream), so that each proxy's CPU per request is read apart
// from the upstream's; oauth2-proxy, with -oauth2-proxy, in its own; the
// load generator is wrk when it is installed (-t2 -c64 by default), else a
// built-in Go client. Run it through scripts/bench-proxy.sh (make bench).
//
// -rss N is another, bounded run: N distinct valid tokens (Ed25519, signed
// as they are sent, so the generator keeps none) through a proxy with the
// default token cache, printing the process's RSS and Go heap as it goes:
// the cache, not the number of tokens seen, bounds the memory.
//
// -reload N is another: -c clients send valid tokens for -d while the route
// file is reloaded N times, and any failed request fails the command
// (`go run ./backend/proxy/bench -reload 20 -d 20s`).
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/proxy/bench/benchkit"
	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/test/bearerflood"
)

func main() {
	duration := flag.Duration("d", 10*time.Second, "duration of each measured run")
	rounds := flag.Int("rounds", 2, "alternating rounds of bare and proxy runs")
	conns := flag.Int("c", 64, "concurrent connections")
	threads := flag.Int("t", 2, "wrk threads")
	floodN := flag.Int("flood", 2000, "requests per JWKS flood")
	upstreamKind := flag.String("upstream", "echo", "upstream handler: echo (Tandem's echo) or static (fixed 2-byte body)")
	useGo := flag.Bool("go-load", false, "use the built-in Go load generator even if wrk is installed")
	barePool := flag.Bool("bare-pool", false, "give the bare baseline a copy-buffer pool too (isolates the proxy's own logic)")
	only := flag.String("only", "", "profile one side: bare, tandem or fresh (tandem with fresh tokens; with -cpuprofile)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the -only run to this file")
	freshPool := flag.Int("fresh-pool", 4000, "distinct tokens of the fresh-token runs (the proxy's cache holds a quarter of them)")
	rssTokens := flag.Int("rss", 0, "instead of the comparison: send this many distinct tokens and report memory")
	reloads := flag.Int("reload", 0, "instead of the comparison: reload the route file this many times under load for -d, failing on any failed request")
	bareTransport := flag.String("bare-transport", "tuned", "transport of the bare baseline: tuned (the proxy's: 256 idle connections per host) or default (Go's: 2)")
	o2pBin := flag.String("oauth2-proxy", "", "oauth2-proxy binary: measure it too, in the same rounds (reused and fresh token)")
	serve := flag.String("serve-upstream", "", "run as the upstream of this kind (the bench starts itself so)")
	flag.Parse()
	log.SetFlags(0)
	if *serve != "" {
		serveUpstream(*serve)
		return
	}
	if *rssTokens > 0 {
		runRSS(*rssTokens, *conns)
		return
	}
	if *reloads > 0 {
		runReload(*duration, *reloads, *conns)
		return
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	benchkit.Check(err)
	idp := benchkit.StartIdP(jose.JSONWebKey{Key: &key.PublicKey, KeyID: "bench-key", Algorithm: "RS256", Use: "sig"})
	up := startUpstream(*upstreamKind)
	defer up.stop()
	target, _ := url.Parse("http://" + up.addr)

	cfg := routes.Config{Version: 1, Issuer: idp.Issuer, Audiences: []string{benchClientID}, Routes: []routes.Route{
		{Name: "bench", Path: "/api", Upstream: target.String(), Auth: routes.AuthRequired, Roles: []string{"user"}},
	}}
	sink := proxy.NewMemorySink(1000, func(proxy.Batch) {}) // as in the desktop app
	defer sink.Close()
	srv, err := proxy.New(cfg, proxy.Options{Sink: sink})
	benchkit.Check(err)
	benchkit.Check(srv.Start("127.0.0.1:0"))

	// The baseline does what a plain reverse proxy does: forward to the
	// target and say who the client was (X-Forwarded-*, which the classic
	// Director API adds by default). No tokens, no identity headers, no log.
	bare := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.SetXForwarded()
		},
		Transport: tunedTransport(),
	}
	switch *bareTransport {
	case "tuned":
	case "default":
		bare.Transport = http.DefaultTransport
	default:
		log.Fatalf("-bare-transport %q: want tuned or default", *bareTransport)
	}
	if *barePool {
		bare.BufferPool = &pool{}
	}
	bareAddr := benchkit.Serve(bare)

	token := benchkit.Sign(key, "bench-key", map[string]any{
		"iss": idp.Issuer, "aud": benchClientID, "sub": "bench-user", "exp": time.Now().Add(time.Hour).Unix(),
		"preferred_username": "bench", "email": "bench@example.com", "email_verified": true,
		"realm_access": map[string]any{"roles": []string{"user"}},
	})
	proxyURL := "http://" + srv.Addr() + "/api/items/42"
	bareURL := "http://" + bareAddr + "/api/items/42"
	mustStatus(proxyURL, token, 200)
	mustStatus(bareURL, token, 200)

	// Fresh tokens: a second proxy whose token cache holds a quarter of a
	// pool of distinct valid tokens. Each load thread walks the pool from
	// its own offset, so a token comes round again only after more
	// distinct tokens than the cache holds: every request misses it and
	// pays a full verification, as with tokens that never repeat, without
	// signing a million of them first.
	freshSrv, err := proxy.New(cfg, proxy.Options{Sink: sink, TokenCacheSize: *freshPool / 4})
	benchkit.Check(err)
	benchkit.Check(freshSrv.Start("127.0.0.1:0"))
	freshURL := "http://" + freshSrv.Addr() + "/api/items/42"
	fresh := make([]string, *freshPool)
	for i := range fresh {
		fresh[i] = benchkit.Sign(key, "bench-key", map[string]any{
			"iss": idp.Issuer, "aud": benchClientID, "sub": "bench-user-" + strconv.Itoa(i), "exp": time.Now().Add(time.Hour).Unix(),
			"preferred_username": "bench" + strconv.Itoa(i), "email": "bench@example.com", "email_verified": true,
			"realm_access": map[string]any{"roles": []string{"user"}},
		})
	}
	mustStatus(freshURL, fresh[0], 200)
	// Forged tokens: the issuer's kid, valid claims, random signatures.
	forger, err := rsa.GenerateKey(rand.Reader, 2048)
	benchkit.Check(err)
	forged := forgedTokens(benchkit.Sign(forger, "bench-key", map[string]any{"iss": idp.Issuer, "aud": benchClientID, "sub": "mallory", "exp": time.Now().Add(time.Hour).Unix()}), 4096)
	mustStatus(proxyURL, forged[0], 401)
	tmp, err := os.MkdirTemp("", "proxy-bench")
	benchkit.Check(err)
	defer os.RemoveAll(tmp)
	freshFile, forgedFile := writeLines(tmp, "fresh", fresh), writeLines(tmp, "forged", forged)

	gen := "wrk"
	if _, err := exec.LookPath("wrk"); err != nil || *useGo {
		gen = "go"
	}
	fmt.Printf("load: %s, %d connections, %d threads, %s per run, %d rounds, upstream %s, bare transport %s, bare with buffer pool: %v\n",
		gen, *conns, *threads, *duration, *rounds, *upstreamKind, *bareTransport, *barePool)
	run := func(sd *side, d time.Duration) result { return runLoad(gen, sd, up, *threads, *conns, d) }
	reused := load{token: token}
	freshLoad := load{tokensFile: freshFile, tokens: fresh, want: 200}
	if *only != "" {
		sd := &side{name: *only, url: bareURL, load: reused}
		switch *only {
		case "tandem":
			sd.url = proxyURL
		case "fresh":
			sd.url, sd.load = freshURL, freshLoad
		}
		run(sd, 2*time.Second)
		f, err := os.Create(*cpuprofile)
		benchkit.Check(err)
		benchkit.Check(pprof.StartCPUProfile(f))
		r := run(sd, *duration)
		pprof.StopCPUProfile()
		fmt.Printf("%s: %.0f req/s p99 %.2f ms\n", *only, r.rps, r.p99)
		return
	}
	// Every side gets the same kind of request, bearer token included: the
	// bare proxy forwards it unverified. Rounds alternate the sides so that
	// the load of whatever else runs on the machine hits them alike.
	sides := []*side{
		{name: "bare ReverseProxy", url: bareURL, load: reused},
		{name: "tandem, reused token", url: proxyURL, load: reused},
		{name: "tandem, fresh token", url: freshURL, load: freshLoad},
	}
	if *o2pBin != "" {
		o2p := startOAuth2Proxy(*o2pBin, idp.Issuer, target.String())
		defer o2p.stop()
		o2pURL := "http://" + o2p.addr + "/api/items/42"
		mustStatus(o2pURL, token, 200)
		mustStatus(o2pURL, forged[0], 403) // it verifies: a forged token is refused
		sides = append(sides,
			&side{name: "oauth2-proxy, reused", url: o2pURL, load: reused, process: o2p},
			&side{name: "oauth2-proxy, fresh", url: o2pURL, load: freshLoad, process: o2p})
	}
	for _, sd := range sides { // warm connection pools and the token cache
		run(sd, 2*time.Second)
	}
	for i := range *rounds {
		line := fmt.Sprintf("round %d:", i+1)
		for j, sd := range sides {
			r := run(sd, *duration)
			sd.res = append(sd.res, r)
			if j > 0 {
				line += " |"
			}
			line += fmt.Sprintf(" %s %.0f req/s %.1f+%.1f µs", sd.name, r.rps, r.cpuUS, r.upUS)
		}
		fmt.Println(line)
	}
	for _, sd := range sides {
		m := mean(sd.res)
		fmt.Printf("%-22s: %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU/req %6.1f µs proxy + %5.1f µs upstream\n",
			sd.name, m.rps, m.p50, m.p99, m.cpuUS, m.upUS)
	}
	b, p, f := mean(sides[0].res), mean(sides[1].res), mean(sides[2].res)
	fmt.Printf("throughput ratio      : reused %.3f, fresh %.3f of bare\n", p.rps/b.rps, f.rps/b.rps)
	fmt.Printf("p99 latency ratio     : reused %.3f, fresh %.3f\n", p.p99/b.p99, f.p99/b.p99)
	fmt.Printf("proxy CPU per request : reused %.3f×, fresh %.3f× bare\n", p.cpuUS/b.cpuUS, f.cpuUS/b.cpuUS)
	if len(sides) == 5 {
		or, of := mean(sides[3].res), mean(sides[4].res)
		fmt.Printf("tandem / oauth2-proxy : throughput reused %.2f×, fresh %.2f×; proxy CPU per request reused %.2f×, fresh %.2f× less\n",
			p.rps/or.rps, f.rps/of.rps, or.cpuUS/p.cpuUS, of.cpuUS/f.cpuUS)
	}

	// A flood of distinct forged tokens with the issuer's kid, at full
	// speed: each costs a signature check and a 401, none a JWKS fetch.
	before := idp.Fetches.Load()
	fl := run(&side{url: proxyURL, load: load{tokensFile: forgedFile, tokens: forged, want: 401}}, *duration)
	fmt.Printf("forged-token flood    : %8.0f req/s (%.3f of bare)  p99 %6.2f ms  %5.1f µs proxy CPU/req, all 401, JWKS fetches %d\n",
		fl.rps, fl.rps/b.rps, fl.p99, fl.cpuUS, idp.Fetches.Load()-before)

	// Floods: count JWKS fetches while forged and unknown-kid tokens pour in.
	before = idp.Fetches.Load()
	start := time.Now()
	codes := floodTokens(proxyURL, *floodN, func(i int) string {
		return benchkit.Sign(forger, "bench-key", map[string]any{"iss": idp.Issuer, "sub": "mallory", "exp": time.Now().Add(time.Hour).Unix(), "jti": i})
	})
	fmt.Printf("forged-signature flood: %d requests in %s, statuses %v, JWKS fetches %d (cooldown %s)\n",
		*floodN, time.Since(start).Round(time.Millisecond), codes, idp.Fetches.Load()-before, proxy.DefaultJWKSCooldown)
	before = idp.Fetches.Load()
	start = time.Now()
	codes = floodTokens(proxyURL, *floodN, func(i int) string {
		return benchkit.Sign(forger, "unknown-"+strconv.Itoa(i), map[string]any{"iss": idp.Issuer, "sub": "mallory", "exp": time.Now().Add(time.Hour).Unix()})
	})
	elapsed := time.Since(start)
	fmt.Printf("unknown-kid flood     : %d requests in %s, statuses %v, JWKS fetches %d (at most %d allowed: one per started cooldown)\n",
		*floodN, elapsed.Round(time.Millisecond), codes, idp.Fetches.Load()-before, int(elapsed/proxy.DefaultJWKSCooldown)+1)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
	_ = freshSrv.Shutdown(ctx)
}

// load is what each request of a run carries: one reused token, or the
// tokens of a pool in turn (tokensFile holds them, one a line, for wrk's
// script); want is the status every answer must have (0: any 2xx).
type load struct {
	token      string
	tokens     []string
	tokensFile string
	want       int
}

// side is one proxy under one kind of load, and its results by round.
type side struct {
	name string
	url  string
	load load
	// process is the proxy's own process when it does not run in this
	// one (nil: it does).
	process *child
	res     []result
}

// runLoad runs one measured load and adds the CPU spent per request by the
// proxy's process and by the upstream's: steadier than throughput on a
// machine shared with other work. The in-process proxies share this
// process with idle servers only (and with the -go-load generator, when
// it is used).
func runLoad(gen string, sd *side, up *child, threads, conns int, d time.Duration) result {
	cpu := processCPU
	if sd.process != nil {
		cpu = sd.process.cpu
	}
	cpu0, up0 := cpu(), up.cpu()
	var r result
	if gen == "wrk" {
		r = runWrk(sd.url, sd.load, threads, conns, d)
	} else {
		r = runGo(sd.url, sd.load, conns, d)
	}
	n := r.rps * d.Seconds()
	r.cpuUS = float64((cpu() - cpu0).Microseconds()) / n
	r.upUS = float64((up.cpu() - up0).Microseconds()) / n
	return r
}

// forgedTokens returns n distinct tokens with the header of model (so its
// kid), valid claims with a jti each, and random signature bytes.
func forgedTokens(model string, n int) []string {
	parts := strings.Split(model, ".")
	enc := base64.RawURLEncoding
	sigLen := len(enc.EncodeToString(make([]byte, 256)))
	claims, err := enc.DecodeString(parts[1])
	benchkit.Check(err)
	var c map[string]any
	benchkit.Check(json.Unmarshal(claims, &c))
	out := make([]string, n)
	for i := range out {
		c["jti"] = "forged-" + strconv.Itoa(i)
		p, _ := json.Marshal(c)
		sig := make([]byte, 256)
		_, _ = rand.Read(sig)
		out[i] = parts[0] + "." + enc.EncodeToString(p) + "." + enc.EncodeToString(sig)[:sigLen]
	}
	return out
}

func writeLines(dir, name string, lines []string) string {
	path := filepath.Join(dir, name)
	benchkit.Check(os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	return path
}

// wrkPoolScript sends the tokens of the file named by its first argument,
// one per request; each wrk thread starts at its own offset so that
// threads do not send the same token at the same time.
const wrkPoolScript = `
local tokens, i = {}, 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads - 1)
end
function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  i = math.floor(id * #tokens / tonumber(args[2]))
end
function request()
  i = i % #tokens + 1
  return wrk.format(nil, nil, {["Authorization"] = "Bearer " .. tokens[i]})
end
`

func upstreamHandler(kind string) http.Handler {
	if kind == "static" {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte("ok"))
		})
	}
	return echo.Handler()
}

// tunedTransport is the transport the bare baseline gets: the same tuning
// the Tandem proxy uses.
func tunedTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 1024
	t.MaxIdleConnsPerHost = 256
	t.IdleConnTimeout = 90 * time.Second
	return t
}

// pool is the copy-buffer pool of the -bare-pool baseline.
type pool struct{ p sync.Pool }

func (b *pool) Get() []byte {
	if buf, ok := b.p.Get().(*[]byte); ok {
		return *buf
	}
	return make([]byte, 32<<10)
}

func (b *pool) Put(buf []byte) { b.p.Put(&buf) }

func mustStatus(u, token string, want int) {
	req, _ := http.NewRequest("GET", u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	benchkit.Check(err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		log.Fatalf("GET %s: %d, want %d: %s", u, resp.StatusCode, want, body)
	}
}

// result is one measured load: throughput, latency percentiles, and CPU
// per request of the proxy and of the upstream.
type result struct{ rps, p50, p99, cpuUS, upUS float64 }

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mean(rs []result) result {
	var m result
	for _, r := range rs {
		m.rps += r.rps / float64(len(rs))
		m.p50 += r.p50 / float64(len(rs))
		m.p99 += r.p99 / float64(len(rs))
		m.cpuUS += r.cpuUS / float64(len(rs))
		m.upUS += r.upUS / float64(len(rs))
	}
	return m
}

var (
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkPercent  = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
)

func runWrk(u string, l load, threads, conns int, d time.Duration) result {
	args := []string{"-t" + strconv.Itoa(threads), "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency"}
	if l.token != "" {
		args = append(args, "-H", "Authorization: Bearer "+l.token)
	}
	args = append(args, u)
	if l.tokensFile != "" {
		script := filepath.Join(filepath.Dir(l.tokensFile), "pool.lua")
		benchkit.Check(os.WriteFile(script, []byte(wrkPoolScript), 0o600))
		args = append(args, "-s", script, "--", l.tokensFile, strconv.Itoa(threads))
	}
	out, err := exec.Command("wrk", args...).CombinedOutput()
	if err != nil {
		log.Fatalf("wrk: %v\n%s", err, out)
	}
	m := wrkNon2xx.FindSubmatch(out)
	switch {
	case l.want == 0 || l.want/100 == 2:
		if m != nil {
			log.Fatalf("wrk saw %s non-2xx responses:\n%s", m[1], out)
		}
	default: // every answer must be a refusal
		if n := wrkRequests.FindSubmatch(out); m == nil || n == nil || string(m[1]) != string(n[1]) {
			log.Fatalf("wrk saw answers other than %d:\n%s", l.want, out)
		}
	}
	var r result
	if m := wrkRPS.FindSubmatch(out); m != nil {
		r.rps, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	for _, m := range wrkPercent.FindAllSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(string(m[2]), 64)
		switch string(m[3]) {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		if string(m[1]) == "50" {
			r.p50 = v
		} else {
			r.p99 = v
		}
	}
	if r.rps == 0 {
		log.Fatalf("cannot read wrk output:\n%s", out)
	}
	return r
}

// runGo is the fallback load generator: conns keep-alive clients in a loop.
func runGo(u string, l load, conns int, d time.Duration) result {
	want := l.want
	if want == 0 {
		want = 200
	}
	var next atomic.Uint64
	tr := tunedTransport()
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var lat []float64
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []float64
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", u, nil)
				token := l.token
				if len(l.tokens) > 0 {
					token = l.tokens[next.Add(1)%uint64(len(l.tokens))]
				}
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					log.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					log.Fatalf("status %d, want %d", resp.StatusCode, want)
				}
				mine = append(mine, float64(time.Since(t0).Microseconds())/1000)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Float64s(lat)
	q := func(p float64) float64 { return lat[int(math.Min(float64(len(lat)-1), p*float64(len(lat))))] }
	return result{rps: float64(len(lat)) / d.Seconds(), p50: q(0.50), p99: q(0.99)}
}

// floodTokens sends n requests, 32 at a time, each with its own token.
func floodTokens(u string, n int, token func(int) string) map[int]int {
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = token(i)
	}
	codes, err := bearerflood.Statuses(u, tokens, 32)
	if err != nil {
		log.Fatal(err)
	}
	return codes
}
