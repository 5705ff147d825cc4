package keycloak

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"
)

// roleGraph is the realm's composite-role structure turned around: for each
// role, the composite roles that contain it. Keycloak only answers "what does
// this role contain", so finding who contains a role means reading every
// composite role once. It holds roles, never users: its size is the number of
// roles in the realm.
type roleGraph struct {
	roles   map[string]roleNode // by id
	parents map[string][]string // role id → ids of the composite roles containing it
}

type roleNode struct {
	ID         string
	Name       string
	ClientUUID string // empty for a realm role
	ClientID   string
	Composite  bool
}

// roleName names the node's role; a realm role has no client.
func (n roleNode) roleName() RoleName {
	if n.ClientUUID != "" {
		return RoleName{ClientID: n.ClientID, Name: n.Name}
	}
	return RoleName{Name: n.Name}
}

func (n roleNode) label() string { return n.roleName().label() }

// graphFetchLimit bounds the requests the graph loader runs at once.
const graphFetchLimit = 8

// graphPageSize is the page size used to read every role and client.
const graphPageSize = 500

// loadRoleGraph reads the realm's roles, every client's roles and the
// composites of each composite role.
func (c *Client) loadRoleGraph(ctx context.Context, op, realm string) (*roleGraph, error) {
	g := &roleGraph{roles: map[string]roleNode{}, parents: map[string][]string{}}
	var mu sync.Mutex
	add := func(reps []roleDetailRep, clientUUID, clientID string) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range reps {
			g.roles[r.ID] = roleNode{ID: r.ID, Name: r.Name, ClientUUID: clientUUID, ClientID: clientID, Composite: r.Composite}
		}
	}

	realmRoles, err := readAllPages[roleDetailRep](ctx, c, op, adminPath("realms", realm, "roles"), url.Values{"briefRepresentation": {"false"}})
	if err != nil {
		return nil, err
	}
	add(realmRoles, "", "")
	clients, err := readAllPages[struct {
		ID       string `json:"id"`
		ClientID string `json:"clientId"`
	}](ctx, c, op, adminPath("realms", realm, "clients"), nil)
	if err != nil {
		return nil, err
	}
	eg, ectx := errgroup.WithContext(ctx)
	eg.SetLimit(graphFetchLimit)
	for _, cl := range clients {
		eg.Go(func() error {
			reps, err := readAllPages[roleDetailRep](ectx, c, op, adminPath("realms", realm, "clients", cl.ID, "roles"), url.Values{"briefRepresentation": {"false"}})
			if err != nil {
				return err
			}
			add(reps, cl.ID, cl.ClientID)
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}

	eg, ectx = errgroup.WithContext(ctx)
	eg.SetLimit(graphFetchLimit)
	for _, n := range g.roles {
		if !n.Composite {
			continue
		}
		eg.Go(func() error {
			children, err := c.compositesOf(ectx, op, realm, n.ID)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, ch := range children {
				g.parents[ch.ID] = append(g.parents[ch.ID], n.ID)
			}
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	// Requests finish in any order: sort, so that the walk, and with it the
	// paging, is the same every time.
	for id, ps := range g.parents {
		sort.Slice(ps, func(i, j int) bool { return g.roles[ps[i]].label() < g.roles[ps[j]].label() })
		g.parents[id] = ps
	}
	return g, nil
}

// reachedRole is a role whose holders hold one of the asked-for roles.
type reachedRole struct {
	node roleNode
	// via is empty for an asked-for role, else the asked-for role it
	// contains (possibly through further composites).
	via string
}

// holdersOf returns the asked-for roles followed by every composite role
// that contains one of them, directly or through other composites, each once.
func (g *roleGraph) holdersOf(targets []roleNode) []reachedRole {
	seen := map[string]bool{}
	var out []reachedRole
	for _, t := range targets {
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, reachedRole{node: t})
		}
	}
	for i := 0; i < len(out); i++ {
		r := out[i]
		via := r.via
		if via == "" {
			via = r.node.label()
		}
		for _, p := range g.parents[r.node.ID] {
			if !seen[p] {
				seen[p] = true
				out = append(out, reachedRole{node: g.roles[p], via: via})
			}
		}
	}
	return out
}

// readAllPages reads a list endpoint to its end, graphPageSize items at a
// time. Only for lists whose size is that of the realm's configuration
// (roles, clients), never for users.
func readAllPages[T any](ctx context.Context, c *Client, op, path string, q url.Values) ([]T, error) {
	var all []T
	for first := 0; ; first += graphPageSize {
		pq := url.Values{}
		for k, v := range q {
			pq[k] = v
		}
		pq.Set("first", strconv.Itoa(first))
		pq.Set("max", strconv.Itoa(graphPageSize))
		var page []T
		// raw: one pager for roles and clients; gocloak.Client would carry every client's secret.
		if err := c.do(ctx, op, request{method: http.MethodGet, path: path, query: pq, out: &page}); err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < graphPageSize {
			return all, nil
		}
	}
}
