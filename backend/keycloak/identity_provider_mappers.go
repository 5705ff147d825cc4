package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// IdPMapper maps what an identity provider sends (a claim, a SAML
// attribute) onto the user: an attribute, a role, a group.
type IdPMapper struct {
	ID     string            `json:"id"`
	Name   string            `json:"name"`
	Type   string            `json:"type"` // e.g. oidc-user-attribute-idp-mapper
	Config map[string]string `json:"config"`
}

// IdPMapperType is a kind of mapper the provider offers, with the settings
// its form asks for.
type IdPMapperType struct {
	ID         string              `json:"id"`
	Name       string              `json:"name"`
	Category   string              `json:"category"`
	HelpText   string              `json:"helpText"`
	Properties []IdPMapperProperty `json:"properties"`
}

// IdPMapperProperty is one setting of a mapper type.
type IdPMapperProperty struct {
	Name         string   `json:"name"`
	Label        string   `json:"label"`
	HelpText     string   `json:"helpText"`
	Type         string   `json:"type"` // String, boolean, List, Map, Role, Group…
	DefaultValue string   `json:"defaultValue"`
	Options      []string `json:"options"`
}

// ListIdPMappers returns the provider's mappers by name.
func (c *Client) ListIdPMappers(ctx context.Context, realm, alias string) ([]IdPMapper, error) {
	out, err := typedList(ctx, c, fmt.Sprintf("list mappers of identity provider %q", alias),
		func(ctx context.Context, token string) ([]*gocloak.IdentityProviderMapper, error) {
			return c.gc.GetIdentityProviderMappers(ctx, token, esc(realm), esc(alias))
		},
		func(r gocloak.IdentityProviderMapper) IdPMapper {
			cfg := map[string]string{}
			if r.Config != nil {
				cfg = *r.Config
			}
			return IdPMapper{ID: gocloak.PString(r.ID), Name: gocloak.PString(r.Name), Type: gocloak.PString(r.IdentityProviderMapper), Config: cfg}
		})
	return sortedBy(out, err, func(v IdPMapper) string { return v.Name })
}

// IdPMapperTypes returns the kinds of mapper the provider offers, by name.
func (c *Client) IdPMapperTypes(ctx context.Context, realm, alias string) ([]IdPMapperType, error) {
	var reps map[string]struct {
		IdPMapperType
		Properties []struct {
			IdPMapperProperty
			DefaultValue any `json:"defaultValue"`
		} `json:"properties"`
	}
	// raw: gocloak 13.9 has no mapper-types call.
	err := c.do(ctx, fmt.Sprintf("list mapper types of identity provider %q", alias), request{
		method: http.MethodGet, path: adminPath("realms", realm, "identity-provider", "instances", alias, "mapper-types"), out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]IdPMapperType, 0, len(reps))
	for _, r := range reps {
		t := r.IdPMapperType
		t.Properties = make([]IdPMapperProperty, 0, len(r.Properties))
		for _, p := range r.Properties {
			prop := p.IdPMapperProperty
			// Keycloak sends defaults as strings, booleans or lists.
			if p.DefaultValue != nil {
				prop.DefaultValue = fmt.Sprint(p.DefaultValue)
			}
			t.Properties = append(t.Properties, prop)
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CreateIdPMapper adds a mapper to the provider and returns its id.
func (c *Client) CreateIdPMapper(ctx context.Context, realm, alias string, m IdPMapper) (string, error) {
	op := fmt.Sprintf("create mapper %q of identity provider %q", m.Name, alias)
	if err := c.writableInput(op, m.validate()); err != nil {
		return "", err
	}
	cfg := m.Config
	if cfg == nil {
		cfg = map[string]string{}
	}
	rep := gocloak.IdentityProviderMapper{
		Name: gocloak.StringP(m.Name), IdentityProviderAlias: gocloak.StringP(alias),
		IdentityProviderMapper: gocloak.StringP(m.Type), Config: &cfg,
	}
	return typed(ctx, c, op, func(ctx context.Context, token string) (string, error) {
		return c.gc.CreateIdentityProviderMapper(ctx, token, esc(realm), esc(alias), rep)
	})
}

// UpdateIdPMapper writes a mapper's name and settings; settings the form
// did not send keep their stored value. The type is fixed once created.
func (c *Client) UpdateIdPMapper(ctx context.Context, realm, alias string, m IdPMapper) error {
	op := fmt.Sprintf("update mapper %q of identity provider %q", m.Name, alias)
	if err := c.writable(op); err != nil {
		return err
	}
	// gocloak's mapper type holds every field Keycloak sends.
	rep, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.IdentityProviderMapper, error) {
		return c.gc.GetIdentityProviderMapperByID(ctx, token, esc(realm), esc(alias), esc(m.ID))
	})
	if err != nil {
		return err
	}
	m.Type = gocloak.PString(rep.IdentityProviderMapper)
	if err := m.validate(); err != nil {
		return invalidInput(op, err)
	}
	cfg := map[string]string{}
	if rep.Config != nil {
		cfg = *rep.Config
	}
	for k, v := range m.Config {
		cfg[k] = v
	}
	rep.Name, rep.Config = gocloak.StringP(m.Name), &cfg
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.UpdateIdentityProviderMapper(ctx, token, esc(realm), esc(alias), *rep)
	})
}

// DeleteIdPMapper removes a mapper.
func (c *Client) DeleteIdPMapper(ctx context.Context, realm, alias, id string) error {
	op := fmt.Sprintf("delete mapper %s of identity provider %q", id, alias)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteIdentityProviderMapper(ctx, token, esc(realm), esc(alias), esc(id))
	})
}

func (m IdPMapper) validate() error {
	var problems []string
	if strings.TrimSpace(m.Name) == "" {
		problems = append(problems, "name is empty")
	}
	if strings.TrimSpace(m.Type) == "" {
		problems = append(problems, "mapper type is empty")
	}
	return problemsError(problems)
}
