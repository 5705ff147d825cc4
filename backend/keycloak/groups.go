package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"
)

// Group is one node of the group tree.
type Group struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Path     string `json:"path"` // "/staff/berlin"
	ParentID string `json:"parentId"`
	// SubGroupCount is the number of direct children; load them page by page
	// with ListGroupChildren.
	SubGroupCount int `json:"subGroupCount"`
	// SubGroups is filled only in search results: the descendants that match,
	// with the groups leading to them. Everywhere else it is empty.
	SubGroups []Group `json:"subGroups"`
}

// groupNodeRep is the subset of Keycloak's GroupRepresentation the tree reads.
type groupNodeRep struct {
	ID            string         `json:"id"`
	Name          string         `json:"name"`
	Path          string         `json:"path"`
	ParentID      string         `json:"parentId"`
	SubGroupCount int            `json:"subGroupCount"`
	SubGroups     []groupNodeRep `json:"subGroups"`
}

func (r groupNodeRep) group() Group {
	return Group{
		ID: r.ID, Name: r.Name, Path: r.Path, ParentID: r.ParentID,
		SubGroupCount: r.SubGroupCount, SubGroups: mapItems(r.SubGroups, groupNodeRep.group),
	}
}

// ListGroups returns one page of top-level groups. With a search, it returns
// the top-level groups that contain a match at any depth, each with the
// matching branch in SubGroups; Keycloak cannot count those, so the page is
// open-ended (see Page.Estimated).
func (c *Client) ListGroups(ctx context.Context, realm, search string, first, max int) (Page[Group], error) {
	op := fmt.Sprintf("list groups in realm %q", realm)
	first, max = pageBounds(first, max)
	path := adminPath("realms", realm, "groups")
	if s := strings.TrimSpace(search); s != "" {
		var reps []groupNodeRep
		q := probeQuery(url.Values{"search": {s}, "briefRepresentation": {"true"}}, first, max)
		// raw: gocloak.Group drops subGroupCount and parentId, which the tree shows.
		if err := c.do(ctx, op, request{method: http.MethodGet, path: path, query: q, out: &reps}); err != nil {
			return Page[Group]{}, err
		}
		return openPage(mapItems(reps, groupNodeRep.group), first, max), nil
	}

	var (
		reps  []groupNodeRep
		count struct {
			Count int `json:"count"`
		}
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		// raw: gocloak.Group drops subGroupCount and parentId, which the tree shows.
		return c.do(gctx, op, request{method: http.MethodGet, path: path, query: briefQuery(first, max), out: &reps})
	})
	g.Go(func() error {
		// raw: gocloak.GetGroupsParams has no top, so its count includes subgroups.
		return c.do(gctx, op, request{method: http.MethodGet, path: path + "/count", query: url.Values{"top": {"true"}}, out: &count})
	})
	if err := g.Wait(); err != nil {
		return Page[Group]{}, err
	}
	page := Page[Group]{Items: mapItems(reps, groupNodeRep.group), Total: count.Count}
	// Two reads: a group created in between must not make the total smaller
	// than what is on screen.
	page.Total = atLeast(page.Total, first+len(page.Items))
	return page, nil
}

// ListGroupChildren returns one page of the direct children of a group;
// Total is the parent's child count.
func (c *Client) ListGroupChildren(ctx context.Context, realm, parentID string, first, max int) (Page[Group], error) {
	op := fmt.Sprintf("list subgroups of group %s", parentID)
	first, max = pageBounds(first, max)
	var (
		reps   []groupNodeRep
		parent groupNodeRep
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		// raw: gocloak 13.9 has no call listing a group's children.
		return c.do(gctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "groups", parentID, "children"), query: briefQuery(first, max), out: &reps})
	})
	g.Go(func() error {
		// raw: gocloak.Group drops subGroupCount, the child count.
		return c.do(gctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "groups", parentID), out: &parent})
	})
	if err := g.Wait(); err != nil {
		return Page[Group]{}, err
	}
	page := Page[Group]{Items: mapItems(reps, groupNodeRep.group), Total: parent.SubGroupCount}
	page.Total = atLeast(page.Total, first+len(page.Items))
	return page, nil
}

// GetGroup returns one group by id.
func (c *Client) GetGroup(ctx context.Context, realm, id string) (Group, error) {
	// raw: gocloak.Group drops subGroupCount and parentId.
	rep, err := getJSON[groupNodeRep](ctx, c, fmt.Sprintf("get group %s in realm %q", id, realm), adminPath("realms", realm, "groups", id), nil)
	if err != nil {
		return Group{}, err
	}
	g := rep.group()
	g.SubGroups = []Group{} // a single read carries no search branch
	return g, nil
}

// CreateGroup creates a top-level group, or a child of parentID when it is
// set. A sibling with the same name fails with ErrConflict.
func (c *Client) CreateGroup(ctx context.Context, realm, parentID, name string) (Group, error) {
	name = strings.TrimSpace(name)
	op := fmt.Sprintf("create group %q in realm %q", name, realm)
	if parentID != "" {
		op = fmt.Sprintf("create group %q under group %s", name, parentID)
	}
	if err := c.writableInput(op, validGroupName(name)); err != nil {
		return Group{}, err
	}
	group := gocloak.Group{Name: gocloak.StringP(name)}
	id, err := typed(ctx, c, op, func(ctx context.Context, token string) (string, error) {
		if parentID != "" {
			return c.gc.CreateChildGroup(ctx, token, esc(realm), esc(parentID), group)
		}
		return c.gc.CreateGroup(ctx, token, esc(realm), group)
	})
	if err != nil {
		return Group{}, err
	}
	return c.GetGroup(ctx, realm, id)
}

// RenameGroup gives a group a new name; its children's paths follow.
func (c *Client) RenameGroup(ctx context.Context, realm, id, name string) error {
	name = strings.TrimSpace(name)
	op := fmt.Sprintf("rename group %s to %q", id, name)
	if err := c.writableInput(op, validGroupName(name)); err != nil {
		return err
	}
	path := adminPath("realms", realm, "groups", id)
	// raw: gocloak.Group drops description (Keycloak 26).
	body, err := c.readForUpdate(ctx, op, path, "access", "subGroups", "subGroupCount")
	if err != nil {
		return err
	}
	body["name"] = name
	// raw: writes back whole the representation read above.
	return c.do(ctx, op, request{method: http.MethodPut, path: path, body: body})
}

// DeleteGroup deletes a group with all its subgroups. Members stay users;
// they only lose the membership and the roles it gave.
func (c *Client) DeleteGroup(ctx context.Context, realm, id string) error {
	op := fmt.Sprintf("delete group %s in realm %q", id, realm)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteGroup(ctx, token, esc(realm), esc(id))
	})
}

func validGroupName(name string) error {
	if name == "" {
		return fmt.Errorf("the group name is empty")
	}
	return nil
}

// atLeast returns n, raised to floor when smaller.
func atLeast(n, floor int) int {
	if n < floor {
		return floor
	}
	return n
}
