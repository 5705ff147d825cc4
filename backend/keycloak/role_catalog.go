package keycloak

import (
	"context"
	"net/url"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"
)

// RoleCatalog is every role name a realm defines: its realm roles and, per
// client (by clientId), that client's roles. Names only: it answers "does
// this role exist", for suggestions and checks, not who holds it.
type RoleCatalog struct {
	Realm   []string            `json:"realm"`
	Clients map[string][]string `json:"clients"`
}

// RoleCatalog reads the names of every realm role and every client role of
// realm, page by page, so a realm with many roles is read whole.
func (c *Client) RoleCatalog(ctx context.Context, realm string) (RoleCatalog, error) {
	const op = "list role names"
	type nameRep struct {
		Name string `json:"name"`
	}
	brief := url.Values{"briefRepresentation": {"true"}}
	realmRoles, err := readAllPages[nameRep](ctx, c, op, adminPath("realms", realm, "roles"), brief)
	if err != nil {
		return RoleCatalog{}, err
	}
	cat := RoleCatalog{Realm: make([]string, 0, len(realmRoles)), Clients: map[string][]string{}}
	for _, r := range realmRoles {
		cat.Realm = append(cat.Realm, r.Name)
	}
	sort.Strings(cat.Realm)

	clients, err := readAllPages[struct {
		ID       string `json:"id"`
		ClientID string `json:"clientId"`
	}](ctx, c, op, adminPath("realms", realm, "clients"), nil)
	if err != nil {
		return RoleCatalog{}, err
	}
	var mu sync.Mutex
	eg, ectx := errgroup.WithContext(ctx)
	eg.SetLimit(graphFetchLimit)
	for _, cl := range clients {
		eg.Go(func() error {
			reps, err := readAllPages[nameRep](ectx, c, op, adminPath("realms", realm, "clients", cl.ID, "roles"), brief)
			if err != nil {
				return err
			}
			if len(reps) == 0 {
				return nil
			}
			names := make([]string, len(reps))
			for i, r := range reps {
				names[i] = r.Name
			}
			sort.Strings(names)
			mu.Lock()
			cat.Clients[cl.ClientID] = names
			mu.Unlock()
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return RoleCatalog{}, err
	}
	return cat, nil
}
