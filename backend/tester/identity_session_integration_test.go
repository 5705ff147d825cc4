//go:build integration

package tester

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/test/livekc"
)

// realmAdmin reads users' sessions in realm demo with the bootstrap admin.
type realmAdmin struct {
	t *testing.T
	c *keycloak.Client
}

func newRealmAdmin(t *testing.T) *realmAdmin {
	t.Helper()
	return &realmAdmin{t: t, c: livekc.Admin(t, 30*time.Second)}
}

// sessions lists the ids of a user's sessions.
func (a *realmAdmin) sessions(username string) []string {
	a.t.Helper()
	ctx := context.Background()
	u, err := a.c.FindUserByUsername(ctx, "demo", username)
	if err != nil {
		a.t.Fatalf("user %q: %v", username, err)
	}
	s, err := a.c.ListUserSessions(ctx, "demo", u.ID)
	if err != nil {
		a.t.Fatalf("sessions of %q: %v", username, err)
	}
	ids := make([]string, len(s.Sessions))
	for i, sess := range s.Sessions {
		ids[i] = sess.ID
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
