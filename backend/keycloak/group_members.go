package keycloak

import (
	"context"
	"fmt"

	"github.com/Nerzal/gocloak/v13"
)

// ListGroupMembers returns one page of the group's direct members (members
// of its subgroups are listed on the subgroups). Disabled users are included
// with Enabled false. Add and remove members with JoinGroup and LeaveGroup.
func (c *Client) ListGroupMembers(ctx context.Context, realm, groupID string, first, max int) (Page[UserRef], error) {
	op := fmt.Sprintf("list members of group %s", groupID)
	first, max = pageBounds(first, max)
	// One member more than the page holds tells whether another follows.
	params := gocloak.GetGroupsParams{First: gocloak.IntP(first), Max: gocloak.IntP(max + 1), BriefRepresentation: gocloak.BoolP(true)}
	refs, err := typedList(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.User, error) {
		return c.gc.GetGroupMembers(ctx, token, esc(realm), esc(groupID), params)
	}, userRefOf)
	if err != nil {
		return Page[UserRef]{}, err
	}
	page := openPage(refs, first, max)
	if err := c.serviceAccounts(realm).mark(ctx, op, page.Items); err != nil {
		return Page[UserRef]{}, err
	}
	return page, nil
}
