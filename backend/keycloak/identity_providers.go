package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// Provider ids Tandem edits in full; others (github, google…) are listed
// and their common fields edited.
const (
	ProviderOIDC         = "oidc"
	ProviderKeycloakOIDC = "keycloak-oidc"
	ProviderSAML         = "saml"
)

// Config keys of the fields Tandem shows. Every other key of an identity
// provider's config survives an edit untouched.
const (
	idpDiscoveryURL     = "metadataDescriptorUrl"
	idpAuthorizationURL = "authorizationUrl"
	idpTokenURL         = "tokenUrl"
	idpClientID         = "clientId"
	idpClientSecret     = "clientSecret"
	idpIssuer           = "issuer"
	idpJWKSURL          = "jwksUrl"
	idpUseJWKSURL       = "useJwksUrl"
	idpEntityID         = "entityId"
	idpIdPEntityID      = "idpEntityId"
	idpSSOURL           = "singleSignOnServiceUrl"
	idpSignRequests     = "wantAuthnRequestsSigned"
	idpValidateSig      = "validateSignature"
	idpSigningCert      = "signingCertificate"
)

// IdentityProvider is an identity provider as the screen shows it. The
// client secret never comes back: ClientSecretSet says whether one is
// stored.
type IdentityProvider struct {
	Alias       string `json:"alias"`
	DisplayName string `json:"displayName"`
	ProviderID  string `json:"providerId"` // oidc, keycloak-oidc, saml, github…
	Enabled     bool   `json:"enabled"`

	// OIDC
	DiscoveryURL     string `json:"discoveryUrl"`
	AuthorizationURL string `json:"authorizationUrl"`
	TokenURL         string `json:"tokenUrl"`
	ClientID         string `json:"clientId"`
	ClientSecretSet  bool   `json:"clientSecretSet"`
	// Issuer and JWKSURL come from discovery; with a JWKS URL Keycloak
	// checks the signature of the tokens the provider sends.
	Issuer  string `json:"issuer"`
	JWKSURL string `json:"jwksUrl"`

	// SAML
	EntityID           string `json:"entityId"`    // this realm's entity id as the IdP knows it
	IdPEntityID        string `json:"idpEntityId"` // the IdP's own entity id
	SSOURL             string `json:"ssoUrl"`
	SignRequests       bool   `json:"signRequests"`
	ValidateSignature  bool   `json:"validateSignature"`
	SigningCertificate string `json:"signingCertificate"`
}

// IdentityProviderInput is what a create or an edit writes. ClientSecret is
// write-only: empty keeps the stored one.
type IdentityProviderInput struct {
	IdentityProvider
	ClientSecret string `json:"clientSecret"`
}

// isOIDC reports whether the provider is configured with OIDC fields.
func isOIDC(providerID string) bool {
	return providerID == ProviderOIDC || providerID == ProviderKeycloakOIDC
}

func identityProviderFrom(rep gocloak.IdentityProviderRepresentation) IdentityProvider {
	cfg := map[string]string{}
	if rep.Config != nil {
		cfg = *rep.Config
	}
	return IdentityProvider{
		Alias:              gocloak.PString(rep.Alias),
		DisplayName:        gocloak.PString(rep.DisplayName),
		ProviderID:         gocloak.PString(rep.ProviderID),
		Enabled:            gocloak.PBool(rep.Enabled),
		DiscoveryURL:       cfg[idpDiscoveryURL],
		AuthorizationURL:   cfg[idpAuthorizationURL],
		TokenURL:           cfg[idpTokenURL],
		ClientID:           cfg[idpClientID],
		ClientSecretSet:    cfg[idpClientSecret] != "",
		Issuer:             cfg[idpIssuer],
		JWKSURL:            cfg[idpJWKSURL],
		EntityID:           cfg[idpEntityID],
		IdPEntityID:        cfg[idpIdPEntityID],
		SSOURL:             cfg[idpSSOURL],
		SignRequests:       cfg[idpSignRequests] == "true",
		ValidateSignature:  cfg[idpValidateSig] == "true",
		SigningCertificate: cfg[idpSigningCert],
	}
}

// ListIdentityProviders returns the realm's identity providers by alias.
func (c *Client) ListIdentityProviders(ctx context.Context, realm string) ([]IdentityProvider, error) {
	out, err := typedList(ctx, c, fmt.Sprintf("list identity providers of realm %q", realm),
		func(ctx context.Context, token string) ([]*gocloak.IdentityProviderRepresentation, error) {
			return c.gc.GetIdentityProviders(ctx, token, esc(realm))
		}, identityProviderFrom)
	return sortedBy(out, err, func(v IdentityProvider) string { return v.Alias })
}

// GetIdentityProvider returns one identity provider.
func (c *Client) GetIdentityProvider(ctx context.Context, realm, alias string) (IdentityProvider, error) {
	rep, err := c.identityProviderRep(ctx, fmt.Sprintf("get identity provider %q of realm %q", alias, realm), realm, alias)
	return identityProviderFrom(rep), err
}

// identityProviderRep reads a provider as gocloak types it, which is all
// Tandem shows (an update reads the whole representation: see
// UpdateIdentityProvider).
func (c *Client) identityProviderRep(ctx context.Context, op, realm, alias string) (gocloak.IdentityProviderRepresentation, error) {
	rep, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.IdentityProviderRepresentation, error) {
		return c.gc.GetIdentityProvider(ctx, token, esc(realm), esc(alias))
	})
	if err != nil {
		return gocloak.IdentityProviderRepresentation{}, err
	}
	return *rep, nil
}

// CreateIdentityProvider adds an OIDC or SAML identity provider.
func (c *Client) CreateIdentityProvider(ctx context.Context, realm string, in IdentityProviderInput) error {
	op := fmt.Sprintf("create identity provider %q in realm %q", in.Alias, realm)
	if err := c.writable(op); err != nil {
		return err
	}
	if !isOIDC(in.ProviderID) && in.ProviderID != ProviderSAML {
		return &Error{Op: op, Message: fmt.Sprintf("provider %q is not one of %s, %s, %s", in.ProviderID, ProviderOIDC, ProviderKeycloakOIDC, ProviderSAML), Err: ErrInvalidInput}
	}
	if err := in.validate(); err != nil {
		return invalidInput(op, err)
	}
	cfg := map[string]string{}
	in.writeConfig(cfg)
	rep := gocloak.IdentityProviderRepresentation{
		Alias:       gocloak.StringP(in.Alias),
		DisplayName: gocloak.StringP(in.DisplayName),
		ProviderID:  gocloak.StringP(in.ProviderID),
		Enabled:     gocloak.BoolP(in.Enabled),
		Config:      &cfg,
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		_, err := c.gc.CreateIdentityProvider(ctx, token, esc(realm), rep)
		return err
	})
}

// UpdateIdentityProvider writes the fields Tandem shows and keeps the rest:
// it reads the provider, overlays them (config keys one by one) and writes
// it back. The alias and provider type are fixed once created.
func (c *Client) UpdateIdentityProvider(ctx context.Context, realm, alias string, in IdentityProviderInput) error {
	op := fmt.Sprintf("update identity provider %q of realm %q", alias, realm)
	if err := c.writable(op); err != nil {
		return err
	}
	path := adminPath("realms", realm, "identity-provider", "instances", alias)
	// raw: gocloak.IdentityProviderRepresentation drops hideOnLogin and
	// organizationId. internalId and types are computed by Keycloak.
	body, err := c.readForUpdate(ctx, op, path, "internalId", "types")
	if err != nil {
		return err
	}
	var providerID string
	_ = json.Unmarshal(rawField(body, "providerId"), &providerID)
	in.Alias, in.ProviderID = alias, providerID
	if err := in.validate(); err != nil {
		return invalidInput(op, err)
	}
	cfg := map[string]string{}
	if raw := rawField(body, "config"); raw != nil {
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return &Error{Op: op, Message: "unreadable config: " + err.Error(), Err: ErrServer}
		}
	}
	// cfg still holds the masked secret Keycloak sent, which it reads on a
	// write as "keep the stored secret"; writeConfig replaces it only when
	// a new one is given.
	in.writeConfig(cfg)
	body["displayName"] = in.DisplayName
	body["enabled"] = in.Enabled
	body["config"] = cfg
	// raw: writes back whole the representation read above.
	return c.do(ctx, op, request{method: http.MethodPut, path: path, body: body})
}

// writeConfig overlays the fields of the provider's type onto cfg.
func (in IdentityProviderInput) writeConfig(cfg map[string]string) {
	setOrDrop := func(key, v string) {
		if v == "" {
			delete(cfg, key)
		} else {
			cfg[key] = v
		}
	}
	switch {
	case isOIDC(in.ProviderID):
		setOrDrop(idpDiscoveryURL, in.DiscoveryURL)
		cfg[idpAuthorizationURL] = in.AuthorizationURL
		cfg[idpTokenURL] = in.TokenURL
		cfg[idpClientID] = in.ClientID
		if in.ClientSecret != "" {
			cfg[idpClientSecret] = in.ClientSecret
		}
		setOrDrop(idpIssuer, in.Issuer)
		if in.JWKSURL != "" {
			cfg[idpJWKSURL] = in.JWKSURL
			cfg[idpUseJWKSURL] = "true"
			cfg[idpValidateSig] = "true"
		}
	case in.ProviderID == ProviderSAML:
		setOrDrop(idpEntityID, in.EntityID)
		setOrDrop(idpIdPEntityID, in.IdPEntityID)
		cfg[idpSSOURL] = in.SSOURL
		cfg[idpSignRequests] = fmt.Sprint(in.SignRequests)
		cfg[idpValidateSig] = fmt.Sprint(in.ValidateSignature)
		setOrDrop(idpSigningCert, strings.TrimSpace(in.SigningCertificate))
	}
}

// validate lists every problem of the input at once.
func (in IdentityProviderInput) validate() error {
	var problems []string
	if strings.TrimSpace(in.Alias) == "" {
		problems = append(problems, "alias is empty")
	} else if strings.ContainsAny(in.Alias, "/\\ ") {
		problems = append(problems, fmt.Sprintf("alias %q contains a space or slash", in.Alias))
	}
	url := func(field, v string, required bool) {
		if v == "" {
			if required {
				problems = append(problems, field+" is empty")
			}
			return
		}
		if !isHTTPURL(v) {
			problems = append(problems, fmt.Sprintf("%s %q is not an http(s) URL", field, v))
		}
	}
	switch {
	case isOIDC(in.ProviderID):
		url("discovery URL", in.DiscoveryURL, false)
		url("authorization URL", in.AuthorizationURL, true)
		url("token URL", in.TokenURL, true)
		url("JWKS URL", in.JWKSURL, false)
		if strings.TrimSpace(in.ClientID) == "" {
			problems = append(problems, "client id is empty")
		}
	case in.ProviderID == ProviderSAML:
		url("single sign-on URL", in.SSOURL, true)
		if in.ValidateSignature && strings.TrimSpace(in.SigningCertificate) == "" {
			problems = append(problems, "validating signatures needs the IdP's signing certificate")
		}
	}
	return problemsError(problems)
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// DeleteIdentityProvider removes an identity provider; users keep their
// accounts but lose the link to it.
func (c *Client) DeleteIdentityProvider(ctx context.Context, realm, alias string) error {
	op := fmt.Sprintf("delete identity provider %q of realm %q", alias, realm)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteIdentityProvider(ctx, token, esc(realm), esc(alias))
	})
}

// OIDCDiscovery is what an OpenID provider's discovery document gives an
// identity provider's form.
type OIDCDiscovery struct {
	Issuer           string `json:"issuer"`
	AuthorizationURL string `json:"authorizationUrl"`
	TokenURL         string `json:"tokenUrl"`
	UserInfoURL      string `json:"userInfoUrl"`
	JWKSURL          string `json:"jwksUrl"`
	LogoutURL        string `json:"logoutUrl"`
}

// DiscoverOIDC has Keycloak read a discovery document
// (.well-known/openid-configuration) and returns its endpoints. Keycloak
// fetches it, from where it runs, as its own console does; the POST
// changes nothing.
func (c *Client) DiscoverOIDC(ctx context.Context, realm, discoveryURL string) (OIDCDiscovery, error) {
	op := fmt.Sprintf("read the discovery document %s", discoveryURL)
	if !isHTTPURL(discoveryURL) {
		return OIDCDiscovery{}, &Error{Op: op, Message: "not an http(s) URL", Err: ErrInvalidInput}
	}
	cfg, err := typed(readsOnly(ctx), c, op, func(ctx context.Context, token string) (map[string]string, error) {
		return c.gc.ImportIdentityProviderConfig(ctx, token, esc(realm), discoveryURL, ProviderOIDC)
	})
	if err != nil {
		return OIDCDiscovery{}, err
	}
	return OIDCDiscovery{
		Issuer: cfg["issuer"], AuthorizationURL: cfg[idpAuthorizationURL], TokenURL: cfg[idpTokenURL],
		UserInfoURL: cfg["userInfoUrl"], JWKSURL: cfg["jwksUrl"], LogoutURL: cfg["logoutUrl"],
	}, nil
}
