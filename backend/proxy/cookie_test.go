package proxy

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func testSealer(t testing.TB, keys ...[]byte) *cookieSealer {
	t.Helper()
	s, err := newCookieSealer(keys)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The first key seals, every key opens; a value sealed for one cookie
// never opens as another, and a tampered value never opens.
func TestCookieSealer(t *testing.T) {
	old, cur := testCookieKey(1), testCookieKey(2)
	before := testSealer(t, old)
	v, err := before.seal("tandem_session", []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	rotated := testSealer(t, cur, old)
	if got, ok := rotated.open("tandem_session", v); !ok || string(got) != "hello" {
		t.Fatalf("old key second: %q %v", got, ok)
	}
	if _, ok := testSealer(t, cur).open("tandem_session", v); ok {
		t.Error("opened without its key")
	}
	if _, ok := before.open("tandem_session_flow", v); ok {
		t.Error("a session value opened as the flow cookie")
	}
	nv, _ := rotated.seal("tandem_session", []byte("x"))
	if _, ok := before.open("tandem_session", nv); ok {
		t.Error("new cookies must be sealed with the first key")
	}
	for _, bad := range []string{"", v[:len(v)-1], v + "A", v[:10] + "\n" + v[10:], v[:10] + "\r" + v[10:], strings.Replace(v, v[5:6], flip(v[5]), 1), "AQ", v + "="} {
		if _, ok := before.open("tandem_session", bad); ok {
			t.Errorf("opened %q", bad)
		}
	}
	if _, err := newCookieSealer([][]byte{make([]byte, 16)}); err == nil {
		t.Error("a 16-byte key was accepted")
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

func TestParseCookieKeys(t *testing.T) {
	k1, _ := NewCookieKey()
	k2, _ := NewCookieKey()
	keys, err := ParseCookieKeys("\n" + k1 + "\r\n" + k2 + "\n\n")
	if err != nil || len(keys) != 2 || len(keys[0]) != CookieKeySize {
		t.Fatalf("keys %d, err %v", len(keys), err)
	}
	for _, bad := range []string{"", "\n", "not base64!", "AAAA"} {
		if _, err := ParseCookieKeys(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// Naming a secret file and setting its variable is a problem; a missing
// cookie key is one; both are listed at once.
func TestResolveLoginSecrets(t *testing.T) {
	cfg := loginConfig("http://idp.example/realms/demo", "http://up.example")
	cfg.Login.ClientSecretFile = "/nonexistent/secret"
	env := map[string]string{EnvLoginClientSecret: "s"}
	_, err := ResolveLoginSecrets(cfg, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "login.client_secret_file") || !strings.Contains(err.Error(), "login.cookie_keys_file: required") {
		t.Fatalf("err = %v", err)
	}
	key, _ := NewCookieKey()
	cfg.Login.ClientSecretFile = ""
	env[EnvCookieKeys] = key
	sec, err := ResolveLoginSecrets(cfg, func(k string) string { return env[k] })
	if err != nil || sec.ClientSecret != "s" || len(sec.CookieKeys) != 1 {
		t.Fatalf("sec = %+v, err = %v", sec, err)
	}
}

// Large values are split into chunks each within 4,000 bytes with its
// name, read back joined, and a smaller value clears the chunks it no
// longer needs.
func TestCookieChunks(t *testing.T) {
	value := strings.Repeat("v", 9000)
	names, values := splitCookie("tandem_session", value)
	if len(names) != 3 || names[0] != "tandem_session_0" || names[2] != "tandem_session_2" {
		t.Fatalf("names = %v", names)
	}
	for i := range names {
		if len(names[i])+len(values[i]) > maxCookieBytes {
			t.Errorf("chunk %d is %d bytes", i, len(names[i])+len(values[i]))
		}
	}
	if n, _ := splitCookie("tandem_session", "small"); len(n) != 1 || n[0] != "tandem_session" {
		t.Errorf("small value: %v", n)
	}
	r := httptest.NewRequest("GET", "/", nil)
	for i := range names {
		r.AddCookie(&http.Cookie{Name: names[i], Value: values[i]})
	}
	r.AddCookie(&http.Cookie{Name: "tandem_session_x", Value: "not a chunk"})
	if got, ok := readCookie(r, "tandem_session"); !ok || got != value {
		t.Fatalf("read back %d bytes, ok %v", len(got), ok)
	}
	h := http.Header{}
	setCookie(h, r, cookieAttrs{}, "tandem_session", "small")
	set, expired := setCookies(h)
	if set["tandem_session"] == "" || len(expired) != 3 || expired["tandem_session_2"] == "" || expired["tandem_session_x"] != "" {
		t.Errorf("set %v expired %v", set, expired)
	}
	if !strings.Contains(set["tandem_session"], "HttpOnly") || !strings.Contains(set["tandem_session"], "SameSite=Lax") ||
		!strings.Contains(set["tandem_session"], "Path=/") || strings.Contains(set["tandem_session"], "Secure") {
		t.Errorf("attributes: %s", set["tandem_session"])
	}
	// A gap in the chunks is no value.
	gap := httptest.NewRequest("GET", "/", nil)
	gap.AddCookie(&http.Cookie{Name: "tandem_session_0", Value: "a"})
	gap.AddCookie(&http.Cookie{Name: "tandem_session_2", Value: "c"})
	if _, ok := readCookie(gap, "tandem_session"); ok {
		t.Error("chunks with a gap were read")
	}
}

func TestStripCookies(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header["Cookie"] = []string{"a=1; tandem_session_0=x; tandem_session_1=y", "tandem_session_flow=z", "b=2;tandem_session=q"}
	owned := func(n string) bool {
		return n == "tandem_session" || n == "tandem_session_flow" || strings.HasPrefix(n, "tandem_session_")
	}
	stripCookies(r, owned)
	if got := strings.Join(r.Header["Cookie"], " | "); got != "a=1 | b=2" {
		t.Errorf("Cookie = %q", got)
	}
}

// FuzzCookieOpen: the opener never panics, and accepts nothing it did not
// seal itself.
func FuzzCookieOpen(f *testing.F) {
	s := testSealer(f, testCookieKey(7))
	// Repeatable nonces: every fuzz worker seals the same values.
	s.random = strings.NewReader(strings.Repeat("0123456789ab", 3))
	sealed := map[string]string{}
	for _, plain := range []string{"", "x", `{"i":"a","a":"b","e":1}`} {
		v, err := s.seal("tandem_session", []byte(plain))
		if err != nil {
			f.Fatal(err)
		}
		sealed[v] = plain
		f.Add(v)
		f.Add(v[:len(v)-2])
	}
	f.Add("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, value string) {
		plain, ok := s.open("tandem_session", value)
		if !ok {
			return
		}
		want, ours := sealed[value]
		if !ours || string(plain) != want {
			t.Fatalf("opened a value it did not seal: %q", value)
		}
	})
}
