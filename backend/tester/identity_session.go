package tester

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/tandemhq/tandem/backend/outbound"
)

// maxSessions bounds what one token source remembers: a send obtains one
// token, a matrix two. Past the bound the oldest is ended right away.
const maxSessions = 8

// endSessionsTimeout bounds EndSessions as a whole, however many sessions it
// ends and whatever the caller's context.
const endSessionsTimeout = 5 * time.Second

// session is a Keycloak login started by a grant: what the logout endpoint
// needs to end it. The refresh token is kept in memory only, never logged.
type session struct {
	realm        string
	clientID     string
	clientSecret string
	refreshToken string
}

// remember records the session a successful grant started.
func (ts *TokenSource) remember(realm string, form url.Values, refreshToken string) {
	s := session{realm: realm, clientID: form.Get("client_id"), clientSecret: form.Get("client_secret"), refreshToken: refreshToken}
	ts.mu.Lock()
	ts.sessions = append(ts.sessions, s)
	var evicted []session
	if n := len(ts.sessions) - maxSessions; n > 0 {
		evicted = append(evicted, ts.sessions[:n]...)
		ts.sessions = append([]session(nil), ts.sessions[n:]...)
	}
	ts.mu.Unlock()
	if len(evicted) > 0 {
		_ = ts.end(context.Background(), evicted)
	}
}

// EndSessions logs out every session this source's grants started, with
// OpenID Connect's logout endpoint (client id, secret for a confidential
// client, refresh token). Tokens already issued stay valid until they
// expire, so call it once the requests using them are done. It runs even
// when ctx is already cancelled, for at most 5 seconds in all; errors name
// the client, never a token.
func (ts *TokenSource) EndSessions(ctx context.Context) error {
	ts.mu.Lock()
	sessions := ts.sessions
	ts.sessions = nil
	ts.mu.Unlock()
	return ts.end(ctx, sessions)
}

func (ts *TokenSource) end(ctx context.Context, sessions []session) error {
	if len(sessions) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), endSessionsTimeout)
	defer cancel()
	var errs []error
	for _, s := range sessions {
		if err := ts.logout(ctx, s); err != nil {
			errs = append(errs, fmt.Errorf("end the session of client %q: %w", s.clientID, err))
		}
	}
	return errors.Join(errs...)
}

func (ts *TokenSource) logout(ctx context.Context, s session) error {
	endpoint, err := ts.endpoint(s.realm, "logout")
	if err != nil {
		return err
	}
	form := url.Values{"client_id": {s.clientID}, "refresh_token": {s.refreshToken}}
	if s.clientSecret != "" {
		form.Set("client_secret", s.clientSecret)
	}
	resp, err := outbound.PostForm(ctx, ts.client(), endpoint, form)
	if err != nil {
		// The url.Error names the endpoint only: the refresh token is in the body.
		return err
	}
	return logoutAnswered(resp, 2, "the identity provider")
}

// logoutAnswered closes a logout's response, read to the end (bounded) so
// its connection can be reused, and wants its status in class (2 for 2xx,
// 3 for 3xx); who names the server in the error.
func logoutAnswered(resp *http.Response, class int, who string) error {
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != class {
		return fmt.Errorf("%s answered HTTP %d to the logout", who, resp.StatusCode)
	}
	return nil
}
