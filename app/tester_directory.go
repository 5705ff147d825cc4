package app

import (
	"context"
	"errors"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/tester"
)

// keycloakDirectory adapts the admin client to tester.Directory.
type keycloakDirectory struct {
	c *keycloak.Client
}

func (d keycloakDirectory) UsersWithAnyRole(ctx context.Context, realm string, roles []string, first, max int) (tester.MemberPage, error) {
	names, err := reachRoles(roles)
	if err != nil {
		return tester.MemberPage{}, err
	}
	page, err := d.c.UsersWithAnyRole(ctx, realm, names, first, max)
	if err != nil {
		return tester.MemberPage{}, err
	}
	out := tester.MemberPage{Items: make([]tester.Member, 0, len(page.Items)), Total: page.Total, Estimated: page.Estimated}
	for _, u := range page.Items {
		out.Items = append(out.Items, tester.Member{ID: u.ID, Username: u.Username, Email: u.Email, Enabled: u.Enabled,
			ServiceAccount: u.ServiceAccount, Via: u.Via})
	}
	return out, nil
}

// rolePage is the most roles asked for per request.
const rolePage = 500

func (d keycloakDirectory) DefinedRoles(ctx context.Context, realm string, clients []string) (tester.RealmRoles, error) {
	out := tester.RealmRoles{Clients: map[string][]string{}}
	realmRoles, err := d.allRoles(ctx, realm, "")
	if err != nil {
		return out, err
	}
	out.Realm = realmRoles
	for _, clientID := range clients {
		if _, done := out.Clients[clientID]; done {
			continue
		}
		cl, err := d.c.FindClient(ctx, realm, clientID)
		if errors.Is(err, keycloak.ErrNotFound) {
			continue // absent from the map: the lint says the client does not exist
		}
		if err != nil {
			return out, err
		}
		names, err := d.allRoles(ctx, realm, cl.ID)
		if err != nil {
			return out, err
		}
		out.Clients[clientID] = names
	}
	return out, nil
}

func (d keycloakDirectory) allRoles(ctx context.Context, realm, clientUUID string) ([]string, error) {
	names := []string{}
	for first := 0; ; first += rolePage {
		page, err := d.c.ListRoles(ctx, realm, clientUUID, "", first, rolePage)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Items {
			names = append(names, r.Name)
		}
		if !page.Estimated || len(page.Items) == 0 {
			return names, nil
		}
	}
}
