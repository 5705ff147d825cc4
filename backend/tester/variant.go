package tester

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// Variant is a deliberate damage done to a real token, to see the proxy
// refuse it. None of them can be re-signed (the tester never holds the
// realm's private key), so each is honest about what it really is.
type Variant string

const (
	VariantNone Variant = ""
	// VariantBadSignature flips bits in the signature; header and claims are
	// untouched, so only the signature check can catch it.
	VariantBadSignature Variant = "bad-signature"
	// VariantForeignIssuer rewrites "iss" to another realm of the same
	// Keycloak and keeps the original signature, which therefore no longer
	// matches. A proxy rejects it for the issuer or for the signature,
	// whichever it checks first. For a correctly signed token from another
	// realm, use a password identity with another realm instead.
	VariantForeignIssuer Variant = "foreign-issuer"
	// VariantExpired rewrites "exp" (and "iat"/"nbf") into the past and keeps
	// the original signature: an expired-looking token that is also
	// mis-signed. A genuinely expired token is a pasted one whose exp passed.
	VariantExpired Variant = "expired"
	// VariantAlgNone sets the header's alg to "none" and drops the signature:
	// the classic downgrade a verifier must never accept.
	VariantAlgNone Variant = "alg-none"
)

// Variants lists every variant with a sentence for the identity picker.
var Variants = []VariantInfo{
	{VariantBadSignature, "Signature broken", "The real token with bytes of its signature flipped; claims untouched."},
	{VariantForeignIssuer, "Issuer of another realm", "The real token with iss rewritten to another realm; the original signature no longer matches, so it is both foreign and mis-signed."},
	{VariantExpired, "Expired-looking", "The real token with exp set 10 minutes in the past; the original signature no longer matches."},
	{VariantAlgNone, "alg: none", "The real claims with an unsigned header (alg none) and an empty signature."},
}

// VariantInfo describes a variant for the UI.
type VariantInfo struct {
	ID          Variant `json:"id"`
	Label       string  `json:"label"`
	Description string  `json:"description"`
}

// ApplyVariant returns the damaged token. now sets the past for VariantExpired.
func ApplyVariant(raw string, v Variant, now time.Time) (string, error) {
	if v == VariantNone {
		return raw, nil // even a pasted non-JWT is sent as it is
	}
	h, p, s, err := jwtParts(raw)
	if err != nil {
		return "", err
	}
	switch v {
	case VariantBadSignature:
		return h + "." + p + "." + flipSignature(s), nil
	case VariantForeignIssuer:
		return rewriteSegment([]string{h, p, s}, claimsPart, func(claims map[string]any) {
			iss, _ := claims["iss"].(string)
			claims["iss"] = foreignIssuer(iss)
		})
	case VariantExpired:
		return rewriteSegment([]string{h, p, s}, claimsPart, func(claims map[string]any) {
			past := now.Add(-10 * time.Minute).Unix()
			claims["exp"] = past
			claims["iat"] = past - 300
			if _, ok := claims["nbf"]; ok {
				claims["nbf"] = past - 300
			}
		})
	case VariantAlgNone:
		// The signature goes too: an unsigned token has an empty one.
		return rewriteSegment([]string{h, p, ""}, headerPart, func(header map[string]any) {
			header["alg"] = "none"
			delete(header, "kid")
		})
	}
	return "", fmt.Errorf("unknown token variant %q", v)
}

// The JSON parts of a token, by their place in it.
const (
	headerPart = 0
	claimsPart = 1
)

// rewriteSegment decodes the JSON part i of a token's parts, lets edit change
// it and returns the token with that part encoded again (parts[i] is
// overwritten). The other parts stay as given: the original signature no
// longer matches, which is the damage.
func rewriteSegment(parts []string, i int, edit func(map[string]any)) (string, error) {
	what := "token claims"
	if i == headerPart {
		what = "token header"
	}
	m, err := decodeSegment(parts[i])
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	edit(m)
	enc, err := encodeSegment(m)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	parts[i] = enc
	return strings.Join(parts, "."), nil
}

// flipSignature inverts the bits of the middle bytes of the signature, so the
// result is still valid base64url of the same length but can never verify.
func flipSignature(sig string) string {
	b, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(b) == 0 {
		// Not decodable: replace it wholesale with something that is.
		return base64.RawURLEncoding.EncodeToString([]byte("not-a-signature"))
	}
	mid := len(b) / 2
	for i := mid; i < mid+8 && i < len(b); i++ {
		b[i] ^= 0xFF
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// foreignIssuer points a Keycloak issuer at another realm of the same server
// ("master", or "demo" when the token already comes from master).
func foreignIssuer(iss string) string {
	if base, realm, ok := keycloak.SplitIssuer(iss); ok {
		other := "master"
		if realm == "master" {
			other = "demo"
		}
		return keycloak.IssuerURL(base, other)
	}
	return strings.TrimRight(iss, "/") + "-elsewhere"
}
