package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// ClientMappers returns the client's own (dedicated) protocol mappers, by the
// client's internal id, sorted by name.
func (c *Client) ClientMappers(ctx context.Context, realm, id string) ([]ProtocolMapper, error) {
	op := fmt.Sprintf("list the mappers of client %s", id)
	// raw: gocloak 13.9 has no call listing a client's mappers.
	reps, err := getJSON[[]protocolMapperRep](ctx, c, op, adminPath("realms", realm, "clients", id, "protocol-mappers", "models"), nil)
	if err != nil {
		return nil, err
	}
	return mappersOf(reps, ""), nil
}

// ClientScopeMappers returns the mappers of one client scope, sorted by name.
func (c *Client) ClientScopeMappers(ctx context.Context, realm, scopeID string) ([]ProtocolMapper, error) {
	op := fmt.Sprintf("list the mappers of client scope %s", scopeID)
	// raw: gocloak.ClientScope types a mapper's config as a fixed struct and
	// drops every other key.
	scope, err := getJSON[clientScopeRep](ctx, c, op, adminPath("realms", realm, "client-scopes", scopeID), nil)
	if err != nil {
		return nil, err
	}
	return mappersOf(scope.ProtocolMappers, scope.Name), nil
}

func mappersOf(reps []protocolMapperRep, scope string) []ProtocolMapper {
	sort.Slice(reps, func(i, j int) bool { return reps[i].Name < reps[j].Name })
	out := make([]ProtocolMapper, 0, len(reps))
	for _, r := range reps {
		out = append(out, r.mapper(scope))
	}
	return out
}

// CreateClientMapper adds a protocol mapper to a client (by internal id) and
// returns it as Keycloak stored it.
func (c *Client) CreateClientMapper(ctx context.Context, realm, id string, in MapperInput) (ProtocolMapper, error) {
	op := fmt.Sprintf("add mapper %q to client %s", in.Name, id)
	if err := c.writableInput(op, ValidateMapper(in)); err != nil {
		return ProtocolMapper{}, err
	}
	t, _ := mapperType(in.Type)
	cfg := in.newConfig(t)
	rep := gocloak.ProtocolMapperRepresentation{
		Name: gocloak.StringP(in.Name), Protocol: gocloak.StringP(protocolOIDC),
		ProtocolMapper: gocloak.StringP(in.Type), Config: &cfg,
	}
	mapperID, err := typed(ctx, c, op, func(ctx context.Context, token string) (string, error) {
		return c.gc.CreateClientProtocolMapper(ctx, token, esc(realm), esc(id), rep)
	})
	if err != nil {
		return ProtocolMapper{}, err
	}
	return protocolMapperRep{ID: mapperID, Name: in.Name, Protocol: protocolOIDC, ProtocolMapper: in.Type, Config: cfg}.mapper(""), nil
}

// UpdateClientMapper edits one of the client's own mappers: it reads the
// mapper, writes the input's fields over it and keeps every config key the
// type's form does not show. Neither the name nor the type can change.
func (c *Client) UpdateClientMapper(ctx context.Context, realm, id, mapperID string, in MapperInput) error {
	op := fmt.Sprintf("update mapper %q of client %s", in.Name, id)
	if err := c.writableInput(op, ValidateMapper(in)); err != nil {
		return err
	}
	// raw: gocloak 13.9 has no call reading one client mapper; its type
	// holds every field Keycloak sends, so the typed PUT below keeps them.
	var current gocloak.ProtocolMapperRepresentation
	path := adminPath("realms", realm, "clients", id, "protocol-mappers", "models", mapperID)
	if err := c.do(ctx, op, request{method: http.MethodGet, path: path, out: &current}); err != nil {
		return err
	}
	if got := gocloak.PString(current.ProtocolMapper); got != in.Type {
		return &Error{Op: op, Message: fmt.Sprintf("the mapper is of type %s, not %s; a mapper's type cannot change", got, in.Type), Err: ErrInvalidInput}
	}
	// Keycloak keeps a mapper's name on update whatever the body says.
	if got := gocloak.PString(current.Name); got != in.Name {
		return &Error{Op: op, Message: fmt.Sprintf("the mapper is named %q; Keycloak cannot rename a mapper (add a new one and remove this one)", got), Err: ErrInvalidInput}
	}
	var have map[string]string
	if current.Config != nil {
		have = *current.Config
	}
	t, _ := mapperType(in.Type)
	cfg := in.overlay(t, have)
	current.Config = &cfg
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.UpdateClientProtocolMapper(ctx, token, esc(realm), esc(id), esc(mapperID), current)
	})
}

// DeleteClientMapper removes one of the client's own mappers.
func (c *Client) DeleteClientMapper(ctx context.Context, realm, id, mapperID string) error {
	op := fmt.Sprintf("delete mapper %s of client %s", mapperID, id)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteClientProtocolMapper(ctx, token, esc(realm), esc(id), esc(mapperID))
	})
}
