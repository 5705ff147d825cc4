package keycloak

import (
	"context"
	"strings"
)

// UserSearchResult is one page of a user search and which search ran.
type UserSearchResult struct {
	Items []User `json:"items"`
	// Contains says the prefix search found nobody and the page is that of
	// the "contains" search instead; Search is then the search that ran
	// ("*example.com*"), which the next pages and the count must use.
	Contains bool   `json:"contains"`
	Search   string `json:"search"`
}

// containsSearch is the "contains" form of a search over all name fields:
// Keycloak matches a prefix unless the value is wrapped in "*". It applies
// only to a plain, not exact search: one with a "*" or quotes of its own
// says already how it wants to match.
func (q UserQuery) containsSearch() (UserQuery, bool) {
	s := strings.TrimSpace(q.Search)
	if s == "" || q.Exact || strings.ContainsAny(s, `*"`) {
		return q, false
	}
	q.Search = "*" + s + "*"
	return q, true
}

// ListUsersOrContaining is ListUsers, except that a first page of a plain
// search over all name fields that finds nobody by prefix ("example.com"
// starts no username or email) is answered by the "contains" search
// ("*example.com*"), and the result says so. Later pages are not retried:
// a prefix search that found someone keeps paging by prefix.
func (c *Client) ListUsersOrContaining(ctx context.Context, realm string, q UserQuery) (UserSearchResult, error) {
	items, err := c.ListUsers(ctx, realm, q)
	if err != nil {
		return UserSearchResult{}, err
	}
	res := UserSearchResult{Items: items, Search: strings.TrimSpace(q.Search)}
	if len(items) > 0 || q.First > 0 {
		return res, nil
	}
	cq, ok := q.containsSearch()
	if !ok {
		return res, nil
	}
	items, err = c.ListUsers(ctx, realm, cq)
	if err != nil {
		return UserSearchResult{}, err
	}
	return UserSearchResult{Items: items, Contains: true, Search: cq.Search}, nil
}
