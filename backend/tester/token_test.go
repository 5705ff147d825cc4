package tester

import (
	"errors"
	"slices"
	"testing"
	"time"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func aliceClaims() map[string]any {
	return map[string]any{
		"iss":                "http://127.0.0.1:8180/realms/demo",
		"sub":                "a1b2",
		"preferred_username": "alice",
		"email":              "alice@example.com",
		"exp":                float64(now.Add(5 * time.Minute).Unix()),
		"iat":                float64(now.Unix()),
		"realm_access":       map[string]any{"roles": []any{"user", "admin"}},
		"resource_access":    map[string]any{"web": map[string]any{"roles": []any{"viewer"}}},
	}
}

func TestDecodeReadsClaimsWithoutVerifying(t *testing.T) {
	tok := signToken(t, aliceClaims())
	d, err := Decode(tok, now)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Unverified {
		t.Error("a decoded token must be labelled unverified")
	}
	if d.Header["alg"] != "RS256" || d.Header["kid"] != "k1" {
		t.Errorf("header = %v", d.Header)
	}
	if d.Issuer != "http://127.0.0.1:8180/realms/demo" || d.Subject != "a1b2" || d.Username != "alice" {
		t.Errorf("iss/sub/username = %q %q %q", d.Issuer, d.Subject, d.Username)
	}
	if d.ExpiresInSeconds != 300 || d.Expired {
		t.Errorf("expires in %d s, expired %v; want 300 s, false", d.ExpiresInSeconds, d.Expired)
	}
	if !slices.Equal(d.RealmRoles, []string{"user", "admin"}) || !slices.Equal(d.ClientRoles, []string{"web:viewer"}) {
		t.Errorf("roles = %v %v", d.RealmRoles, d.ClientRoles)
	}
	// A token signed by someone else decodes all the same: decoding is not verifying.
	broken, _ := ApplyVariant(tok, VariantBadSignature, now)
	if _, err := Decode(broken, now); err != nil {
		t.Errorf("decode of a mis-signed token: %v", err)
	}
}

func TestDecodeReportsExpiry(t *testing.T) {
	c := aliceClaims()
	c["exp"] = float64(now.Add(-90 * time.Second).Unix())
	d, err := Decode(signToken(t, c), now)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Expired || d.ExpiresInSeconds != -90 {
		t.Errorf("expired %v in %d s; want true, -90", d.Expired, d.ExpiresInSeconds)
	}
	delete(c, "exp")
	d, _ = Decode(signToken(t, c), now)
	if d.Expired || !d.ExpiresAt.IsZero() {
		t.Errorf("a token without exp must not look expired: %+v", d)
	}
}

// The decoded view reads a token by the proxy's rules: a date out of range
// or roles of the wrong shape are said, not quietly read some other way.
func TestDecodeSaysWhatTheProxyWouldRefuse(t *testing.T) {
	c := aliceClaims()
	c["nbf"] = 1e19
	c["realm_access"] = map[string]any{"roles": "admin"}
	d, err := Decode(signToken(t, c), now)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"nbf is not a date between the years 1970 and 9999: the proxy refuses this token",
		"realm_access.roles is not an array of strings: the proxy refuses this token",
	}
	if !slices.Equal(d.Problems, want) || len(d.RealmRoles) != 0 {
		t.Errorf("problems %q, realm roles %v", d.Problems, d.RealmRoles)
	}
	if d, _ := Decode(signToken(t, aliceClaims()), now); len(d.Problems) != 0 {
		t.Errorf("a sound token has problems: %q", d.Problems)
	}
}

func TestDecodeRejectsWhatIsNotAJWT(t *testing.T) {
	for _, s := range []string{"", "abc", "a.b", "a.b.c.d", "!!!.e30.x", "e30.!!!.x", "bm90IGpzb24.e30.x"} {
		if _, err := Decode(s, now); err == nil {
			t.Errorf("Decode(%q) succeeded", s)
		}
	}
	if _, err := Decode("a.b", now); !errors.Is(err, ErrNotJWT) {
		t.Errorf("two parts: %v, want ErrNotJWT", err)
	}
}

func TestVariantsNeverVerify(t *testing.T) {
	tok := signToken(t, aliceClaims())
	if !verifies(t, tok) {
		t.Fatal("the test token itself does not verify")
	}
	for _, v := range []Variant{VariantBadSignature, VariantForeignIssuer, VariantExpired, VariantAlgNone} {
		got, err := ApplyVariant(tok, v, now)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if got == tok {
			t.Errorf("%s: token unchanged", v)
		}
		if verifies(t, got) {
			t.Errorf("%s: the damaged token still verifies", v)
		}
		if _, err := Decode(got, now); err != nil {
			t.Errorf("%s: the damaged token no longer decodes: %v", v, err)
		}
	}
}

func TestVariantBadSignatureKeepsHeaderAndClaims(t *testing.T) {
	tok := signToken(t, aliceClaims())
	got, _ := ApplyVariant(tok, VariantBadSignature, now)
	h1, p1, s1, _ := jwtParts(tok)
	h2, p2, s2, _ := jwtParts(got)
	if h1 != h2 || p1 != p2 {
		t.Error("bad-signature changed the header or the claims")
	}
	if len(s1) != len(s2) || s1 == s2 {
		t.Errorf("signature should change but keep its length: %d → %d", len(s1), len(s2))
	}
}

func TestVariantForeignIssuerPointsAtAnotherRealm(t *testing.T) {
	got, _ := ApplyVariant(signToken(t, aliceClaims()), VariantForeignIssuer, now)
	d, _ := Decode(got, now)
	if d.Issuer != "http://127.0.0.1:8180/realms/master" {
		t.Errorf("iss = %q", d.Issuer)
	}
	c := aliceClaims()
	c["iss"] = "http://kc/realms/master"
	got, _ = ApplyVariant(signToken(t, c), VariantForeignIssuer, now)
	if d, _ := Decode(got, now); d.Issuer != "http://kc/realms/demo" {
		t.Errorf("a master token should move to demo, got %q", d.Issuer)
	}
	c["iss"] = "https://login.example.com/"
	got, _ = ApplyVariant(signToken(t, c), VariantForeignIssuer, now)
	if d, _ := Decode(got, now); d.Issuer == "https://login.example.com/" || d.Issuer == "" {
		t.Errorf("a non-Keycloak issuer must still change, got %q", d.Issuer)
	}
}

func TestVariantExpiredIsInThePast(t *testing.T) {
	got, _ := ApplyVariant(signToken(t, aliceClaims()), VariantExpired, now)
	d, _ := Decode(got, now)
	if !d.Expired || d.ExpiresInSeconds != -600 {
		t.Errorf("expired %v, in %d s", d.Expired, d.ExpiresInSeconds)
	}
	if d.Subject != "a1b2" {
		t.Error("expired variant lost the other claims")
	}
}

func TestVariantAlgNoneHasNoSignature(t *testing.T) {
	got, _ := ApplyVariant(signToken(t, aliceClaims()), VariantAlgNone, now)
	h, _, s, err := jwtParts(got)
	if err != nil {
		t.Fatal(err)
	}
	hd, _ := decodeSegment(h)
	if hd["alg"] != "none" || s != "" {
		t.Errorf("header %v, signature %q", hd, s)
	}
	if _, ok := hd["kid"]; ok {
		t.Error("kid kept on an unsigned token")
	}
}

func TestUnknownVariantIsAnError(t *testing.T) {
	if _, err := ApplyVariant(signToken(t, aliceClaims()), Variant("melted"), now); err == nil {
		t.Error("unknown variant accepted")
	}
}
