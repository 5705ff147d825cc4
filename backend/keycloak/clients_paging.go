package keycloak

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Paging helpers for the lists of groups, roles and clients. Keycloak counts
// users and top-level groups but not clients, roles, group members or the
// holders of a role: for those a page is fetched with one extra item, which
// says whether another page follows without loading the rest.

// defaultListMax and maxListMax bound the page size of these lists.
const (
	defaultListMax = 20
	maxListMax     = 500
)

// pageBounds clamps first to ≥ 0 and max to 1..maxListMax (default
// defaultListMax).
func pageBounds(first, max int) (int, int) {
	if first < 0 {
		first = 0
	}
	switch {
	case max <= 0:
		max = defaultListMax
	case max > maxListMax:
		max = maxListMax
	}
	return first, max
}

// briefQuery asks for max items from first on, in brief representation.
func briefQuery(first, max int) url.Values {
	return url.Values{"first": {strconv.Itoa(first)}, "max": {strconv.Itoa(max)}, "briefRepresentation": {"true"}}
}

// probeQuery asks Keycloak for one item more than the page holds.
func probeQuery(q url.Values, first, max int) url.Values {
	if q == nil {
		q = url.Values{}
	}
	q.Set("first", strconv.Itoa(first))
	q.Set("max", strconv.Itoa(max+1))
	return q
}

// openPage turns the result of a probeQuery into a page. When the extra item
// came back, another page follows and Total is a lower bound; otherwise
// Total is exact.
func openPage[T any](items []T, first, max int) Page[T] {
	if items == nil {
		items = []T{}
	}
	if len(items) > max {
		return Page[T]{Items: items[:max], Total: first + max + 1, Estimated: true}
	}
	return Page[T]{Items: items, Total: first + len(items)}
}

// mapItems converts every item of a slice.
func mapItems[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

// briefPage reads one open-ended page of brief representations at path (see
// probeQuery and openPage) and converts each item.
func briefPage[T, U any](ctx context.Context, c *Client, op, path string, first, max int, conv func(T) U) (Page[U], error) {
	var reps []T
	q := probeQuery(url.Values{"briefRepresentation": {"true"}}, first, max)
	if err := c.do(ctx, op, request{method: http.MethodGet, path: path, query: q, out: &reps}); err != nil {
		return Page[U]{}, err
	}
	return openPage(mapItems(reps, conv), first, max), nil
}
