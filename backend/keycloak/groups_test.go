package keycloak

import (
	"context"
	"net/http"
	"testing"
)

func init() {
	readOnlyCase("CreateGroup", func(ctx context.Context, c *Client) error {
		_, err := c.CreateGroup(ctx, "r", "", "g")
		return err
	})
	readOnlyCase("RenameGroup", func(ctx context.Context, c *Client) error { return c.RenameGroup(ctx, "r", "id", "g") })
	readOnlyCase("DeleteGroup", func(ctx context.Context, c *Client) error { return c.DeleteGroup(ctx, "r", "id") })
}

func TestListGroupsSearchIsOpenEndedAndKeepsTheMatchingBranch(t *testing.T) {
	f := newFakeKeycloak(t)
	f.handle(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/admin/realms/r/groups" || q.Get("search") != "ber" || q.Get("first") != "0" || q.Get("max") != "2" {
			t.Errorf("request = %s, want a search for one item more than the page", r.URL)
		}
		writeJSON(w, http.StatusOK, []map[string]any{
			{"id": "1", "name": "staff", "path": "/staff", "subGroupCount": 3, "subGroups": []map[string]any{
				{"id": "2", "name": "berlin", "path": "/staff/berlin", "parentId": "1"},
			}},
			{"id": "3", "name": "bern", "path": "/bern"},
		})
	})
	c, _ := f.client()
	page, err := c.ListGroups(context.Background(), "r", " ber ", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !page.Estimated || page.Total != 2 {
		t.Fatalf("page = %+v, want one group and an open-ended total", page)
	}
	g := page.Items[0]
	if g.SubGroupCount != 3 || len(g.SubGroups) != 1 || g.SubGroups[0].Path != "/staff/berlin" || g.SubGroups[0].ParentID != "1" {
		t.Fatalf("group = %+v, want the berlin branch under staff", g)
	}
}

func TestListGroupsWithoutSearchCountsTopLevelGroups(t *testing.T) {
	c := routedClient(t, map[string]any{
		"/admin/realms/r/groups/count": func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("top") != "true" {
				t.Errorf("count without top=true counts subgroups too: %s", r.URL)
			}
			writeJSON(w, http.StatusOK, map[string]int{"count": 41})
		},
		"/admin/realms/r/groups": []map[string]any{{"id": "1", "name": "a", "path": "/a"}},
	})
	page, err := c.ListGroups(context.Background(), "r", "", 40, 20)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 41 || page.Estimated || len(page.Items) != 1 || page.Items[0].SubGroups == nil {
		t.Fatalf("page = %+v, want total 41, exact, with an empty (not null) branch", page)
	}
}

func TestRenameGroupKeepsWhatItDoesNotEdit(t *testing.T) {
	f := newFakeKeycloak(t)
	stored := f.storeOne(map[string]any{
		"id": "g1", "name": "old", "path": "/old", "attributes": map[string][]string{"site": {"berlin"}},
		"access": map[string]bool{"manage": true}, "subGroups": []any{},
	})
	c, _ := f.client()
	if err := c.RenameGroup(context.Background(), "r", "g1", " new "); err != nil {
		t.Fatal(err)
	}
	put := *stored
	attrs, _ := put["attributes"].(map[string]any)
	if put["name"] != "new" || attrs["site"] == nil || put["access"] != nil || put["subGroups"] != nil {
		t.Fatalf("PUT body = %v, want the new name, the attributes kept and read-only parts dropped", put)
	}
}
