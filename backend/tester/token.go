package tester

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	ExpiresAt time.Time `json:"expiresAt"`
	IssuedAt  time.Time `json:"issuedAt"`
	// ExpiresInSeconds is negative once the token has expired; zero with no exp.
	ExpiresInSeconds int64 `json:"expiresInSeconds"`
	Expired          bool  `json:"expired"`
	// RealmRoles and ClientRoles ("client:role") as the token claims them.
	RealmRoles  []string `json:"realmRoles"`
	ClientRoles []string `json:"clientRoles"`
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
	d := DecodedToken{Header: header, Claims: claims, Unverified: true}
	d.Issuer, _ = claims["iss"].(string)
	d.Subject, _ = claims["sub"].(string)
	d.Username, _ = claims["preferred_username"].(string)
	if exp, ok := numericDate(claims["exp"]); ok {
		d.ExpiresAt = exp
		d.ExpiresInSeconds = int64(exp.Sub(now) / time.Second)
		d.Expired = !now.Before(exp)
		if d.ExpiresInSeconds == 0 && d.Expired {
			d.ExpiresInSeconds = -1
		}
	}
	if iat, ok := numericDate(claims["iat"]); ok {
		d.IssuedAt = iat
	}
	d.RealmRoles, d.ClientRoles = rolesFromClaims(claims)
	return d, nil
}

// numericDate reads a JWT NumericDate (seconds since the epoch, maybe fractional).
func numericDate(v any) (time.Time, bool) {
	switch n := v.(type) {
	case float64:
		sec := int64(n)
		return time.Unix(sec, int64((n-float64(sec))*1e9)).UTC(), true
	case json.Number:
		f, err := n.Float64()
		if err != nil {
			return time.Time{}, false
		}
		return numericDate(f)
	}
	return time.Time{}, false
}

// rolesFromClaims reads Keycloak's role claims: realm_access.roles and
// resource_access.<client>.roles (returned as "client:role", the route file's
// notation for client roles).
func rolesFromClaims(claims map[string]any) (realm, client []string) {
	if ra, ok := claims["realm_access"].(map[string]any); ok {
		realm = stringList(ra["roles"])
	}
	if res, ok := claims["resource_access"].(map[string]any); ok {
		for clientID, v := range res {
			if m, ok := v.(map[string]any); ok {
				for _, r := range stringList(m["roles"]) {
					client = append(client, clientID+":"+r)
				}
			}
		}
	}
	slices.Sort(client)
	return realm, client
}

func stringList(v any) []string {
	arr, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
