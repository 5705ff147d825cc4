package keycloak

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// GroupRef names a group by id, name and full path ("/staff/berlin").
type GroupRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Path string `json:"path"`
}

func groupRefOf(g gocloak.Group) GroupRef {
	return GroupRef{ID: gocloak.PString(g.ID), Name: gocloak.PString(g.Name), Path: gocloak.PString(g.Path)}
}

// UserGroups lists the groups the user is a direct member of.
func (c *Client) UserGroups(ctx context.Context, realm, userID string) ([]GroupRef, error) {
	params := gocloak.GetGroupsParams{BriefRepresentation: gocloak.BoolP(true), Max: gocloak.IntP(1000)}
	out, err := typedList(ctx, c, fmt.Sprintf("list groups of user %s", userID), func(ctx context.Context, token string) ([]*gocloak.Group, error) {
		return c.gc.GetUserGroups(ctx, token, esc(realm), esc(userID), params)
	}, groupRefOf)
	return sortedBy(out, err, func(v GroupRef) string { return v.Path })
}

// JoinGroup makes the user a member of the group.
func (c *Client) JoinGroup(ctx context.Context, realm, userID, groupID string) error {
	op := fmt.Sprintf("add user %s to group %s", userID, groupID)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.AddUserToGroup(ctx, token, esc(realm), esc(userID), esc(groupID))
	})
}

// LeaveGroup ends the user's membership of the group.
func (c *Client) LeaveGroup(ctx context.Context, realm, userID, groupID string) error {
	op := fmt.Sprintf("remove user %s from group %s", userID, groupID)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteUserFromGroup(ctx, token, esc(realm), esc(userID), esc(groupID))
	})
}

// FindGroups searches groups by name at any depth, for pickers; each match
// comes with its full path.
func (c *Client) FindGroups(ctx context.Context, realm, search string, max int) ([]GroupRef, error) {
	if max <= 0 || max > 100 {
		max = 100
	}
	params := gocloak.GetGroupsParams{BriefRepresentation: gocloak.BoolP(true), Max: gocloak.IntP(max)}
	if s := strings.TrimSpace(search); s != "" {
		params.Search = gocloak.StringP(s)
	}
	reps, err := typed(ctx, c, fmt.Sprintf("search groups in realm %q", realm), func(ctx context.Context, token string) ([]*gocloak.Group, error) {
		return c.gc.GetGroups(ctx, token, esc(realm), params)
	})
	if err != nil {
		return nil, err
	}
	// A search returns the matching groups inside their ancestors: flatten.
	var out []GroupRef
	var walk func(g gocloak.Group)
	walk = func(g gocloak.Group) {
		if search == "" || strings.Contains(strings.ToLower(gocloak.PString(g.Name)), strings.ToLower(strings.TrimSpace(search))) {
			out = append(out, groupRefOf(g))
		}
		if g.SubGroups != nil {
			for _, sub := range *g.SubGroups {
				walk(sub)
			}
		}
	}
	for _, g := range reps {
		walk(*g)
	}
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
	// Each segment escaped on its own: the slashes between them stay.
	escaped := strings.TrimPrefix(adminPath(strings.Split(strings.TrimPrefix(path, "/"), "/")...), "/")
	g, err := typed(ctx, c, fmt.Sprintf("find group %q in realm %q", path, realm), func(ctx context.Context, token string) (*gocloak.Group, error) {
		return c.gc.GetGroupByPath(ctx, token, esc(realm), escaped)
	})
	if err != nil {
		return GroupRef{}, err
	}
	return groupRefOf(*g), nil
}
