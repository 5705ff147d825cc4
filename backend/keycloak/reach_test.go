package keycloak

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// reachFixture: realm roles user, admin (⊃ user), super (⊃ admin), loop-a ⊃
// loop-b ⊃ loop-a; client api (with a service account) and its role read,
// contained in user. Group staff holds user; its subgroup night has carol
// (disabled). Holders of user: bob; of admin: alice, who is also in staff;
// of super: dave. The api service account holds api:read.
func reachFixture(t *testing.T) (*fakeRealm, *Client) {
	f := newFakeRealm(t)
	for _, u := range []struct {
		id, name string
		enabled  bool
	}{{"u-alice", "alice", true}, {"u-bob", "bob", true}, {"u-carol", "carol", false}, {"u-dave", "dave", true}, {"u-sa", "service-account-api", true}, {"u-fake", "service-account-nothing", true}} {
		f.user(u.id, u.name, u.enabled)
	}
	f.clients = []fakeClientApp{{id: "c-api", clientID: "api", serviceAccount: true}, {id: "c-web", clientID: "web"}}
	f.role("r-read", "read", "c-api").users = []string{"u-sa"}
	f.role("r-user", "user", "", "r-read").users = []string{"u-bob", "u-fake"}
	f.role("r-admin", "admin", "", "r-user").users = []string{"u-alice"}
	f.role("r-super", "super", "", "r-admin").users = []string{"u-dave"}
	f.role("r-loop-a", "loop-a", "", "r-loop-b")
	f.role("r-loop-b", "loop-b", "", "r-loop-a").users = []string{"u-dave"}
	f.role("r-other", "other", "c-web")
	f.group("g-staff", "", "staff", "u-alice")
	f.group("g-night", "g-staff", "night", "u-carol")
	f.findRole("r-user").groups = []string{"g-staff"}

	k := newFakeKeycloak(t)
	k.handle(f.serve)
	c, _ := k.client()
	return f, c
}

func TestUsersWithAnyRoleFollowsCompositesGroupsAndSubgroups(t *testing.T) {
	_, c := reachFixture(t)
	page, err := c.UsersWithAnyRole(context.Background(), "r", []RoleName{{ClientID: "api", Name: "read"}}, 0, 50)
	if err != nil {
		t.Fatalf("UsersWithAnyRole: %v", err)
	}
	var got []string
	for _, u := range page.Items {
		got = append(got, fmt.Sprintf("%s|%v|%v|%s", u.Username, u.Enabled, u.ServiceAccount, u.Via))
	}
	want := []string{
		"service-account-api|true|true|role api:read",
		"bob|true|false|role user (includes api:read)",
		"service-account-nothing|true|false|role user (includes api:read)",
		"alice|true|false|group /staff (role user (includes api:read))",
		"carol|false|false|group /staff/night (inherits from /staff (role user (includes api:read)))",
		"dave|true|false|role super (includes api:read)",
	}
	// alice also holds admin directly, but staff comes first: the walk takes
	// each role's direct holders, then its groups, in breadth-first role
	// order (api:read, user, admin, super).
	if !slices.Equal(got, want) {
		t.Fatalf("reach =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if page.Estimated || page.Total != 6 {
		t.Fatalf("total = %d (estimated %v), want exactly 6", page.Total, page.Estimated)
	}
	if page.Items[0].ServiceAccountClientID != "api" {
		t.Fatalf("service account client = %q, want api", page.Items[0].ServiceAccountClientID)
	}
}

func TestUsersWithAnyRolePagesWithoutGapsOrRepeats(t *testing.T) {
	_, c := reachFixture(t)
	whole, err := c.UsersWithAnyRole(context.Background(), "r", []RoleName{{Name: "user"}, {Name: "admin"}}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var paged []string
	for first := 0; ; first += 2 {
		page, err := c.UsersWithAnyRole(context.Background(), "r", []RoleName{{Name: "user"}, {Name: "admin"}}, first, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.Items {
			paged = append(paged, u.ID)
		}
		if !page.Estimated {
			break
		}
		if page.Total != first+3 {
			t.Fatalf("open-ended total at %d = %d, want %d", first, page.Total, first+3)
		}
	}
	var all []string
	for _, u := range whole.Items {
		all = append(all, u.ID)
	}
	if !slices.Equal(paged, all) {
		t.Fatalf("pages of two = %v, one page = %v", paged, all)
	}
	seen := map[string]bool{}
	for _, id := range all {
		if seen[id] {
			t.Fatalf("%s listed twice in %v", id, all)
		}
		seen[id] = true
	}
}

func TestUsersWithAnyRoleStopsReadingOnceThePageIsFull(t *testing.T) {
	f, c := reachFixture(t)
	f.holders(f.findRole("r-user"), 1000)
	page, err := c.UsersWithAnyRole(context.Background(), "r", []RoleName{{Name: "user"}}, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 5 || !page.Estimated {
		t.Fatalf("page = %d items, estimated %v; want 5 and more to come", len(page.Items), page.Estimated)
	}
	// One batch of holders is enough; neither the rest of the holders nor
	// any group is read.
	if reqs := f.requestsMatching("/roles/user/users"); len(reqs) != 1 {
		t.Fatalf("holder requests = %v, want one", reqs)
	}
	if reqs := f.requestsMatching("/groups/"); len(reqs) != 0 {
		t.Fatalf("group requests = %v, want none", reqs)
	}
}

func TestUsersWithAnyRoleSurvivesCompositeCycles(t *testing.T) {
	_, c := reachFixture(t)
	page, err := c.UsersWithAnyRole(context.Background(), "r", []RoleName{{Name: "loop-a"}}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Username != "dave" || page.Items[0].Via != "role loop-b (includes loop-a)" {
		t.Fatalf("reach of loop-a = %+v, want dave through loop-b", page.Items)
	}
}

func TestUsersWithAnyRoleRejectsUnknownAndMalformedRoles(t *testing.T) {
	_, c := reachFixture(t)
	for _, roles := range [][]RoleName{{{Name: "nope"}}, {{ClientID: "web", Name: "nope"}}, {{ClientID: "nope", Name: "read"}}} {
		if _, err := c.UsersWithAnyRole(context.Background(), "r", roles, 0, 10); !errors.Is(err, ErrNotFound) {
			t.Errorf("%v: err = %v, want ErrNotFound", roles, err)
		}
	}
	for _, roles := range [][]RoleName{nil, {{Name: ""}}, {{ClientID: "api", Name: " "}}} {
		if _, err := c.UsersWithAnyRole(context.Background(), "r", roles, 0, 10); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%v: err = %v, want ErrInvalidInput", roles, err)
		}
	}
}

// A role everyone holds: paging to the end reads each holder batch once and
// the role structure once, instead of walking again from the first holder
// for every page.
func TestUsersWithAnyRoleResumesTheWalkForTheNextPage(t *testing.T) {
	f, c := reachFixture(t)
	f.holders(f.findRole("r-user"), 1000)
	ctx := context.Background()
	seen := map[string]bool{}
	first := 0
	for ; ; first += 10 {
		before := len(f.requestsMatching("/roles/user/users"))
		page, err := c.UsersWithAnyRole(ctx, "r", []RoleName{{Name: "user"}}, first, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.Items {
			if seen[u.ID] {
				t.Fatalf("%s listed twice (page at %d)", u.Username, first)
			}
			seen[u.ID] = true
		}
		// A page of 10 needs at most one batch of 100 holders, however deep.
		if n := len(f.requestsMatching("/roles/user/users")) - before; n > 1 {
			t.Fatalf("page at %d read %d holder batches, want at most 1", first, n)
		}
		if !page.Estimated {
			break
		}
	}
	// user's holders (bob, service-account-nothing and the 1000), staff's
	// alice and carol, and admin's and super's own: alice again, dave.
	if len(seen) != 1005 {
		t.Fatalf("%d distinct users, want 1005", len(seen))
	}
	if reqs := f.requestsMatching("/roles/user/users"); len(reqs) != 11 {
		t.Fatalf("holder requests = %d, want 11 (each batch of 100 once)", len(reqs))
	}
	if reqs := f.requestsMatching("/admin/realms/r/roles?"); len(reqs) != 1 {
		t.Fatalf("role list requests = %d, want 1: the role structure is read once per walk", len(reqs))
	}
}

// A page that does not continue the last one (a jump, a reload) walks
// afresh and still lists the same users as one long page.
func TestUsersWithAnyRoleJumpsToAnyPage(t *testing.T) {
	_, c := reachFixture(t)
	ctx := context.Background()
	whole, err := c.UsersWithAnyRole(ctx, "r", []RoleName{{ClientID: "api", Name: "read"}}, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, first := range []int{3, 1, 4, 0} {
		page, err := c.UsersWithAnyRole(ctx, "r", []RoleName{{ClientID: "api", Name: "read"}}, first, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i, u := range page.Items {
			if want := whole.Items[first+i]; u.ID != want.ID || u.Via != want.Via {
				t.Fatalf("page at %d, item %d = %s (%s), want %s (%s)", first, i, u.Username, u.Via, want.Username, want.Via)
			}
		}
	}
}

// Many clients may contain a service account's name: the one it belongs to
// is found however far down the list it comes.
func TestUsersWithAnyRoleFindsTheServiceAccountsClientPastManyLookalikes(t *testing.T) {
	f, c := reachFixture(t)
	var lookalikes []fakeClientApp
	for i := range 150 {
		lookalikes = append(lookalikes, fakeClientApp{id: fmt.Sprintf("c-x%d", i), clientID: fmt.Sprintf("x-api-%03d", i)})
	}
	f.clients = append(lookalikes, f.clients...)
	page, err := c.UsersWithAnyRole(context.Background(), "r", []RoleName{{ClientID: "api", Name: "read"}}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || !page.Items[0].ServiceAccount || page.Items[0].ServiceAccountClientID != "api" {
		t.Fatalf("page = %+v, want service-account-api marked as api's", page.Items)
	}
}
