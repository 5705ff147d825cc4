package routes

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func decodeClaims(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestClaimPathLookupAndFormat(t *testing.T) {
	claims := decodeClaims(t, `{
		"sub": "u-1", "exp": 1700000000, "ratio": 0.5, "email_verified": true,
		"realm_access": {"roles": ["user", "admin"]},
		"resource_access": {"web": {"roles": ["editor"]}},
		"empty": [], "nothing": null, "obj": {"a": 1}
	}`)
	cases := []struct {
		path, want string
		present    bool
	}{
		{"sub", "u-1", true},
		{"exp", "1700000000", true},
		{"ratio", "0.5", true},
		{"email_verified", "true", true},
		{"realm_access.roles", "user,admin", true},
		{"resource_access.web.roles", "editor", true},
		{"resource_access.api.roles", "", false},
		{"sub.x", "", false},
		{"missing", "", false},
		{"empty", "", false},
		{"nothing", "", false},
		{"obj", `{"a":1}`, true},
	}
	for _, c := range cases {
		p, err := ParseClaimPath(c.path)
		if err != nil {
			t.Fatalf("ParseClaimPath(%q): %v", c.path, err)
		}
		v, ok := p.Lookup(claims)
		got := ""
		if ok {
			got, ok = FormatClaim(v)
		}
		if ok != c.present || got != c.want {
			t.Errorf("%s: got %q (%v), want %q (%v)", c.path, got, ok, c.want, c.present)
		}
	}
	for _, bad := range []string{"", ".", "a..b", ".a", "a.", " sub"} {
		if _, err := ParseClaimPath(bad); err == nil {
			t.Errorf("ParseClaimPath(%q) accepted", bad)
		}
	}
}

func FuzzClaimPath(f *testing.F) {
	f.Add("realm_access.roles", `{"realm_access":{"roles":["a","b"]}}`)
	f.Add("a.b.c", `{"a":{"b":{"c":1.5e3}}}`)
	f.Add("x", `{"x":[1,[2,3],{"k":"v"}]}`)
	f.Fuzz(func(t *testing.T, path, doc string) {
		p, err := ParseClaimPath(path)
		if err != nil {
			return
		}
		if p.String() != path {
			t.Fatalf("ParseClaimPath(%q).String() = %q", path, p.String())
		}
		for _, seg := range p {
			if seg == "" || strings.Contains(seg, ".") {
				t.Fatalf("ParseClaimPath(%q) has segment %q", path, seg)
			}
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
		dec.UseNumber()
		var claims map[string]any
		if dec.Decode(&claims) != nil {
			return
		}
		v, ok := p.Lookup(claims)
		if !ok {
			return
		}
		s, ok := FormatClaim(v)
		if ok && strings.ContainsAny(s, "\r\n") && !strings.ContainsAny(doc, "\\") {
			t.Fatalf("value %q has a line break the document did not contain", s)
		}
	})
}
