//go:build integration

package tester

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/tandemhq/tandem/test/livekc"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"
)

// realmAdmin reads users' sessions in realm demo with the bootstrap admin.
type realmAdmin struct {
	t     *testing.T
	token string
}

func newRealmAdmin(t *testing.T) *realmAdmin {
	t.Helper()
	form := url.Values{"grant_type": {"password"}, "client_id": {"admin-cli"}, "username": {"admin"}, "password": {"admin"}}
	resp, err := http.PostForm(livekc.URL()+"/realms/master/protocol/openid-connect/token", form)
	if err != nil {
		t.Fatalf("admin login: %v", err)
	}
	defer resp.Body.Close()
	var tr tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil || tr.AccessToken == "" {
		t.Fatalf("admin login: HTTP %d %v", resp.StatusCode, err)
	}
	return &realmAdmin{t: t, token: tr.AccessToken}
}

func (a *realmAdmin) get(path string, out any) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, livekc.URL()+"/admin/realms/demo"+path, nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		a.t.Fatalf("GET %s: HTTP %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		a.t.Fatalf("GET %s: %v", path, err)
	}
}

// sessions lists the ids of a user's sessions.
func (a *realmAdmin) sessions(username string) []string {
	a.t.Helper()
	var users []struct {
		ID string `json:"id"`
	}
	a.get("/users?exact=true&username="+url.QueryEscape(username), &users)
	if len(users) != 1 {
		a.t.Fatalf("user %q: %d found", username, len(users))
	}
	var sessions []struct {
		ID string `json:"id"`
	}
	a.get(fmt.Sprintf("/users/%s/sessions", users[0].ID), &sessions)
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		ids[i] = s.ID
	}
	return ids
}

// sessionOf is the Keycloak session a result's token belongs to.
func sessionOf(t *testing.T, res *Result) string {
	t.Helper()
	if res == nil || res.Token == nil {
		t.Fatal("the result shows no token")
	}
	sid, _ := res.Token.Claims["sid"].(string)
	if sid == "" {
		t.Fatalf("the token has no sid claim: %v", res.Token.Claims)
	}
	return sid
}

// A send as alice leaves no session of hers behind. Other tests may log
// alice in at the same time, so besides the count the check is that the
// session her token names (its sid) is gone.
func TestLiveSendEndsAlicesSession(t *testing.T) {
	admin := newRealmAdmin(t)
	before := admin.sessions("alice")
	res := liveSend(t, liveTester(t), Request{Route: "me"}, alice)
	if res.Response.Status != 200 {
		t.Fatalf("alice on me: HTTP %d", res.Response.Status)
	}
	sid := sessionOf(t, &res)
	after := admin.sessions("alice")
	if slices.Contains(after, sid) {
		t.Errorf("alice's sessions went from %d to %d: the send's session %s is still open", len(before), len(after), sid)
	} else if len(after) > len(before) {
		t.Logf("alice's sessions went from %d to %d, none of them this send's: someone else logged her in meanwhile", len(before), len(after))
	}
}

func TestLiveMatrixEndsTheSessionsOfBothUsers(t *testing.T) {
	admin := newRealmAdmin(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := liveTester(t).Matrix(ctx, liveConfig(), MatrixInput{Route: "admin", ValidUser: alice, LackingUser: bob, Upstream: UpstreamEcho})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range m.Rows {
		if row.Case != CaseValidUser && row.Case != CaseLackingRole {
			continue
		}
		sid := sessionOf(t, row.Result)
		user := "alice"
		if row.Case == CaseLackingRole {
			user = "bob"
		}
		if slices.Contains(admin.sessions(user), sid) {
			t.Errorf("%s's session %s is still open after the matrix", user, sid)
		}
	}
}
