package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/tester"
)

// canaryToken is a real-looking JWT that exists nowhere else. It returns the
// token and its unique parts (claims and signature): the header is common
// to every token of a realm and its start is kept on purpose.
func canaryToken(t *testing.T, label string) (string, []string) {
	t.Helper()
	sig := make([]byte, 256)
	if _, err := rand.Read(sig); err != nil {
		t.Fatal(err)
	}
	seg := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	h := seg(map[string]any{"alg": "RS256", "typ": "JWT", "kid": "canary"})
	p := seg(map[string]any{"iss": "http://127.0.0.1:8180/realms/demo", "sub": "canary-" + label + "-" + base64.RawURLEncoding.EncodeToString(sig[:9]),
		"exp": time.Now().Add(time.Hour).Unix()})
	s := base64.RawURLEncoding.EncodeToString(sig)
	return h + "." + p + "." + s, []string{h + "." + p + "." + s, p, s}
}

// TestTesterCanaryTokensNeverReachTheDiskOrAnExport sends unique tokens
// through the app's own paths, with the real embedded proxy and echo
// upstream: a case saved with a token typed in its headers, query and body,
// a pasted token given for a suite run (the echo repeats it and the proxy's
// trace records it on a public route), the kept suite result and its JSON
// and CSV exports. Then it reads every byte of the database files and the
// exports looking for the tokens.
func TestTesterCanaryTokensNeverReachTheDiskOrAnExport(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TANDEM_SECRET_STORE", "file")
	db, session, err := OpenSession(context.Background(), filepath.Join(dir, "tandem.db"), &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	life := NewLifecycle()
	saver := &fakeSaver{}
	s := newTesterService(session, life, saver, db)
	defer life.Stop(context.Background())

	typed, typedParts := canaryToken(t, "typed")
	pasted, pastedParts := canaryToken(t, "pasted")
	const cookie, password = "canary-cookie-3b8e61", "canary-password-c40d"
	needles := append(append(typedParts, pastedParts...), cookie, password)

	saved, err := s.SaveCase(tester.Case{Name: "typed", Route: "public", Request: tester.Request{
		Upstream: tester.UpstreamEcho,
		Query:    "access_token=" + typed,
		Headers:  []tester.Header{{Name: "Authorization", Value: "Bearer " + typed}, {Name: "Cookie", Value: "sid=" + cookie}},
		Body:     `{"password":"` + password + `"}`,
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"header Authorization", "header Cookie", "query parameter access_token", "body"} {
		if !slices.Contains(saved.Redacted, want) {
			t.Errorf("saving did not say %q was redacted: %v", want, saved.Redacted)
		}
	}
	if _, err := s.SaveCase(tester.Case{Name: "pasted", Route: "public", Request: tester.Request{Upstream: tester.UpstreamEcho},
		Identity: tester.Identity{Kind: tester.KindToken, Token: pasted}}); err != nil {
		t.Fatal(err)
	}
	res, err := s.RunSuite("", map[string]string{"token:pasted": pasted})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Total != 2 || res.Summary.Skipped+res.Summary.Errored != 0 {
		t.Fatalf("suite: %+v", res.Summary)
	}
	// The run really carried the pasted token to the upstream: its
	// redacted form is in the echo's answer and the trace.
	var pastedRun *tester.Result
	for _, r := range res.Results {
		if r.Case.Name == "pasted" {
			pastedRun = r.Result
		}
	}
	if pastedRun == nil || pastedRun.Trace == nil || !strings.HasPrefix(pastedRun.Trace.UpstreamHeaders.Get("Authorization"), "Bearer eyJ") ||
		!strings.Contains(pastedRun.Response.Body, `"Authorization": "Bearer eyJ`) {
		t.Fatalf("the pasted token did not reach the echo: %+v", pastedRun)
	}

	for _, format := range []string{"json", "csv"} {
		saver.path = filepath.Join(dir, "suite."+format)
		if _, err := s.ExportSuite(format); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	kept, _ := json.Marshal(s.lastSuite)
	s.mu.Unlock()
	listed, _ := s.ListCases("")
	shown, _ := json.Marshal(listed)

	search := func(when string) {
		entries, _ := os.ReadDir(dir)
		if len(entries) < 4 {
			t.Errorf("%s: only %d files to search", when, len(entries))
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range needles {
				if bytes.Contains(b, []byte(n)) {
					t.Errorf("%s: %s holds a canary (%.16s…)", when, e.Name(), n)
				}
			}
		}
	}
	search("while open")
	for what, b := range map[string][]byte{"the kept suite result": kept, "the listed cases": shown} {
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				t.Errorf("%s holds a canary (%.16s…)", what, n)
			}
		}
	}
	life.Stop(context.Background())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	search("after close")
}
