package proxy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

// refreshTimeout bounds one refresh at the IdP. It is not the request's
// deadline: the refresh is shared by every request of the session that
// waits for it, and one of them giving up must not fail the others.
const refreshTimeout = 10 * time.Second

// refresh exchanges s's refresh token for fresh tokens. At most one refresh
// per session runs at a time on this instance: requests of the same session
// arriving meanwhile wait for it and share its result (singleflight keyed
// by the session id). oldValue is the cookie s came from, so that requests
// still carrying it are given the new cookie rather than refreshing again.
func (l *login) refresh(ctx context.Context, s *session, oldValue string) (*session, string, error) {
	type refreshed struct {
		s     *session
		value string
	}
	v, err, _ := l.flight.Do(s.ID, func() (any, error) {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		next, value, err := l.refreshOnce(rctx, s)
		if l.onRefresh != nil {
			l.onRefresh(err == nil)
		}
		if err != nil {
			return nil, err
		}
		l.sessions.replaced(s, oldValue, next, value)
		return refreshed{next, value}, nil
	})
	if err != nil {
		return nil, "", err
	}
	r := v.(refreshed)
	return r.s, r.value, nil
}

func (l *login) refreshOnce(ctx context.Context, s *session) (*session, string, error) {
	if s.Refresh == "" {
		return nil, "", errors.New("the session has no refresh token")
	}
	ep, err := l.endpoints(ctx)
	if err != nil {
		return nil, "", err
	}
	src := l.oauth(ep, "").TokenSource(l.clientContext(ctx), &oauth2.Token{RefreshToken: s.Refresh, Expiry: time.Unix(1, 0)})
	tok, err := src.Token()
	if err != nil {
		return nil, "", fmt.Errorf("refresh token: %s", idpErrorText(err))
	}
	id, err := l.verify(ctx, tok.AccessToken)
	if err != nil {
		return nil, "", fmt.Errorf("refreshed access token refused: %s", logReason(err))
	}
	next := &session{ID: s.ID, Access: tok.AccessToken, Refresh: tok.RefreshToken, IDToken: s.IDToken, Expiry: id.expiry.Unix()}
	if raw, _ := tok.Extra("id_token").(string); raw != "" {
		next.IDToken = raw
	}
	value, err := l.sessions.seal(next)
	if err != nil {
		return nil, "", err
	}
	return next, value, nil
}

// idpErrorText describes a failed token request without the response body
// (which an IdP may fill with anything): the OAuth error code and
// description when the IdP answered, else the transport error without URL.
func idpErrorText(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		text := "the identity provider answered " + re.Response.Status
		if re.ErrorCode != "" {
			text += ": " + re.ErrorCode
		}
		if re.ErrorDescription != "" {
			text += " (" + headerSafe(re.ErrorDescription) + ")"
		}
		return text
	}
	return errorWithoutURL(err)
}
