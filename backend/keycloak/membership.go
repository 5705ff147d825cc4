package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// GroupRef names a group by id, name and full path ("/staff/berlin").
type GroupRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Path string `json:"path"`
}

type groupRep struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Path      string     `json:"path"`
	SubGroups []groupRep `json:"subGroups"`
}

// UserGroups lists the groups the user is a direct member of.
func (c *Client) UserGroups(ctx context.Context, realm, userID string) ([]GroupRef, error) {
	var reps []groupRep
	err := c.do(ctx, fmt.Sprintf("list groups of user %s", userID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "users", userID, "groups"),
		query: url.Values{"briefRepresentation": {"true"}, "max": {"1000"}}, out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]GroupRef, 0, len(reps))
	for _, g := range reps {
		out = append(out, GroupRef{ID: g.ID, Name: g.Name, Path: g.Path})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// JoinGroup makes the user a member of the group.
func (c *Client) JoinGroup(ctx context.Context, realm, userID, groupID string) error {
	op := fmt.Sprintf("add user %s to group %s", userID, groupID)
	if err := c.writable(op); err != nil {
		return err
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.AddUserToGroup(ctx, token, esc(realm), esc(userID), esc(groupID))
	})
}

// LeaveGroup ends the user's membership of the group.
func (c *Client) LeaveGroup(ctx context.Context, realm, userID, groupID string) error {
	op := fmt.Sprintf("remove user %s from group %s", userID, groupID)
	if err := c.writable(op); err != nil {
		return err
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteUserFromGroup(ctx, token, esc(realm), esc(userID), esc(groupID))
	})
}

// FindGroups searches groups by name at any depth, for pickers; each match
// comes with its full path.
func (c *Client) FindGroups(ctx context.Context, realm, search string, max int) ([]GroupRef, error) {
	if max <= 0 || max > 100 {
		max = 100
	}
	q := url.Values{"briefRepresentation": {"true"}, "max": {strconv.Itoa(max)}}
	if s := strings.TrimSpace(search); s != "" {
		q.Set("search", s)
	}
	var reps []groupRep
	err := c.do(ctx, fmt.Sprintf("search groups in realm %q", realm), request{
		method: http.MethodGet, path: adminPath("realms", realm, "groups"), query: q, out: &reps,
	})
	if err != nil {
		return nil, err
	}
	// A search returns the matching groups inside their ancestors: flatten.
	var out []GroupRef
	var walk func(gs []groupRep)
	walk = func(gs []groupRep) {
		for _, g := range gs {
			if search == "" || strings.Contains(strings.ToLower(g.Name), strings.ToLower(strings.TrimSpace(search))) {
				out = append(out, GroupRef{ID: g.ID, Name: g.Name, Path: g.Path})
			}
			walk(g.SubGroups)
		}
	}
	walk(reps)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	if out == nil {
		out = []GroupRef{}
	}
	return out, nil
}

// GroupByPath resolves a group path such as "/staff" or "staff/berlin"; a
// missing group fails with ErrNotFound.
func (c *Client) GroupByPath(ctx context.Context, realm, path string) (GroupRef, error) {
	path = "/" + strings.Trim(path, "/")
	var g groupRep
	segments := append([]string{"realms", realm, "group-by-path"}, strings.Split(strings.TrimPrefix(path, "/"), "/")...)
	err := c.do(ctx, fmt.Sprintf("find group %q in realm %q", path, realm), request{
		method: http.MethodGet, path: adminPath(segments...), out: &g,
	})
	if err != nil {
		return GroupRef{}, err
	}
	return GroupRef{ID: g.ID, Name: g.Name, Path: g.Path}, nil
}
