package keycloak

import (
	"context"
	"fmt"
	"sort"
)

// ClientScope is a client scope of the realm, as the scope picker lists it.
type ClientScope struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Protocol    string `json:"protocol"`
	Mappers     int    `json:"mappers"`
}

// RealmClientScopes lists the realm's client scopes, sorted by name.
func (c *Client) RealmClientScopes(ctx context.Context, realm string) ([]ClientScope, error) {
	byID, err := c.clientScopesByID(ctx, fmt.Sprintf("list the client scopes of realm %q", realm), realm)
	if err != nil {
		return nil, err
	}
	out := make([]ClientScope, 0, len(byID))
	for _, s := range byID {
		out = append(out, ClientScope{ID: s.ID, Name: s.Name, Description: s.Description, Protocol: s.Protocol, Mappers: len(s.ProtocolMappers)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// AssignClientScope gives a client (by internal id) a client scope, as a
// default scope (in every token) or an optional one (when a token request
// names it). A scope the client has as the other kind is moved: Keycloak
// keeps a scope in one list only.
func (c *Client) AssignClientScope(ctx context.Context, realm, id, scopeID string, optional bool) error {
	op := fmt.Sprintf("assign client scope %s to client %s", scopeID, id)
	if err := c.writable(op); err != nil {
		return err
	}
	s, found, err := c.assignedScope(ctx, realm, id, scopeID)
	if err != nil {
		return err
	}
	if found {
		if s.Default != optional {
			return nil // already there as asked
		}
		if err := c.removeClientScope(ctx, op, realm, id, scopeID, s.Default); err != nil {
			return err
		}
	}
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		if optional {
			return c.gc.AddOptionalScopeToClient(ctx, token, esc(realm), esc(id), esc(scopeID))
		}
		return c.gc.AddDefaultScopeToClient(ctx, token, esc(realm), esc(id), esc(scopeID))
	})
}

// UnassignClientScope takes a client scope off a client, default or
// optional. A scope the client does not have is not an error.
func (c *Client) UnassignClientScope(ctx context.Context, realm, id, scopeID string) error {
	op := fmt.Sprintf("unassign client scope %s from client %s", scopeID, id)
	if err := c.writable(op); err != nil {
		return err
	}
	s, found, err := c.assignedScope(ctx, realm, id, scopeID)
	if err != nil || !found {
		return err
	}
	return c.removeClientScope(ctx, op, realm, id, scopeID, s.Default)
}

// assignedScope finds a scope among the client's default and optional ones.
func (c *Client) assignedScope(ctx context.Context, realm, id, scopeID string) (ClientScopeRef, bool, error) {
	assigned, err := c.ListClientScopes(ctx, realm, id)
	if err != nil {
		return ClientScopeRef{}, false, err
	}
	for _, s := range assigned {
		if s.ID == scopeID {
			return s, true, nil
		}
	}
	return ClientScopeRef{}, false, nil
}

func (c *Client) removeClientScope(ctx context.Context, op, realm, id, scopeID string, isDefault bool) error {
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		if isDefault {
			return c.gc.RemoveDefaultScopeFromClient(ctx, token, esc(realm), esc(id), esc(scopeID))
		}
		return c.gc.RemoveOptionalScopeFromClient(ctx, token, esc(realm), esc(id), esc(scopeID))
	})
}
