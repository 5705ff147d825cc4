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

// OIDCClient is one client of a realm as the Clients screen shows it. It is
// called OIDCClient because Client is the admin connection; SAML clients are
// listed too (Protocol says which) but only OpenID Connect ones are edited.
// The secret is never part of it: see GetClientSecret.
type OIDCClient struct {
	ID          string `json:"id"`       // internal id, used in every call
	ClientID    string `json:"clientId"` // what tokens carry as azp: "web"
	Name        string `json:"name"`
	Description string `json:"description"`
	Enabled     bool   `json:"enabled"`
	Protocol    string `json:"protocol"` // "openid-connect" or "saml"
	// Public clients have no secret (browser apps, mobile apps); the others
	// are confidential.
	Public     bool `json:"public"`
	BearerOnly bool `json:"bearerOnly"`

	RootURL      string   `json:"rootUrl"`
	RedirectURIs []string `json:"redirectUris"`
	WebOrigins   []string `json:"webOrigins"`

	StandardFlow       bool `json:"standardFlow"`       // authorization code
	DirectAccessGrants bool `json:"directAccessGrants"` // resource owner password
	ServiceAccount     bool `json:"serviceAccount"`     // client credentials
	// FullScopeAllowed puts every role of the user into the client's tokens;
	// otherwise only the roles in the client's scope.
	FullScopeAllowed bool `json:"fullScopeAllowed"`
	// BuiltIn marks the clients Keycloak creates itself (account, admin-cli,
	// broker, realm-management, …): deleting one breaks the realm.
	BuiltIn bool `json:"builtIn"`
}

// OIDCClientInput is what creating or editing an OpenID Connect client
// writes. Everything else about the client is left as it is.
type OIDCClientInput struct {
	ClientID           string   `json:"clientId"`
	Name               string   `json:"name"`
	Description        string   `json:"description"`
	Enabled            bool     `json:"enabled"`
	Public             bool     `json:"public"`
	RootURL            string   `json:"rootUrl"`
	RedirectURIs       []string `json:"redirectUris"`
	WebOrigins         []string `json:"webOrigins"`
	StandardFlow       bool     `json:"standardFlow"`
	DirectAccessGrants bool     `json:"directAccessGrants"`
	ServiceAccount     bool     `json:"serviceAccount"`
}

const protocolOIDC = "openid-connect"

// builtInClients are created by Keycloak in every realm.
var builtInClients = map[string]bool{
	"account": true, "account-console": true, "admin-cli": true, "broker": true,
	"realm-management": true, "security-admin-console": true,
}

// oidcClientRep is the subset of Keycloak's ClientRepresentation Tandem reads.
// It has no secret field on purpose: a listing must not carry secrets.
type oidcClientRep struct {
	ID                        string            `json:"id"`
	ClientID                  string            `json:"clientId"`
	Name                      string            `json:"name"`
	Description               string            `json:"description"`
	Enabled                   bool              `json:"enabled"`
	Protocol                  string            `json:"protocol"`
	PublicClient              bool              `json:"publicClient"`
	BearerOnly                bool              `json:"bearerOnly"`
	RootURL                   string            `json:"rootUrl"`
	RedirectURIs              []string          `json:"redirectUris"`
	WebOrigins                []string          `json:"webOrigins"`
	StandardFlowEnabled       bool              `json:"standardFlowEnabled"`
	DirectAccessGrantsEnabled bool              `json:"directAccessGrantsEnabled"`
	ServiceAccountsEnabled    bool              `json:"serviceAccountsEnabled"`
	FullScopeAllowed          bool              `json:"fullScopeAllowed"`
	Attributes                map[string]string `json:"attributes"`
}

func (r oidcClientRep) client() OIDCClient {
	c := OIDCClient{
		ID: r.ID, ClientID: r.ClientID, Name: r.Name, Description: r.Description, Enabled: r.Enabled,
		Protocol: r.Protocol, Public: r.PublicClient, BearerOnly: r.BearerOnly,
		RootURL: r.RootURL, RedirectURIs: r.RedirectURIs, WebOrigins: r.WebOrigins,
		StandardFlow: r.StandardFlowEnabled, DirectAccessGrants: r.DirectAccessGrantsEnabled,
		ServiceAccount: r.ServiceAccountsEnabled, FullScopeAllowed: r.FullScopeAllowed,
		// realm_client marks the clients that stand for a realm's admin
		// permissions (broker, realm-management, "<realm>-realm" in master).
		BuiltIn: builtInClients[r.ClientID] || r.Attributes["realm_client"] == "true",
	}
	if c.Protocol == "" {
		c.Protocol = protocolOIDC
	}
	if c.RedirectURIs == nil {
		c.RedirectURIs = []string{}
	}
	if c.WebOrigins == nil {
		c.WebOrigins = []string{}
	}
	return c
}

// ListClients returns one page of the realm's clients, by clientId; search
// matches a part of the clientId. Keycloak cannot count clients: the page is
// open-ended (see Page.Estimated).
func (c *Client) ListClients(ctx context.Context, realm, search string, first, max int) (Page[OIDCClient], error) {
	op := fmt.Sprintf("list clients in realm %q", realm)
	first, max = pageBounds(first, max)
	q := url.Values{}
	if s := strings.TrimSpace(search); s != "" {
		q.Set("clientId", s)
		q.Set("search", "true")
	}
	// raw: gocloak.Client carries the secret, which a listing must not.
	reps, err := getJSON[[]oidcClientRep](ctx, c, op, adminPath("realms", realm, "clients"), probeQuery(q, first, max))
	if err != nil {
		return Page[OIDCClient]{}, err
	}
	return openPage(mapItems(reps, oidcClientRep.client), first, max), nil
}

// GetClient returns one client by its internal id.
func (c *Client) GetClient(ctx context.Context, realm, id string) (OIDCClient, error) {
	// raw: gocloak.Client carries the secret, which a read for display must not.
	rep, err := getJSON[oidcClientRep](ctx, c, fmt.Sprintf("get client %s in realm %q", id, realm), adminPath("realms", realm, "clients", id), nil)
	if err != nil {
		return OIDCClient{}, err
	}
	return rep.client(), nil
}

// FindClient returns the client with exactly this clientId, or an error
// wrapping ErrNotFound.
func (c *Client) FindClient(ctx context.Context, realm, clientID string) (OIDCClient, error) {
	op := fmt.Sprintf("find client %q in realm %q", clientID, realm)
	// raw: gocloak.Client carries the secret, which a listing must not.
	reps, err := getJSON[[]oidcClientRep](ctx, c, op, adminPath("realms", realm, "clients"), url.Values{"clientId": {clientID}})
	if err != nil {
		return OIDCClient{}, err
	}
	for _, r := range reps {
		if r.ClientID == clientID {
			return r.client(), nil
		}
	}
	return OIDCClient{}, &Error{Op: op, Status: http.StatusNotFound, Message: fmt.Sprintf("client %q does not exist", clientID), Err: ErrNotFound}
}

// CreateClient creates an OpenID Connect client and returns it. A confidential
// client gets a generated secret; one with ServiceAccount gets its
// service-account user. A taken clientId fails with ErrConflict.
func (c *Client) CreateClient(ctx context.Context, realm string, in OIDCClientInput) (OIDCClient, error) {
	in = in.normalised()
	op := fmt.Sprintf("create client %q in realm %q", in.ClientID, realm)
	if err := c.writableInput(op, in.validate()); err != nil {
		return OIDCClient{}, err
	}
	body := map[string]any{
		"protocol":                protocolOIDC,
		"clientAuthenticatorType": "client-secret",
		"implicitFlowEnabled":     false,
		"bearerOnly":              false,
	}
	in.writeTo(body)
	var id string
	// raw: the body comes from writeTo, shared with UpdateClient (gocloak.Client drops alwaysDisplayInConsole).
	if err := c.do(ctx, op, request{method: http.MethodPost, path: adminPath("realms", realm, "clients"), body: body, createdID: &id}); err != nil {
		return OIDCClient{}, err
	}
	return c.GetClient(ctx, realm, id)
}

// UpdateClient writes the fields of OIDCClientInput; the rest of the client
// (scopes, mappers, attributes, the secret) stays as it is. Turning a public
// client confidential gives it a secret; turning on the service account
// creates its user.
func (c *Client) UpdateClient(ctx context.Context, realm, id string, in OIDCClientInput) error {
	in = in.normalised()
	op := fmt.Sprintf("update client %q in realm %q", in.ClientID, realm)
	if err := c.writableInput(op, in.validate()); err != nil {
		return err
	}
	path := adminPath("realms", realm, "clients", id)
	// raw: gocloak.Client drops alwaysDisplayInConsole. The secret stays on
	// the server: Keycloak keeps it when the field is absent, and it need
	// not travel back and forth.
	body, err := c.readForUpdate(ctx, op, path, "access", "secret")
	if err != nil {
		return err
	}
	var protocol string
	_ = json.Unmarshal(rawField(body, "protocol"), &protocol)
	if protocol != "" && protocol != protocolOIDC {
		return &Error{Op: op, Message: fmt.Sprintf("the client uses %s; only OpenID Connect clients are edited here", protocol), Err: ErrInvalidInput}
	}
	var wasPublic bool
	_ = json.Unmarshal(rawField(body, "publicClient"), &wasPublic)

	in.writeTo(body)
	// raw: writes back whole the representation read above.
	if err := c.do(ctx, op, request{method: http.MethodPut, path: path, body: body}); err != nil {
		return err
	}
	if wasPublic && !in.Public {
		return c.ensureSecret(ctx, op, realm, id)
	}
	return nil
}

// ensureSecret generates a secret for a confidential client that has none,
// which is what a client turned from public to confidential looks like.
func (c *Client) ensureSecret(ctx context.Context, op, realm, id string) error {
	cred, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.CredentialRepresentation, error) {
		return c.gc.GetClientSecret(ctx, token, esc(realm), esc(id))
	})
	if err != nil || gocloak.PString(cred.Value) != "" {
		return err
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		_, err := c.gc.RegenerateClientSecret(ctx, token, esc(realm), esc(id))
		return err
	})
}

// DeleteClient deletes a client with its roles, mappers and service-account
// user. Tokens it issued stay valid until they expire. Built-in clients are
// refused.
func (c *Client) DeleteClient(ctx context.Context, realm, id string) error {
	op := fmt.Sprintf("delete client %s in realm %q", id, realm)
	if err := c.writable(op); err != nil {
		return err
	}
	cl, err := c.GetClient(ctx, realm, id)
	if err != nil {
		return err
	}
	if cl.BuiltIn {
		return &Error{Op: op, Message: fmt.Sprintf("client %q is built into Keycloak; deleting it would break the realm", cl.ClientID), Err: ErrInvalidInput}
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteClient(ctx, token, esc(realm), esc(id))
	})
}

func (in OIDCClientInput) normalised() OIDCClientInput {
	in.ClientID = strings.TrimSpace(in.ClientID)
	in.RootURL = strings.TrimSpace(in.RootURL)
	in.RedirectURIs = trimmedNonEmpty(in.RedirectURIs)
	in.WebOrigins = trimmedNonEmpty(in.WebOrigins)
	return in
}

func (in OIDCClientInput) writeTo(body map[string]any) {
	body["clientId"] = in.ClientID
	body["name"] = in.Name
	body["description"] = in.Description
	body["enabled"] = in.Enabled
	body["publicClient"] = in.Public
	body["rootUrl"] = in.RootURL
	body["redirectUris"] = in.RedirectURIs
	body["webOrigins"] = in.WebOrigins
	body["standardFlowEnabled"] = in.StandardFlow
	body["directAccessGrantsEnabled"] = in.DirectAccessGrants
	body["serviceAccountsEnabled"] = in.ServiceAccount
}

// validate lists every problem at once.
func (in OIDCClientInput) validate() error {
	var problems []string
	switch {
	case in.ClientID == "":
		problems = append(problems, "the client id is empty")
	case strings.ContainsAny(in.ClientID, " \t/\\"):
		problems = append(problems, fmt.Sprintf("the client id %q contains a space or slash", in.ClientID))
	}
	if in.Public && in.ServiceAccount {
		problems = append(problems, "a public client cannot have a service account: make it confidential")
	}
	if in.RootURL != "" {
		if u, err := url.Parse(in.RootURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("root URL %q is not an http(s) URL", in.RootURL))
		}
	}
	for _, r := range in.RedirectURIs {
		if strings.ContainsAny(r, " \t") {
			problems = append(problems, fmt.Sprintf("redirect URI %q contains a space", r))
		} else if strings.HasPrefix(r, "/") && in.RootURL == "" {
			problems = append(problems, fmt.Sprintf("redirect URI %q is relative but the root URL is empty", r))
		}
	}
	for _, o := range in.WebOrigins {
		if err := validWebOrigin(o); err != nil {
			problems = append(problems, err.Error())
		}
	}
	return problemsError(problems)
}

// validWebOrigin accepts "+" (the redirect URIs' origins), "*" (any) or a
// bare origin such as https://app.example.com:8443.
func validWebOrigin(o string) error {
	if o == "+" || o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("web origin %q is not \"+\", \"*\" or an origin like https://app.example.com", o)
	}
	return nil
}

func trimmedNonEmpty(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
