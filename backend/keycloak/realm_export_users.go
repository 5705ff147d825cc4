package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/Nerzal/gocloak/v13"
)

// exportUsersPage is how many users one request of an export reads.
const exportUsersPage = 100

// ExportRealmWithUsers is ExportRealm with the realm's users added, each
// with its groups (paths), realm and client roles (names) and linked
// identity-provider accounts, so a partial import recreates them. Keycloak
// never hands out credentials: the users come without passwords, OTP
// devices or passkeys and must set them again. It costs three requests per
// user on top of the export.
func (c *Client) ExportRealmWithUsers(ctx context.Context, realm string) ([]byte, error) {
	op := fmt.Sprintf("export realm %q with its users", realm)
	raw, err := c.partialExport(ctx, op, realm)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, &Error{Op: op, Message: "unreadable export: " + err.Error(), Err: ErrServer}
	}
	users, err := c.exportUsers(ctx, op, realm)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(users)
	if err != nil {
		return nil, fmt.Errorf("%s: encode users: %w", op, err)
	}
	top["users"] = b
	whole, err := json.Marshal(top)
	if err != nil {
		return nil, fmt.Errorf("%s: encode: %w", op, err)
	}
	out, err := CanonicalJSON(whole)
	if err != nil {
		return nil, fmt.Errorf("%s: canonical form: %w", op, err)
	}
	return out, nil
}

// exportUsers reads every user as a UserRepresentation a partial import
// accepts.
func (c *Client) exportUsers(ctx context.Context, op, realm string) ([]map[string]any, error) {
	out := []map[string]any{}
	for first := 0; ; first += exportUsersPage {
		// raw: users are exported as Keycloak sends them; gocloak.User drops fields (notBefore).
		var page []map[string]any
		err := c.do(ctx, op, request{
			method: http.MethodGet, path: adminPath("realms", realm, "users"),
			query: url.Values{"first": {strconv.Itoa(first)}, "max": {strconv.Itoa(exportUsersPage)}, "briefRepresentation": {"false"}},
			out:   &page,
		})
		if err != nil {
			return nil, err
		}
		for _, u := range page {
			if err := c.addUserRelations(ctx, op, realm, u); err != nil {
				return nil, err
			}
			// What the admin may do with the user, computed per request.
			delete(u, "access")
			out = append(out, u)
		}
		if len(page) < exportUsersPage {
			return out, nil
		}
	}
}

func (c *Client) addUserRelations(ctx context.Context, op, realm string, u map[string]any) error {
	id, _ := u["id"].(string)
	// Every group: max -1.
	params := gocloak.GetGroupsParams{Max: gocloak.IntP(-1), BriefRepresentation: gocloak.BoolP(true)}
	groups, err := typed(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.Group, error) {
		return c.gc.GetUserGroups(ctx, token, esc(realm), esc(id), params)
	})
	if err != nil {
		return err
	}
	if len(groups) > 0 {
		paths := make([]string, len(groups))
		for i, g := range groups {
			paths[i] = gocloak.PString(g.Path)
		}
		u["groups"] = paths
	}
	mappings, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.MappingsRepresentation, error) {
		return c.gc.GetRoleMappingByUserID(ctx, token, esc(realm), esc(id))
	})
	if err != nil {
		return err
	}
	if mappings.RealmMappings != nil && len(*mappings.RealmMappings) > 0 {
		names := make([]string, 0, len(*mappings.RealmMappings))
		for _, r := range *mappings.RealmMappings {
			names = append(names, gocloak.PString(r.Name))
		}
		u["realmRoles"] = names
	}
	if len(mappings.ClientMappings) > 0 {
		byClient := map[string][]string{}
		for clientID, m := range mappings.ClientMappings {
			if m == nil || m.Mappings == nil {
				continue
			}
			for _, r := range *m.Mappings {
				byClient[clientID] = append(byClient[clientID], gocloak.PString(r.Name))
			}
		}
		u["clientRoles"] = byClient
	}
	links, err := typed(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.FederatedIdentityRepresentation, error) {
		return c.gc.GetUserFederatedIdentities(ctx, token, esc(realm), esc(id))
	})
	if err != nil {
		return err
	}
	if len(links) > 0 {
		u["federatedIdentities"] = links
	}
	return nil
}
