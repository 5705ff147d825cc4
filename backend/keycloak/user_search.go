package keycloak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/Nerzal/gocloak/v13"
	"golang.org/x/sync/errgroup"
)

// MaxPageSize caps one page of a user search.
const MaxPageSize = 500

// UserQuery is a server-side user search. Every field is optional; an empty
// query lists all users, one page at a time.
type UserQuery struct {
	// Search matches username, email, first and last name. Keycloak matches
	// a prefix by default; "*foo*" matches anywhere. With Exact the whole
	// value must match. It cannot be combined with the fields below nor with
	// Attributes: Keycloak then ignores them (see errSearchCombined).
	Search string `json:"search"`
	// Username, Email, FirstName, LastName match one field: a substring, or
	// the whole value with Exact. They combine with each other and with
	// Attributes (all must match).
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	Exact     bool   `json:"exact"`
	// Attributes is Keycloak's attribute query: "key:value", several
	// separated by spaces ("dept:eng site:berlin"); all must match.
	Attributes string `json:"attributes"`
	// First is the offset of the page, Max its size (default 20, at most
	// MaxPageSize).
	First int `json:"first"`
	Max   int `json:"max"`
}

// errSearchCombined refuses a query Keycloak would answer wrongly: when
// `search` is given, Keycloak 26 ignores `q`, `username`, `email`,
// `firstName` and `lastName`, in the list and in the count alike, and so
// would list and count users the other filters exclude.
var errSearchCombined = errors.New("a search across all name fields cannot be combined with an attribute query or a field filter: " +
	"Keycloak would ignore the other filters and list users they exclude; " +
	"search one field (username, email, first name or last name) together with the attributes instead")

// filters returns the query parameters that both the list and the count
// endpoint understand, so the total always counts what the list pages over.
func (q UserQuery) filters() (url.Values, error) {
	v := url.Values{}
	if s := strings.TrimSpace(q.Search); s != "" {
		if strings.TrimSpace(q.Attributes) != "" || strings.TrimSpace(q.Username+q.Email+q.FirstName+q.LastName) != "" {
			return nil, errSearchCombined
		}
		if q.Exact && !strings.HasPrefix(s, `"`) {
			// Keycloak's search syntax for a whole-value match.
			s = `"` + s + `"`
		}
		v.Set("search", s)
	}
	for k, val := range map[string]string{"username": q.Username, "email": q.Email, "firstName": q.FirstName, "lastName": q.LastName} {
		if val = strings.TrimSpace(val); val != "" {
			v.Set(k, val)
		}
	}
	if q.Exact && (q.Username != "" || q.Email != "" || q.FirstName != "" || q.LastName != "") {
		v.Set("exact", "true")
	}
	if a := strings.TrimSpace(q.Attributes); a != "" {
		for _, term := range strings.Fields(a) {
			if k, _, ok := strings.Cut(term, ":"); !ok || k == "" {
				return nil, fmt.Errorf("attribute query term %q is not key:value", term)
			}
		}
		v.Set("q", a)
	}
	return v, nil
}

// SearchUsers returns one page of the users matching q and the number of all
// matches, asked in parallel. Keycloak does the filtering and paging: the
// whole list is never loaded. A screen that pages through one filter should
// call ListUsers per page and CountUsers once: the count scans every match
// again, as dear as the list.
func (c *Client) SearchUsers(ctx context.Context, realm string, q UserQuery) (Page[User], error) {
	var (
		items []User
		total int
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		items, err = c.ListUsers(gctx, realm, q)
		return err
	})
	g.Go(func() (err error) {
		total, err = c.CountUsers(gctx, realm, q)
		return err
	})
	if err := g.Wait(); err != nil {
		return Page[User]{}, err
	}
	page := Page[User]{Items: items, Total: total}
	// The count and the list are two reads: a user created in between must
	// not make the total smaller than what is on screen.
	if q.First < 0 {
		q.First = 0
	}
	if min := q.First + len(page.Items); len(page.Items) > 0 && page.Total < min {
		page.Total = min
	}
	return page, nil
}

// ListUsers returns one page of the users matching q, brief representations
// (no attributes), without counting the matches: the same single request
// Keycloak's own console sends for a page.
func (c *Client) ListUsers(ctx context.Context, realm string, q UserQuery) ([]User, error) {
	op := fmt.Sprintf("search users in realm %q", realm)
	filters, err := q.filters()
	if err != nil {
		return nil, invalidInput(op, err)
	}
	if q.First < 0 {
		q.First = 0
	}
	switch {
	case q.Max <= 0:
		q.Max = 20
	case q.Max > MaxPageSize:
		q.Max = MaxPageSize
	}
	filters.Set("first", strconv.Itoa(q.First))
	filters.Set("max", strconv.Itoa(q.Max))
	filters.Set("briefRepresentation", "true")
	// raw: the query comes from userQuery.filters, shared with the count, which must match it exactly.
	reps, err := getJSON[[]userRep](ctx, c, op, adminPath("realms", realm, "users"), filters)
	if err != nil {
		return nil, err
	}
	items := make([]User, 0, len(reps))
	for _, r := range reps {
		items = append(items, r.user())
	}
	return items, nil
}

// CountUsers returns how many users match q's filters (First and Max are
// ignored). Keycloak counts by scanning every match, so it costs what a
// list of them costs.
func (c *Client) CountUsers(ctx context.Context, realm string, q UserQuery) (int, error) {
	op := fmt.Sprintf("count users in realm %q", realm)
	filters, err := q.filters()
	if err != nil {
		return 0, invalidInput(op, err)
	}
	var total int
	// raw: the query comes from userQuery.filters, shared with the list, which must match it exactly.
	err = c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "users", "count"), query: filters, out: &total})
	return total, err
}

// FindUserByUsername returns the user with exactly this username, or an
// error wrapping ErrNotFound.
func (c *Client) FindUserByUsername(ctx context.Context, realm, username string) (User, error) {
	return c.findUserExactly(ctx, fmt.Sprintf("find user %q in realm %q", username, realm), realm,
		gocloak.GetUsersParams{Username: gocloak.StringP(username), Exact: gocloak.BoolP(true)},
		func(r userRep) string { return gocloak.PString(r.Username) }, username)
}

// FindUserByEmail returns the user whose email is exactly email (Keycloak
// compares emails case-insensitively), or an error wrapping ErrNotFound. It
// is one indexed lookup, unlike a search, which scans.
func (c *Client) FindUserByEmail(ctx context.Context, realm, email string) (User, error) {
	return c.findUserExactly(ctx, fmt.Sprintf("find user with email %q in realm %q", email, realm), realm,
		gocloak.GetUsersParams{Email: gocloak.StringP(email), Exact: gocloak.BoolP(true), BriefRepresentation: gocloak.BoolP(true)},
		func(r userRep) string { return gocloak.PString(r.Email) }, email)
}

// findUserExactly runs an exact lookup and keeps the user whose field equals
// want, ignoring case as Keycloak does.
func (c *Client) findUserExactly(ctx context.Context, op, realm string, params gocloak.GetUsersParams, field func(userRep) string, want string) (User, error) {
	reps, err := typed(ctx, c, op, func(ctx context.Context, token string) ([]*gocloak.User, error) {
		return c.gc.GetUsers(ctx, token, esc(realm), params)
	})
	if err != nil {
		return User{}, err
	}
	for _, g := range reps {
		if r := userRep(*g); strings.EqualFold(field(r), want) {
			return r.user(), nil
		}
	}
	return User{}, &Error{Op: op, Status: http.StatusNotFound, Err: ErrNotFound}
}
