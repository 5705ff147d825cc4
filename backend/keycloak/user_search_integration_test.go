//go:build integration

package keycloak

import (
	"context"
	"net/url"
	"slices"
	"testing"
)

// seedDepartments gives a throwaway realm users whose names contain "maria"
// in different fields, in engineering and elsewhere.
func seedDepartments(t *testing.T, c *Client, realm string) {
	t.Helper()
	ctx := context.Background()
	settings, err := c.GetRealm(ctx, realm)
	if err != nil {
		t.Fatal(err)
	}
	settings.Settings.UnmanagedAttributes = UnmanagedAdminEdit
	if err := c.UpdateRealmSettings(ctx, realm, settings.Settings); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ username, first, last, email, dept string }{
		{"maria.eng", "Maria", "Lopez", "maria.eng@example.com", "engineering"},
		{"maria.sales", "Maria", "Perez", "maria.sales@example.com", "sales"},
		{"maria.hr", "Maria", "Klein", "maria.hr@example.com", "hr"},
		{"jose.eng", "Jose", "Maria", "jose@example.com", "engineering"},
		{"bob.eng", "Bob", "Smith", "marias.friend@example.com", "engineering"},
		{"anna.eng", "Anna", "Amaria", "anna@example.com", "engineering"},
		{"tom.eng", "Tom", "Berg", "tom@example.com", "engineering"},
	} {
		in := UserInput{Username: u.username, FirstName: u.first, LastName: u.last, Email: u.email, Enabled: true,
			Attributes: map[string][]string{"department": {u.dept}}}
		if _, err := c.CreateUser(ctx, realm, in); err != nil {
			t.Fatal(err)
		}
	}
}

func usernames(users []User) []string {
	out := []string{}
	for _, u := range users {
		out = append(out, u.Username)
	}
	slices.Sort(out)
	return out
}

func TestIntegrationUserSearchWithAttributes(t *testing.T) {
	ctx, c, realm := integrationRealm(t)
	seedDepartments(t, c, realm)

	t.Run("Keycloak ignores the attribute query next to search", func(t *testing.T) {
		// The reason for the refusal below: asked directly, Keycloak lists
		// and counts sales and HR people for an engineering query.
		q := url.Values{"search": {"maria"}, "q": {"department:engineering"}, "briefRepresentation": {"true"}}
		var reps []userRep
		rawGet(t, c, adminPath("realms", realm, "users"), q, &reps)
		var count int
		rawGet(t, c, adminPath("realms", realm, "users", "count"), q, &count)
		var got []User
		for _, r := range reps {
			got = append(got, r.user())
		}
		if !slices.Contains(usernames(got), "maria.sales") || count < 4 {
			t.Skipf("Keycloak now honours q next to search (got %v, count %d): the refusal could be lifted", usernames(got), count)
		}
	})

	t.Run("search with attributes is refused", func(t *testing.T) {
		_, err := c.SearchUsers(ctx, realm, UserQuery{Search: "maria", Attributes: "department:engineering"})
		if !isErr(err, ErrInvalidInput) {
			t.Fatalf("err = %v, want ErrInvalidInput", err)
		}
	})

	cases := []struct {
		name  string
		query UserQuery
		want  []string
	}{
		{"username", UserQuery{Username: "maria", Attributes: "department:engineering"}, []string{"maria.eng"}},
		{"first name", UserQuery{FirstName: "maria", Attributes: "department:engineering"}, []string{"maria.eng"}},
		{"last name", UserQuery{LastName: "maria", Attributes: "department:engineering"}, []string{"anna.eng", "jose.eng"}},
		{"email", UserQuery{Email: "maria", Attributes: "department:engineering"}, []string{"bob.eng", "maria.eng"}},
		{"exact username", UserQuery{Username: "maria.eng", Exact: true, Attributes: "department:engineering"}, []string{"maria.eng"}},
		{"exact username elsewhere", UserQuery{Username: "maria.sales", Exact: true, Attributes: "department:engineering"}, []string{}},
		{"attributes alone", UserQuery{Attributes: "department:engineering"}, []string{"anna.eng", "bob.eng", "jose.eng", "maria.eng", "tom.eng"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := c.SearchUsers(ctx, realm, tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := usernames(page.Items); !slices.Equal(got, tc.want) || page.Total != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v (total %d)", got, page.Total, tc.want, len(tc.want))
			}
		})
	}

	t.Run("paged, the count is of all matches", func(t *testing.T) {
		page, err := c.SearchUsers(ctx, realm, UserQuery{Email: "maria", Attributes: "department:engineering", Max: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Total != 2 {
			t.Fatalf("first page: %v (total %d), want one user of 2", usernames(page.Items), page.Total)
		}
	})
}
