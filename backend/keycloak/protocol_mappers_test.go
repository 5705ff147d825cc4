package keycloak

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func init() {
	audience := MapperInput{Name: "aud", Type: "oidc-audience-mapper", Config: map[string]string{"included.custom.audience": "api"}}
	readOnlyCase("CreateClientMapper", func(ctx context.Context, c *Client) error {
		_, err := c.CreateClientMapper(ctx, "r", "id", audience)
		return err
	})
	readOnlyCase("UpdateClientMapper", func(ctx context.Context, c *Client) error {
		return c.UpdateClientMapper(ctx, "r", "id", "m", audience)
	})
	readOnlyCase("DeleteClientMapper", func(ctx context.Context, c *Client) error { return c.DeleteClientMapper(ctx, "r", "id", "m") })
	readOnlyCase("AssignClientScope", func(ctx context.Context, c *Client) error {
		return c.AssignClientScope(ctx, "r", "id", "s", true)
	})
	readOnlyCase("UnassignClientScope", func(ctx context.Context, c *Client) error {
		return c.UnassignClientScope(ctx, "r", "id", "s")
	})
}

func TestValidateMapperListsEveryProblem(t *testing.T) {
	err := ValidateMapper(MapperInput{Type: "oidc-usermodel-attribute-mapper", Config: map[string]string{
		"jsonType.label": "float", "multivalued": "yes", "bogus.key": "x",
	}})
	if err == nil {
		t.Fatal("invalid mapper accepted")
	}
	for _, want := range []string{"name is empty", `no field "bogus.key"`, "Claim JSON type must be one of", "Multivalued must be true or false", "User attribute is required", "Token claim name is required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	for _, cfg := range []map[string]string{{}, {"included.client.audience": "web", "included.custom.audience": "api"}} {
		if err := ValidateMapper(MapperInput{Name: "aud", Type: "oidc-audience-mapper", Config: cfg}); err == nil || !strings.Contains(err.Error(), "either") {
			t.Errorf("audience config %v: err = %v, want exactly one audience asked for", cfg, err)
		}
	}
	if err := ValidateMapper(MapperInput{Name: "x", Type: "oidc-sub-mapper"}); err == nil {
		t.Error("a type Tandem does not edit was accepted")
	}
	// A required field with a default may be left out: the default fills it.
	if err := ValidateMapper(MapperInput{Name: "roles", Type: "oidc-usermodel-realm-role-mapper"}); err != nil {
		t.Errorf("realm role mapper with defaults: %v", err)
	}
}

func TestCreateClientMapperFillsTheTypesDefaults(t *testing.T) {
	var posted map[string]any
	c := acceptingCreate(t, "/admin/realms/r/clients/c1/protocol-mappers/models", "m9", &posted)
	m, err := c.CreateClientMapper(context.Background(), "r", "c1", MapperInput{Name: "groups", Type: "oidc-group-membership-mapper", Config: map[string]string{"full.path": "false", "id.token.claim": "false"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := posted["config"].(map[string]any)
	if posted["protocolMapper"] != "oidc-group-membership-mapper" || posted["protocol"] != "openid-connect" ||
		cfg["claim.name"] != "groups" || cfg["full.path"] != "false" || cfg["access.token.claim"] != "true" || cfg["id.token.claim"] != "false" {
		t.Fatalf("POST body = %v", posted)
	}
	if m.ID != "m9" || m.Claim != "groups" || !m.AccessToken || m.IDToken {
		t.Fatalf("created mapper = %+v", m)
	}
}

func TestUpdateClientMapperKeepsWhatTheFormDoesNotShow(t *testing.T) {
	f := newFakeKeycloak(t)
	stored := f.storeOne(map[string]any{
		"id": "m1", "name": "dept", "protocol": "openid-connect", "protocolMapper": "oidc-usermodel-attribute-mapper",
		"consentRequired": false,
		"config": map[string]string{
			"user.attribute": "department", "claim.name": "department", "jsonType.label": "String",
			"lightweight.claim": "true", "aggregate.attrs": "true", "multivalued": "true",
		},
	})
	c, _ := f.client()
	err := c.UpdateClientMapper(context.Background(), "r", "c1", "m1", MapperInput{Name: "dept", Type: "oidc-usermodel-attribute-mapper", Config: map[string]string{
		"user.attribute": "department", "claim.name": "org.department", "access.token.claim": "true", "id.token.claim": "false",
	}})
	put := *stored
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := put["config"].(map[string]any)
	if cfg["lightweight.claim"] != "true" || cfg["aggregate.attrs"] != "true" {
		t.Errorf("config keys the form does not show were dropped: %v", cfg)
	}
	if cfg["claim.name"] != "org.department" || cfg["id.token.claim"] != "false" || put["name"] != "dept" || put["id"] != "m1" {
		t.Errorf("PUT body = %v, want the edited fields", put)
	}
	// A shown field the input leaves empty is cleared, not kept.
	if _, ok := cfg["multivalued"]; ok {
		t.Errorf("multivalued kept although the edit cleared it: %v", cfg)
	}
}

// A mapper's type cannot change, and Keycloak keeps its name whatever an
// update says: both are refused rather than reported as saved, and nothing
// is written.
func TestUpdateClientMapperRefusesATypeChangeOrARename(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stored map[string]any
		in     MapperInput
		want   string
	}{
		{
			"type change",
			map[string]any{"id": "m1", "name": "x", "protocolMapper": "oidc-hardcoded-claim-mapper", "config": map[string]string{}},
			MapperInput{Name: "x", Type: "oidc-audience-mapper", Config: map[string]string{"included.custom.audience": "api"}},
			"cannot change",
		},
		{
			"rename",
			map[string]any{"id": "m1", "name": "aud", "protocolMapper": "oidc-audience-mapper", "config": map[string]string{}},
			MapperInput{Name: "audience", Type: "oidc-audience-mapper", Config: map[string]string{"included.custom.audience": "api"}},
			"cannot rename",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeKeycloak(t)
			f.handle(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet {
					t.Errorf("the mapper was written: %s", r.Method)
				}
				writeJSON(w, http.StatusOK, tc.stored)
			})
			c, _ := f.client()
			err := c.UpdateClientMapper(context.Background(), "r", "c1", "m1", tc.in)
			wantInvalidInput(t, err, tc.want)
		})
	}
}
