package echo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEchoDescribesTheRequest(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/a%2Fb/c?x=1&y=2", strings.NewReader("hello"))
	req.Header.Add("X-User-Id", "u1")
	req.Header.Add("X-Multi", "a")
	req.Header.Add("X-Multi", "b")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got Response
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Method != "POST" || got.Path != "/a/b/c" || got.RawPath != "/a%2Fb/c" || got.Query != "x=1&y=2" || got.Body != "hello" {
		t.Errorf("unexpected echo: %+v", got)
	}
	if got.Headers["X-User-Id"] != "u1" || got.Headers["X-Multi"] != "a, b" {
		t.Errorf("headers: %v", got.Headers)
	}
}

func TestEchoTruncatesLargeBodies(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("PUT", "/", strings.NewReader(strings.Repeat("x", MaxBody+10))))
	var got Response
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !got.BodyTruncated || len(got.Body) != MaxBody {
		t.Errorf("truncated=%v len=%d", got.BodyTruncated, len(got.Body))
	}
}

// A browser gets a page naming whom the proxy said it is, else anonymous;
// header values are escaped.
func TestEchoAnswersABrowserWithAPage(t *testing.T) {
	h := Handler()
	req := httptest.NewRequest("GET", "/page?x=1", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	req.Header.Set("X-User-Name", "alice<script>")
	req.Header.Set("X-User-Id", "a-1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type %q", ct)
	}
	if !strings.Contains(body, "Signed in as <strong>alice&lt;script&gt;</strong>") || !strings.Contains(body, "a-1") ||
		!strings.Contains(body, `action="/_tandem/auth/logout?rd=%2fpage%3fx%3d1"`) {
		t.Errorf("signed-in page: %s", body)
	}
	req = httptest.NewRequest("GET", "/page", nil)
	req.Header.Set("Accept", "text/html")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), "<strong>anonymous</strong>") {
		t.Errorf("anonymous page: %s", rec.Body.String())
	}
}
