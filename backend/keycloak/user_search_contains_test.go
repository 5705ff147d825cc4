package keycloak

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// Only a plain first-page search over all name fields is widened to
// "contains": an exact search, one that says how to match ("*x", quotes),
// a field filter and a later page are sent once, as asked.
func TestListUsersOrContainingWidensOnlyAPlainFirstPage(t *testing.T) {
	f := newFakeKeycloak(t)
	var mu sync.Mutex
	var searches []string
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		searches = append(searches, r.URL.Query().Get("search"))
		mu.Unlock()
		if strings.HasPrefix(r.URL.Query().Get("search"), "*") && strings.HasSuffix(r.URL.Query().Get("search"), "*") {
			writeJSON(w, http.StatusOK, []map[string]any{{"id": "1", "username": "alice"}})
			return
		}
		writeJSON(w, http.StatusOK, []any{})
	})
	c, _ := f.client()
	cases := []struct {
		q        UserQuery
		contains bool
		sent     []string
	}{
		{UserQuery{Search: " example.com "}, true, []string{"example.com", "*example.com*"}},
		{UserQuery{Search: "example.com", Exact: true}, false, []string{`"example.com"`}},
		{UserQuery{Search: "*example.com"}, false, []string{"*example.com"}},
		{UserQuery{Search: "example.com", First: 20}, false, []string{"example.com"}},
		{UserQuery{Email: "example.com"}, false, []string{""}},
	}
	for _, tc := range cases {
		mu.Lock()
		searches = nil
		mu.Unlock()
		got, err := c.ListUsersOrContaining(context.Background(), "demo", tc.q)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		sent := strings.Join(searches, "|")
		mu.Unlock()
		if got.Contains != tc.contains || sent != strings.Join(tc.sent, "|") {
			t.Errorf("%+v: contains %v, sent %q; want %v, %q", tc.q, got.Contains, sent, tc.contains, tc.sent)
		}
		if tc.contains && (got.Search != "*example.com*" || len(got.Items) != 1) {
			t.Errorf("%+v: result %+v", tc.q, got)
		}
	}
}
