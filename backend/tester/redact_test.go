package tester

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// canaryJWT is a real-looking token nobody else could produce: a header, a
// unique set of claims and a random signature. Its claims and signature are
// what must never be found; the header is the same for every token of a
// realm and its start is kept on purpose.
func canaryJWT(t *testing.T, label string) (token string, secretParts []string) {
	t.Helper()
	seg := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	sig := make([]byte, 256)
	if _, err := rand.Read(sig); err != nil {
		t.Fatal(err)
	}
	h := seg(map[string]any{"alg": "RS256", "typ": "JWT", "kid": "canary-kid"})
	p := seg(map[string]any{"iss": "http://127.0.0.1:8180/realms/demo", "sub": "canary-" + label + "-" + base64.RawURLEncoding.EncodeToString(sig[:9]),
		"exp": time.Now().Add(time.Hour).Unix(), "preferred_username": "canary"})
	s := base64.RawURLEncoding.EncodeToString(sig)
	return h + "." + p + "." + s, []string{h + "." + p + "." + s, p, s}
}

func TestRedactHeaderValuesKeepWhatTheyWereNotTheSecret(t *testing.T) {
	jwt, _ := canaryJWT(t, "hdr")
	cases := []struct{ name, in, want string }{
		{"Authorization", "Bearer " + jwt, "Bearer " + jwt[:jwtKeep] + "…[redacted]"},
		{"authorization", "bearer opaque-token-1234", "bearer [redacted]"},
		{"Authorization", "Basic dXNlcjpjYW5hcnk=", "Basic [redacted]"},
		{"Proxy-Authorization", "Basic dXNlcjpjYW5hcnk=", "Basic [redacted]"},
		{"Cookie", "sid=s3cr3t; theme=dark", "sid=[redacted]; theme=[redacted]"},
		{"Set-Cookie", "sid=s3cr3t; Path=/; HttpOnly", "sid=[redacted]; Path=/; HttpOnly"},
		{"x_api_key", "k-123456", "[redacted]"},
		{"X-Forwarded-Token", "Bearer " + jwt, "Bearer " + jwt[:jwtKeep] + "…[redacted]"},
		{"X-Note", "token " + jwt + " here", "token " + jwt[:jwtKeep] + "…[redacted] here"},
		{"WWW-Authenticate", `Bearer realm="tandem", error="invalid_token"`, `Bearer realm="tandem", error="invalid_token"`},
		{"X-Doc", "Basic authentication is off", "Basic authentication is off"},
		{"X-User-Id", "alice", "alice"},
	}
	for _, c := range cases {
		got := redactHeaderValue(c.name, c.in)
		if got != c.want {
			t.Errorf("%s: %q → %q, want %q", c.name, c.in, got, c.want)
		}
		if again := redactHeaderValue(c.name, got); again != got {
			t.Errorf("%s: redacting twice changed %q into %q", c.name, got, again)
		}
	}
}

func TestRedactQueriesURLsAndBodies(t *testing.T) {
	jwt, parts := canaryJWT(t, "q")
	q := redactQuery("page=2&access_token=" + jwt + "&code=abc&client_secret=cs1&Password=pw1&id-token=x&refresh_token=r&state=keep")
	for _, secret := range append(parts, "abc", "cs1", "pw1", "=x", "=r&") {
		if strings.Contains(q, secret) {
			t.Errorf("query %q still holds %q", q, secret)
		}
	}
	if !strings.HasPrefix(q, "page=2&access_token=") || !strings.HasSuffix(q, "&state=keep") {
		t.Errorf("query lost what is not a secret: %q", q)
	}
	if redactQuery(q) != q {
		t.Errorf("redacting a query twice changed it: %q → %q", q, redactQuery(q))
	}

	u := redactText("http://127.0.0.1:9/cb?code=abc123&state=s1&token=" + jwt)
	if strings.Contains(u, "abc123") || strings.Contains(u, parts[1]) || !strings.Contains(u, "state=s1") {
		t.Errorf("url: %s", u)
	}

	// What the echo upstream answers: the request repeated, as JSON.
	inner, _ := json.Marshal(map[string]string{"password": "pw-in-body", "user": "alice"})
	echoed, _ := json.MarshalIndent(map[string]any{
		"headers": map[string]any{"Authorization": "Bearer " + jwt, "Cookie": "sid=cookie-val", "X-User-Id": "alice"},
		"query":   "access_token=query-val&page=1",
		"body":    string(inner),
		"list":    map[string]any{"Authorization": []any{"Bearer list-val-123456"}},
	}, "", "  ")
	b := redactBody(string(echoed))
	for _, secret := range append(parts, "cookie-val", "query-val", "pw-in-body", "list-val") {
		if strings.Contains(b, secret) {
			t.Errorf("echo body still holds %q:\n%s", secret, b)
		}
	}
	for _, kept := range []string{`"X-User-Id": "alice"`, "page=1", `\"user\":\"alice\"`, "Bearer " + jwt[:jwtKeep]} {
		if !strings.Contains(b, kept) {
			t.Errorf("echo body lost %q:\n%s", kept, b)
		}
	}
	if redactBody(b) != b {
		t.Errorf("redacting a body twice changed it")
	}
	// A body cut at the size limit is not JSON any more.
	cut := string(echoed[:len(echoed)-40])
	if rb := redactBody(cut); strings.Contains(rb, parts[2]) || strings.Contains(rb, "cookie-val") {
		t.Errorf("cut body still holds a secret:\n%s", rb)
	}
	if form := redactBody("grant_type=password&username=alice&password=pw2"); form != "grant_type=password&username=alice&password=[redacted]" {
		t.Errorf("form body: %s", form)
	}
}

func TestSavedCaseStoresTypedCredentialsRedactedAndSaysSo(t *testing.T) {
	db, pid := openStore(t)
	ctx := context.Background()
	jwt, parts := canaryJWT(t, "case")
	saved, err := SaveCase(ctx, db, pid, Case{Name: "typed token", Route: "admin", Request: Request{
		Query:   "access_token=" + jwt + "&page=2",
		Headers: []Header{{Name: "Authorization", Value: "Bearer " + jwt}, {Name: "X-Trace-Me", Value: "yes"}},
		Body:    `{"refresh_token":"` + jwt + `"}`,
	}, Identity: Identity{Kind: KindToken, Token: jwt}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"header Authorization", "query parameter access_token", "body"}
	if fmt.Sprint(saved.Redacted) != fmt.Sprint(want) {
		t.Errorf("redacted = %v, want %v", saved.Redacted, want)
	}
	if saved.Request.Headers[0].Value != "Bearer "+jwt[:jwtKeep]+"…[redacted]" || saved.Request.Headers[1].Value != "yes" {
		t.Errorf("headers saved as %+v", saved.Request.Headers)
	}
	row, _ := db.GetTesterCase(ctx, saved.ID)
	for _, p := range parts {
		if bytes.Contains(row.Case, []byte(p)) {
			t.Errorf("the token reached the database: %s", row.Case)
		}
	}
	list, _ := ListCases(ctx, db, pid, "admin")
	if len(list) != 1 || fmt.Sprint(list[0].Redacted) != fmt.Sprint(want) {
		t.Errorf("listed: %+v", list)
	}
	// A run says that the placeholder, not the token, was sent.
	tt, cfg, _ := newTestTester(t, nil)
	s := tt.RunSuite(ctx, cfg, list, map[string]string{"token:typed token": jwt})
	if len(s.Results) != 1 || !strings.Contains(strings.Join(s.Results[0].Notes, "\n"), "placeholder") {
		t.Errorf("run notes: %+v", s.Results)
	}
}

// leakyGateway stands for the real proxy on a public route: it forwards
// everything, the Authorization header included, to the echo upstream and
// records it all in the trace, as the real proxy does.
type leakyGateway struct {
	srv   *httptest.Server
	mu    sync.Mutex
	n     int
	trace map[string]proxy.Trace
}

func newLeakyGateway(t *testing.T) *leakyGateway {
	g := &leakyGateway{trace: map[string]proxy.Trace{}}
	up := echo.Handler()
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.n++
		id := fmt.Sprintf("req-%d", g.n)
		g.mu.Unlock()
		r.Header.Del(TraceKeyHeader)
		tr := proxy.Trace{Record: proxy.Record{RequestID: id, Method: r.Method, Path: r.URL.Path, Route: "health", Mode: "public", Decision: proxy.DecisionAllowed, Status: 200},
			Steps:       []proxy.Step{{Name: "forward", OK: true, Detail: "http://upstream" + r.URL.RequestURI()}},
			UpstreamURL: "http://upstream" + r.URL.RequestURI(), UpstreamHeaders: r.Header.Clone()}
		g.mu.Lock()
		g.trace[id] = tr
		g.mu.Unlock()
		w.Header().Set(RequestIDHeader, id)
		if c := r.Header.Get("Cookie"); c != "" {
			w.Header().Set("Set-Cookie", c+"; Path=/; HttpOnly")
		}
		up.ServeHTTP(w, r)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *leakyGateway) BaseURL() string             { return g.srv.URL }
func (g *leakyGateway) TraceKey() string            { return "k" }
func (g *leakyGateway) Close(context.Context) error { return nil }

// AwaitTrace needs no wait: the trace is stored before the response is
// written.
func (g *leakyGateway) AwaitTrace(_ context.Context, id string) (proxy.Trace, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	tr, ok := g.trace[id]
	return tr, ok
}

// TestCanaryTokenNeverReachesTheDatabaseOrAnExport passes unique tokens
// through every path that writes the tester's data down (save a case, run
// it, keep the suite result, export it as JSON and CSV) and then looks for
// them in the database files and the exports.
func TestCanaryTokenNeverReachesTheDatabaseOrAnExport(t *testing.T) {
	dir := t.TempDir()
	db, pid := openStoreIn(t, dir)
	ctx := context.Background()
	typed, typedParts := canaryJWT(t, "typed")
	pasted, pastedParts := canaryJWT(t, "pasted")
	const cookie, apiKey, password = "canary-cookie-5e1d0a", "canary-apikey-77c2b9", "canary-password-0f4e"
	needles := append(append(typedParts, pastedParts...), cookie, apiKey, password)

	gw := newLeakyGateway(t)
	tt := New(func(routes.Config) (RunningGateway, error) { return gw, nil }, nil)
	cfg := routes.Config{Version: 1, Issuer: "http://127.0.0.1:8180/realms/demo",
		Routes: []routes.Route{{Name: "health", Path: "/health", Upstream: "http://127.0.0.1:9", Auth: routes.AuthPublic}}}

	if _, err := SaveCase(ctx, db, pid, Case{Name: "typed", Route: "health", Request: Request{
		Path:  "/health/" + typed,
		Query: "access_token=" + typed + "&password=" + password,
		Headers: []Header{{Name: "Authorization", Value: "Bearer " + typed}, {Name: "Cookie", Value: "sid=" + cookie},
			{Name: "X-Api-Key", Value: apiKey}},
		Body: `{"client_secret":"` + password + `","id_token":"` + typed + `"}`,
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveCase(ctx, db, pid, Case{Name: "pasted", Route: "health", Identity: Identity{Kind: KindToken, Token: pasted}}); err != nil {
		t.Fatal(err)
	}
	cases, err := ListCases(ctx, db, pid, "")
	if err != nil || len(cases) != 2 || cases[1].Name != "typed" {
		t.Fatalf("cases: %+v, %v", cases, err)
	}
	// The run gets the pasted token as a secret; the typed case is also
	// handed real credentials again, as a caller other than the store
	// could, so that the echo and the trace carry them.
	cases[1].Request.Headers = append(cases[1].Request.Headers, Header{Name: "Authorization", Value: "Bearer " + typed},
		Header{Name: "Cookie", Value: "sid=" + cookie}, Header{Name: "X-Api-Key", Value: apiKey})
	cases[1].Request.Query += "&code=" + cookie
	suite := tt.RunSuite(ctx, cfg, cases, map[string]string{"token:pasted": pasted})
	if suite.Summary.Total != 2 || suite.Summary.Errored+suite.Summary.Skipped != 0 {
		t.Fatalf("suite: %+v", suite)
	}
	var echoed bool
	for _, r := range suite.Results {
		if r.Result != nil && strings.Contains(r.Result.Response.Body, `"Authorization": "Bearer eyJ`) {
			echoed = true
		}
	}
	if !echoed {
		t.Fatal("the echo never saw a bearer token: the test does not exercise the echo path")
	}
	js, err := ExportJSON(suite)
	if err != nil {
		t.Fatal(err)
	}
	csvOut, err := ExportCSV(suite)
	if err != nil {
		t.Fatal(err)
	}
	// The export redacts on its own, whatever result it is handed.
	raw := suite
	raw.Results = []CaseResult{{Case: cases[0], Error: "send with Bearer " + pasted + " failed", Result: &Result{
		Sent:     Sent{URL: "http://x/?code=" + cookie, Headers: http.Header{"Authorization": {"Bearer " + pasted}}},
		Response: Response{Body: `{"headers":{"Cookie":"sid=` + cookie + `"}}`},
		Trace:    &proxy.Trace{UpstreamHeaders: http.Header{"X-Api-Key": {apiKey}}}}}}
	rawJS, err := ExportJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"suite.json": js, "suite.csv": csvOut, "raw.json": rawJS} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	search := func(when string) {
		entries, _ := os.ReadDir(dir)
		files := 0
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files++
			for _, n := range needles {
				if bytes.Contains(b, []byte(n)) {
					t.Errorf("%s: %s holds the canary %.24s…", when, e.Name(), n)
				}
			}
		}
		if files < 4 {
			t.Errorf("%s: searched only %d files", when, files)
		}
	}
	search("while open")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	search("after close")
	if !bytes.Contains(js, []byte("Bearer "+typed[:jwtKeep]+"…[redacted]")) {
		t.Errorf("the export does not say a bearer token was there")
	}
}
