package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// ListGroupMembers returns one page of the group's direct members (members
// of its subgroups are listed on the subgroups). Disabled users are included
// with Enabled false. Add and remove members with JoinGroup and LeaveGroup.
func (c *Client) ListGroupMembers(ctx context.Context, realm, groupID string, first, max int) (Page[UserRef], error) {
	op := fmt.Sprintf("list members of group %s", groupID)
	first, max = pageBounds(first, max)
	var reps []userRep
	q := probeQuery(url.Values{"briefRepresentation": {"true"}}, first, max)
	if err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "groups", groupID, "members"), query: q, out: &reps}); err != nil {
		return Page[UserRef]{}, err
	}
	page := openPage(mapItems(reps, userRep.ref), first, max)
	if err := c.serviceAccounts(realm).mark(ctx, op, page.Items); err != nil {
		return Page[UserRef]{}, err
	}
	return page, nil
}
