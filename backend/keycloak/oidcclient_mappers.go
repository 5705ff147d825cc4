package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// ClientScopeRef is a client scope assigned to a client. Default scopes
// apply to every token the client gets; optional ones only when the token
// request asks for them with the scope parameter.
type ClientScopeRef struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Protocol    string `json:"protocol"`
	Default     bool   `json:"default"`
}

// ProtocolMapper is one mapper that puts a claim into the client's tokens.
type ProtocolMapper struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Mapper string `json:"mapper"` // the mapper type: "oidc-usermodel-attribute-mapper", …
	// Scope is the client scope the mapper comes from; empty for the
	// client's own (dedicated) mappers.
	Scope string `json:"scope"`
	// Claim is the claim path the mapper writes ("realm_access.roles",
	// "resource_access.${client_id}.roles"); empty when the mapper type
	// decides by itself in ways that no single claim describes.
	Claim         string            `json:"claim"`
	AccessToken   bool              `json:"accessToken"`
	IDToken       bool              `json:"idToken"`
	UserInfo      bool              `json:"userInfo"`
	Introspection bool              `json:"introspection"`
	Config        map[string]string `json:"config"`
}

type protocolMapperRep struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Protocol       string            `json:"protocol"`
	ProtocolMapper string            `json:"protocolMapper"`
	Config         map[string]string `json:"config"`
}

type clientScopeRep struct {
	ID              string              `json:"id"`
	Name            string              `json:"name"`
	Description     string              `json:"description"`
	Protocol        string              `json:"protocol"`
	ProtocolMappers []protocolMapperRep `json:"protocolMappers"`
}

// fixedClaims are the claims of mapper types that have no claim.name.
var fixedClaims = map[string]string{
	"oidc-sub-mapper":              "sub",
	"oidc-acr-mapper":              "acr",
	"oidc-allowed-origins-mapper":  "allowed-origins",
	"oidc-audience-mapper":         "aud",
	"oidc-audience-resolve-mapper": "aud",
	"oidc-full-name-mapper":        "name",
	"oidc-address-mapper":          "address",
}

// mapper converts a representation. Which tokens carry the claim follows
// Keycloak's rules for a missing setting: access token and introspection
// default to on, ID token to off, userinfo to whatever the ID token does.
func (r protocolMapperRep) mapper(scope string) ProtocolMapper {
	cfg := r.Config
	if cfg == nil {
		cfg = map[string]string{}
	}
	flag := func(key string, missing bool) bool {
		v, ok := cfg[key]
		if !ok {
			return missing
		}
		return v == "true"
	}
	m := ProtocolMapper{ID: r.ID, Name: r.Name, Mapper: r.ProtocolMapper, Scope: scope, Config: cfg}
	m.Claim = cfg["claim.name"]
	if m.Claim == "" {
		m.Claim = fixedClaims[r.ProtocolMapper]
	}
	m.AccessToken = flag("access.token.claim", true)
	m.IDToken = flag("id.token.claim", false)
	m.UserInfo = flag("userinfo.token.claim", m.IDToken)
	m.Introspection = flag("introspection.token.claim", m.AccessToken)
	return m
}

// ListClientScopes returns the default and optional client scopes of a client
// (by internal id), default ones first.
func (c *Client) ListClientScopes(ctx context.Context, realm, id string) ([]ClientScopeRef, error) {
	op := fmt.Sprintf("list client scopes of client %s", id)
	all, err := c.clientScopesByID(ctx, op, realm)
	if err != nil {
		return nil, err
	}
	out := []ClientScopeRef{}
	for _, isDefault := range []bool{true, false} {
		refs, err := c.clientScopeRefs(ctx, op, realm, id, isDefault)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			s := all[r.ID]
			out = append(out, ClientScopeRef{ID: r.ID, Name: r.Name, Description: s.Description, Protocol: s.Protocol, Default: isDefault})
		}
	}
	return out, nil
}

// ClientProtocolMappers returns the mappers that shape the tokens of the
// client with this clientId ("web") when no scope parameter is sent: the
// client's own mappers, then those of its default client scopes. Optional
// scopes are left out; see ListClientScopes.
func (c *Client) ClientProtocolMappers(ctx context.Context, realm, clientID string) ([]ProtocolMapper, error) {
	op := fmt.Sprintf("list protocol mappers of client %q", clientID)
	cl, err := c.FindClient(ctx, realm, clientID)
	if err != nil {
		return nil, err
	}
	var own struct {
		ProtocolMappers []protocolMapperRep `json:"protocolMappers"`
	}
	// raw: gocloak.Client carries the secret, which a read for display must not.
	if err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "clients", cl.ID), out: &own}); err != nil {
		return nil, err
	}
	defaults, err := c.clientScopeRefs(ctx, op, realm, cl.ID, true)
	if err != nil {
		return nil, err
	}
	all, err := c.clientScopesByID(ctx, op, realm)
	if err != nil {
		return nil, err
	}

	out := []ProtocolMapper{}
	sortMappers := func(ms []protocolMapperRep) {
		sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	}
	sortMappers(own.ProtocolMappers)
	for _, m := range own.ProtocolMappers {
		out = append(out, m.mapper(""))
	}
	for _, d := range defaults {
		s := all[d.ID]
		sortMappers(s.ProtocolMappers)
		for _, m := range s.ProtocolMappers {
			out = append(out, m.mapper(d.Name))
		}
	}
	return out, nil
}

// clientScopesByID reads every client scope of the realm with its mappers in
// one request.
func (c *Client) clientScopesByID(ctx context.Context, op, realm string) (map[string]clientScopeRep, error) {
	// raw: gocloak.ClientScope drops attribute and mapper config keys it does not know.
	reps, err := getJSON[[]clientScopeRep](ctx, c, op, adminPath("realms", realm, "client-scopes"), nil)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]clientScopeRep, len(reps))
	for _, r := range reps {
		byID[r.ID] = r
	}
	return byID, nil
}

// scopeRef is a client scope by id and name.
type scopeRef struct{ ID, Name string }

// clientScopeRefs lists the client's default or optional scopes, by name.
func (c *Client) clientScopeRefs(ctx context.Context, op, realm, id string, isDefault bool) ([]scopeRef, error) {
	out, err := typedList(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.ClientScope, error) {
		if isDefault {
			return c.gc.GetClientsDefaultScopes(ctx, token, esc(realm), esc(id))
		}
		return c.gc.GetClientsOptionalScopes(ctx, token, esc(realm), esc(id))
	}, func(r gocloak.ClientScope) scopeRef {
		return scopeRef{ID: gocloak.PString(r.ID), Name: gocloak.PString(r.Name)}
	})
	return sortedBy(out, err, func(v scopeRef) string { return v.Name })
}
