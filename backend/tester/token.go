package tester

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tandemhq/tandem/backend/tokenclaims"
	"strings"
	"time"
)

// ErrNotJWT is returned when a string is not a three-part compact JWS.
var ErrNotJWT = errors.New("the token is not a JWT (expected three dot-separated base64url parts)")

// DecodedToken is a JWT taken apart WITHOUT verifying anything: the signature,
// issuer and expiry are shown as the token claims them, not as facts. The UI
// labels it that way; only the proxy's trace says whether the token is valid.
type DecodedToken struct {
	Header map[string]any `json:"header"`
	Claims map[string]any `json:"claims"`
	// Unverified is always true; it is in the payload so no screen can forget it.
	Unverified bool   `json:"unverified"`
	Issuer     string `json:"issuer"`
	Subject    string `json:"subject"`
	Username   string `json:"username"`
	// ExpiresAt is zero when the token has no numeric exp claim.
	ExpiresAt time.Time `json:"expiresAt" ts_type:"string"`
	IssuedAt  time.Time `json:"issuedAt" ts_type:"string"`
	// ExpiresInSeconds is negative once the token has expired; zero with no exp.
	ExpiresInSeconds int64 `json:"expiresInSeconds"`
	Expired          bool  `json:"expired"`
	// RealmRoles and ClientRoles ("client:role") as the token claims them.
	RealmRoles  []string `json:"realmRoles"`
	ClientRoles []string `json:"clientRoles"`
	// Problems are what the proxy would refuse in these claims (a date out
	// of range, roles of the wrong shape), each a sentence.
	Problems []string `json:"problems"`
}

// jwtParts splits a compact JWS into its three encoded parts.
func jwtParts(raw string) (header, payload, signature string, err error) {
	parts := strings.Split(strings.TrimSpace(raw), ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return "", "", "", ErrNotJWT
	}
	return parts[0], parts[1], parts[2], nil
}

func decodeSegment(seg string) (map[string]any, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return nil, fmt.Errorf("decode base64url: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}
	return m, nil
}

func encodeSegment(m map[string]any) (string, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Decode takes a JWT apart without verifying it. now is the clock used for
// the time-to-expiry figures.
func Decode(raw string, now time.Time) (DecodedToken, error) {
	h, p, _, err := jwtParts(raw)
	if err != nil {
		return DecodedToken{}, err
	}
	header, err := decodeSegment(h)
	if err != nil {
		return DecodedToken{}, fmt.Errorf("token header: %w", err)
	}
	claims, err := decodeSegment(p)
	if err != nil {
		return DecodedToken{}, fmt.Errorf("token claims: %w", err)
	}
	d := DecodedToken{Header: header, Claims: claims, Unverified: true, Problems: []string{}}
	d.Issuer, _ = claims["iss"].(string)
	d.Subject, _ = claims["sub"].(string)
	d.Username, _ = claims["preferred_username"].(string)
	// The same rules as the proxy's (backend/tokenclaims): what the proxy
	// would refuse is said, so the decoded view never reads a token more
	// leniently than the proxy does.
	for _, name := range []string{"exp", "nbf", "iat"} {
		if _, present, ok := tokenclaims.Date(claims, name); present && !ok {
			d.Problems = append(d.Problems, name+" is not a date between the years 1970 and 9999: the proxy refuses this token")
		}
	}
	if exp, _, ok := tokenclaims.Date(claims, "exp"); ok {
		exp = exp.UTC()
		d.ExpiresAt = exp
		d.ExpiresInSeconds = int64(exp.Sub(now) / time.Second)
		d.Expired = !now.Before(exp)
		if d.ExpiresInSeconds == 0 && d.Expired {
			d.ExpiresInSeconds = -1
		}
	}
	if iat, _, ok := tokenclaims.Date(claims, "iat"); ok {
		d.IssuedAt = iat.UTC()
	}
	var err2 error
	if d.RealmRoles, d.ClientRoles, err2 = tokenclaims.Roles(claims); err2 != nil {
		d.Problems = append(d.Problems, err2.Error()+": the proxy refuses this token")
	}
	return d, nil
}
