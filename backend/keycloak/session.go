package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// Session is one active login session of a user.
type Session struct {
	ID         string   `json:"id"`
	IPAddress  string   `json:"ipAddress"`
	Start      int64    `json:"start"`      // milliseconds since the epoch
	LastAccess int64    `json:"lastAccess"` // milliseconds since the epoch
	RememberMe bool     `json:"rememberMe"`
	Clients    []string `json:"clients"` // clientIds the session has tokens for
}

// UserSessions is a user's sessions plus the realm's access token lifespan:
// signing a session out stops refreshes, but access tokens already issued
// stay valid until they expire, up to that many seconds.
type UserSessions struct {
	Sessions            []Session `json:"sessions"`
	AccessTokenLifespan int       `json:"accessTokenLifespan"` // seconds
}

// ListUserSessions returns the user's active sessions, newest first.
func (c *Client) ListUserSessions(ctx context.Context, realm, userID string) (UserSessions, error) {
	op := fmt.Sprintf("list sessions of user %s", userID)
	var reps []struct {
		ID         string            `json:"id"`
		IPAddress  string            `json:"ipAddress"`
		Start      int64             `json:"start"`
		LastAccess int64             `json:"lastAccess"`
		RememberMe bool              `json:"rememberMe"`
		Clients    map[string]string `json:"clients"`
	}
	// raw: gocloak.UserSessionRepresentation drops rememberMe.
	if err := c.do(ctx, op, request{method: http.MethodGet, path: adminPath("realms", realm, "users", userID, "sessions"), out: &reps}); err != nil {
		return UserSessions{}, err
	}
	rep, err := c.realmRep(ctx, op, realm)
	if err != nil {
		return UserSessions{}, err
	}
	out := UserSessions{Sessions: make([]Session, 0, len(reps)), AccessTokenLifespan: gocloak.PInt(rep.AccessTokenLifespan)}
	for _, r := range reps {
		s := Session{ID: r.ID, IPAddress: r.IPAddress, Start: r.Start, LastAccess: r.LastAccess, RememberMe: r.RememberMe, Clients: []string{}}
		for _, clientID := range r.Clients {
			s.Clients = append(s.Clients, clientID)
		}
		sort.Strings(s.Clients)
		out.Sessions = append(out.Sessions, s)
	}
	sort.Slice(out.Sessions, func(i, j int) bool { return out.Sessions[i].Start > out.Sessions[j].Start })
	return out, nil
}

// SignOutSession ends one session.
func (c *Client) SignOutSession(ctx context.Context, realm, sessionID string) error {
	op := fmt.Sprintf("sign out session %s", sessionID)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.LogoutUserSession(ctx, token, esc(realm), esc(sessionID))
	})
}

// SignOutUser ends every session of the user.
func (c *Client) SignOutUser(ctx context.Context, realm, userID string) error {
	op := fmt.Sprintf("sign out user %s", userID)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.LogoutAllSessions(ctx, token, esc(realm), esc(userID))
	})
}
