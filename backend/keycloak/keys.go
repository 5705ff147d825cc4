package keycloak

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// KeyProviderType is the component type of a realm's key providers.
const KeyProviderType = "org.keycloak.keys.KeyProvider"

// Key statuses as Keycloak reports them: an active key signs (the active one
// of highest priority per algorithm), a passive key only verifies and is
// still published in the realm's JWKS, a disabled key does neither.
const (
	KeyActive   = "ACTIVE"
	KeyPassive  = "PASSIVE"
	KeyDisabled = "DISABLED"
)

// KeyProvider is one key provider component of a realm (rsa-generated,
// hmac-generated, java-keystore, …).
type KeyProvider struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ProviderID string `json:"providerId"` // the kind: rsa-generated, aes-generated, …
	Priority   int64  `json:"priority"`
	// Active and Enabled are the provider's settings; absent means true.
	Active  bool `json:"active"`
	Enabled bool `json:"enabled"`
}

// RealmKey is one key the realm holds.
type RealmKey struct {
	KID        string `json:"kid"`
	Algorithm  string `json:"algorithm"`
	Use        string `json:"use"`  // SIG or ENC
	Type       string `json:"type"` // RSA, EC, OCT, OKP
	Status     string `json:"status"`
	Priority   int64  `json:"priority"`
	ProviderID string `json:"providerId"` // the KeyProvider's ID
	// CertificateExpiry is the certificate's NotAfter in milliseconds since
	// the epoch, read from the certificate itself; 0 for keys without one.
	CertificateExpiry int64 `json:"certificateExpiry"`
	// Signing is true for the key that signs new tokens for its algorithm.
	Signing bool `json:"signing"`
}

// RealmKeys are a realm's key providers and keys, keys by algorithm then
// priority (highest first).
type RealmKeys struct {
	Providers []KeyProvider `json:"providers"`
	Keys      []RealmKey    `json:"keys"`
}

// NewRSAKeyProvider is what adding an rsa-generated provider needs.
type NewRSAKeyProvider struct {
	Name      string `json:"name"`
	Priority  int64  `json:"priority"`
	Algorithm string `json:"algorithm"` // "" is RS256
	KeySize   int    `json:"keySize"`   // 0 is 2048
}

// ListRealmKeys returns the realm's key providers and keys.
func (c *Client) ListRealmKeys(ctx context.Context, realm string) (RealmKeys, error) {
	op := fmt.Sprintf("list keys of realm %q", realm)
	var meta struct {
		Active map[string]string `json:"active"` // algorithm → kid of the signing key
		Keys   []struct {
			ProviderID       string `json:"providerId"`
			ProviderPriority int64  `json:"providerPriority"`
			KID              string `json:"kid"`
			Status           string `json:"status"`
			Type             string `json:"type"`
			Algorithm        string `json:"algorithm"`
			Use              string `json:"use"`
			Certificate      string `json:"certificate"`
		} `json:"keys"`
	}
	// raw: gocloak.Key drops use (signing or encryption).
	if err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "keys"), out: &meta}); err != nil {
		return RealmKeys{}, err
	}
	providers, err := c.listKeyProviders(ctx, op, realm)
	if err != nil {
		return RealmKeys{}, err
	}
	out := RealmKeys{Providers: providers, Keys: make([]RealmKey, 0, len(meta.Keys))}
	for _, k := range meta.Keys {
		out.Keys = append(out.Keys, RealmKey{
			KID: k.KID, Algorithm: k.Algorithm, Use: k.Use, Type: k.Type, Status: k.Status,
			Priority: k.ProviderPriority, ProviderID: k.ProviderID,
			CertificateExpiry: certificateExpiry(k.Certificate),
			Signing:           k.KID != "" && meta.Active[k.Algorithm] == k.KID,
		})
	}
	sort.SliceStable(out.Keys, func(i, j int) bool {
		a, b := out.Keys[i], out.Keys[j]
		if a.Algorithm != b.Algorithm {
			return a.Algorithm < b.Algorithm
		}
		return a.Priority > b.Priority
	})
	return out, nil
}

func (c *Client) listKeyProviders(ctx context.Context, op, realm string) ([]KeyProvider, error) {
	var reps []struct {
		ID         string              `json:"id"`
		Name       string              `json:"name"`
		ProviderID string              `json:"providerId"`
		Config     map[string][]string `json:"config"`
	}
	// raw: gocloak's GetComponentsParams sends the type as provider=, which
	// Keycloak ignores.
	err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "components"),
		query: url.Values{"type": {KeyProviderType}}, out: &reps})
	if err != nil {
		return nil, err
	}
	out := make([]KeyProvider, 0, len(reps))
	for _, r := range reps {
		priority, _ := strconv.ParseInt(firstValue(r.Config["priority"]), 10, 64)
		out = append(out, KeyProvider{
			ID: r.ID, Name: r.Name, ProviderID: r.ProviderID, Priority: priority,
			Active:  firstValue(r.Config["active"]) != "false",
			Enabled: firstValue(r.Config["enabled"]) != "false",
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority > out[j].Priority
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// CreateRSAKeyProvider adds an rsa-generated key provider, which makes a new
// key pair at once. Given the highest priority of its algorithm it signs
// every token issued from then on; the older keys stay active and verify.
func (c *Client) CreateRSAKeyProvider(ctx context.Context, realm string, in NewRSAKeyProvider) (string, error) {
	op := fmt.Sprintf("add key provider %q to realm %q", in.Name, realm)
	if err := c.writable(op); err != nil {
		return "", err
	}
	if in.Algorithm == "" {
		in.Algorithm = "RS256"
	}
	if in.KeySize == 0 {
		in.KeySize = 2048
	}
	if err := in.validate(); err != nil {
		return "", invalidInput(op, err)
	}
	component := gocloak.Component{
		Name: gocloak.StringP(in.Name), ProviderID: gocloak.StringP("rsa-generated"), ProviderType: gocloak.StringP(KeyProviderType),
		ComponentConfig: &map[string][]string{
			"priority":  {strconv.FormatInt(in.Priority, 10)},
			"algorithm": {in.Algorithm},
			"keySize":   {strconv.Itoa(in.KeySize)},
			"active":    {"true"},
			"enabled":   {"true"},
		},
	}
	return typed(ctx, c, op, func(ctx context.Context, token string) (string, error) {
		return c.gc.CreateComponent(ctx, token, esc(realm), component)
	})
}

func (in NewRSAKeyProvider) validate() error {
	var problems []string
	if strings.TrimSpace(in.Name) == "" {
		problems = append(problems, "a key provider needs a name")
	}
	switch in.Algorithm {
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
	default:
		problems = append(problems, fmt.Sprintf("algorithm %q is not an RSA signature algorithm (RS256, RS384, RS512, PS256, PS384, PS512)", in.Algorithm))
	}
	switch in.KeySize {
	case 1024, 2048, 3072, 4096:
	default:
		problems = append(problems, fmt.Sprintf("key size %d is not one of 1024, 2048, 3072, 4096", in.KeySize))
	}
	return problemsError(problems)
}

// SetKeyProviderActive makes a provider's keys active (they may sign) or
// passive (they only verify, and Keycloak still publishes them in the JWKS).
// Every other setting of the provider stays as it is.
func (c *Client) SetKeyProviderActive(ctx context.Context, realm, id string, active bool) error {
	op := fmt.Sprintf("make key provider %s %s", id, map[bool]string{true: "active", false: "passive"}[active])
	if err := c.writable(op); err != nil {
		return err
	}
	// gocloak's component type holds every field Keycloak sends.
	component, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.Component, error) {
		return c.gc.GetComponent(ctx, token, esc(realm), esc(id))
	})
	if err != nil {
		return err
	}
	cfg := map[string][]string{}
	if component.ComponentConfig != nil {
		cfg = *component.ComponentConfig
	}
	cfg["active"] = []string{strconv.FormatBool(active)}
	component.ComponentConfig = &cfg
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.UpdateComponent(ctx, token, esc(realm), *component)
	})
}

// DeleteKeyProvider removes a provider and its keys: tokens they signed no
// longer verify at Keycloak, nor at any verifier that refetches the JWKS.
func (c *Client) DeleteKeyProvider(ctx context.Context, realm, id string) error {
	op := fmt.Sprintf("delete key provider %s", id)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteComponent(ctx, token, esc(realm), esc(id))
	})
}

// certificateExpiry returns the NotAfter of a base64 DER certificate in
// milliseconds since the epoch, or 0 when there is none or it cannot be read.
func certificateExpiry(b64 string) int64 {
	if b64 == "" {
		return 0
	}
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return 0
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return 0
	}
	return cert.NotAfter.UnixMilli()
}

func firstValue(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// NextPriority is a priority above every key of the algorithm: a provider
// given it signs that algorithm's tokens from its creation on.
func (ks RealmKeys) NextPriority(algorithm string) int64 {
	var top int64
	for _, k := range ks.Keys {
		if k.Algorithm == algorithm && k.Priority > top {
			top = k.Priority
		}
	}
	return top + 100
}
