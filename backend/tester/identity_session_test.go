package tester

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

func TestSendEndsTheSessionItsTokenStarted(t *testing.T) {
	tt, cfg, idp := newTestTester(t, nil)
	res, err := tt.Send(context.Background(), cfg, Request{Route: "admin"}, alice)
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Status != 200 {
		t.Fatalf("alice on admin: HTTP %d", res.Response.Status)
	}
	if idp.logins() != 1 || idp.openSessions() != 0 {
		t.Errorf("%d logins, %d still open after the send, want 1 and 0", idp.logins(), idp.openSessions())
	}
}

func TestMatrixEndsTheSessionsOfBothUsers(t *testing.T) {
	tt, cfg, idp := newTestTester(t, nil)
	m, err := tt.Matrix(context.Background(), cfg, MatrixInput{Route: "admin", ValidUser: alice, LackingUser: bob})
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors != 0 {
		t.Fatalf("matrix errors: %+v", m.Rows)
	}
	if idp.logins() != 2 || idp.openSessions() != 0 {
		t.Errorf("%d logins, %d still open after the matrix, want 2 and 0", idp.logins(), idp.openSessions())
	}
}

func TestEndSessionsRunsAfterCancelAndStaysBounded(t *testing.T) {
	idp := newFakeIdP(t)
	ts := NewTokenSource(idp.issuer())
	for range maxSessions + 3 {
		if _, err := ts.PasswordToken(context.Background(), "", "web", "", "alice", "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if n := idp.openSessions(); n != maxSessions {
		t.Errorf("%d sessions open before EndSessions, want the bound %d", n, maxSessions)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ts.EndSessions(cancelled); err != nil {
		t.Fatal(err)
	}
	if n := idp.openSessions(); n != 0 {
		t.Errorf("%d sessions open after EndSessions on a cancelled context", n)
	}
}

func TestEndSessionsErrorsNeverCarryTheRefreshToken(t *testing.T) {
	idp := newFakeIdP(t)
	ts := NewTokenSource(idp.issuer())
	ts.remember("", url.Values{"client_id": {"web"}}, "refresh-that-no-one-issued")
	err := ts.EndSessions(context.Background())
	if err == nil {
		t.Fatal("a logout the IdP refused reported no error")
	}
	if strings.Contains(err.Error(), "refresh-that") || !strings.Contains(err.Error(), `client "web"`) {
		t.Errorf("error %q", err)
	}
	if ts.EndSessions(context.Background()) != nil {
		t.Error("a second EndSessions tried the same session again")
	}
}
