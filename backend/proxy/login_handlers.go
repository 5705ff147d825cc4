package proxy

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/tandemhq/tandem/backend/outbound"
	"github.com/tandemhq/tandem/backend/routes"
)

// endpointOutcome is what a sign-in endpoint did, for the request log.
type endpointOutcome struct {
	verdict Decision
	reason  string
	subject string
	user    string // preferred_username, for the request log
	via     Via
}

// isEndpoint reports whether path (normalised) is one of sign-in's four.
func isEndpoint(path string) bool {
	switch path {
	case routes.LoginPath, routes.CallbackPath, routes.LogoutPath, routes.MePath:
		return true
	}
	return false
}

// serve answers one of the four sign-in endpoints.
func (l *login) serve(w http.ResponseWriter, r *http.Request, path, requestID string) endpointOutcome {
	switch path {
	case routes.LoginPath:
		return l.start(w, r, requestID)
	case routes.CallbackPath:
		return l.callback(w, r, requestID)
	case routes.LogoutPath:
		return l.logout(w, r)
	default:
		return l.me(w, r, requestID)
	}
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow, requestID string) endpointOutcome {
	w.Header().Set("Allow", allow)
	writeSignInError(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "This endpoint accepts "+allow+".", requestID)
	return endpointOutcome{verdict: DecisionNoRoute, reason: "method " + r.Method + " not allowed (allowed: " + allow + ")"}
}

// idpUnreachable answers 502 while the IdP cannot be reached.
func idpUnreachable(w http.ResponseWriter, r *http.Request, err error, requestID string) endpointOutcome {
	writeSignInError(w, r, http.StatusBadGateway, "bad_gateway", "The identity provider cannot be reached; try again in a moment.", requestID)
	return endpointOutcome{verdict: DecisionUpstreamError, reason: "identity provider unreachable: " + logReason(err)}
}

// start begins a sign-in: a fresh state, nonce and PKCE verifier sealed in
// the flow cookie with where to go afterwards, and a redirect to the IdP.
func (l *login) start(w http.ResponseWriter, r *http.Request, requestID string) endpointOutcome {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return methodNotAllowed(w, r, "GET, HEAD", requestID)
	}
	ep, err := l.endpoints(r.Context())
	if err != nil {
		return idpUnreachable(w, r, err, requestID)
	}
	f := &flow{RD: safeRedirect(r.URL.Query().Get("rd")), Verifier: oauth2.GenerateVerifier(), Started: l.now().Unix()}
	if f.State, err = randomToken(); err == nil {
		f.Nonce, err = randomToken()
	}
	var value string
	if err == nil {
		value, err = l.sealFlow(f)
	}
	if err != nil {
		writeSignInError(w, r, http.StatusInternalServerError, "internal", "Sign-in could not be started.", requestID)
		return endpointOutcome{verdict: DecisionBadRequest, reason: "start sign-in: " + err.Error()}
	}
	http.SetCookie(w, cookieAttrs{maxAge: int(flowLifetime / time.Second)}.cookie(r, l.flowName, value))
	target := l.oauth(ep, l.callbackURL(r)).AuthCodeURL(f.State,
		oauth2.S256ChallengeOption(f.Verifier), oauth2.SetAuthURLParam("nonce", f.Nonce))
	redirect(w, http.StatusFound, target)
	return endpointOutcome{verdict: DecisionLoginRedirect, reason: "sign-in started"}
}

// callback finishes a sign-in: the state is checked against the flow
// cookie, the code exchanged (with the PKCE verifier), the ID token and the
// access token verified, and the session cookie set. Every failure answers
// 4xx (502 when the IdP cannot be reached) and sets no session.
func (l *login) callback(w http.ResponseWriter, r *http.Request, requestID string) endpointOutcome {
	if r.Method != http.MethodGet {
		return methodNotAllowed(w, r, "GET", requestID)
	}
	fail := func(status int, code, message, reason string) endpointOutcome {
		clearCookie(w.Header(), r, l.flowName)
		writeSignInError(w, r, status, code, message, requestID)
		verdict := DecisionUnauthorized
		if status == http.StatusBadRequest {
			verdict = DecisionBadRequest
		}
		return endpointOutcome{verdict: verdict, reason: reason}
	}
	q := r.URL.Query()
	f, ok := l.readFlow(r)
	if !ok {
		return fail(http.StatusBadRequest, "sign_in_expired",
			"This sign-in was not started in this browser or has expired; start again.", "callback without a valid flow cookie")
	}
	if e := q.Get("error"); e != "" {
		e = headerSafe(e)
		status := http.StatusBadRequest
		if e == "access_denied" {
			status = http.StatusForbidden
		}
		msg := "The identity provider refused the sign-in (" + e + ")"
		if d := q.Get("error_description"); d != "" {
			msg += ": " + headerSafe(d)
		}
		return fail(status, "sign_in_refused", msg+".", "identity provider error: "+e)
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		return fail(http.StatusBadRequest, "bad_state", "The sign-in answer does not belong to this sign-in (state mismatch); start again.", "state mismatch")
	}
	code := q.Get("code")
	if code == "" {
		return fail(http.StatusBadRequest, "bad_request", "The sign-in answer carries no code.", "callback without code")
	}
	ep, err := l.endpoints(r.Context())
	if err != nil {
		clearCookie(w.Header(), r, l.flowName)
		return idpUnreachable(w, r, err, requestID)
	}
	tok, err := l.oauth(ep, l.callbackURL(r)).Exchange(l.clientContext(r.Context()), code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) {
			clearCookie(w.Header(), r, l.flowName)
			return idpUnreachable(w, r, errors.New(idpErrorText(err)), requestID)
		}
		return fail(http.StatusBadRequest, "code_refused",
			"The identity provider refused the sign-in code (it may have been used already); start again.", "code exchange: "+idpErrorText(err))
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return fail(http.StatusBadRequest, "no_id_token", "The identity provider sent no ID token (is openid among the scopes?).", "no id_token in the token response")
	}
	idt, err := l.idTokens.Verify(r.Context(), rawID)
	if err != nil {
		return fail(http.StatusUnauthorized, "invalid_id_token", "The ID token was refused.", "ID token refused: "+headerSafe(err.Error()))
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return fail(http.StatusUnauthorized, "invalid_id_token", "The ID token was refused (nonce mismatch).", "ID token nonce mismatch")
	}
	id, err := l.verify(r.Context(), tok.AccessToken)
	if err != nil {
		return fail(http.StatusUnauthorized, "invalid_token", "The access token was refused: "+err.Error()+".", "access token refused: "+logReason(err))
	}
	if idt.Subject != id.subject {
		return fail(http.StatusUnauthorized, "invalid_token", "The ID token and the access token name different users.", "ID token and access token subjects differ")
	}
	sid, err := randomToken()
	if err != nil {
		return fail(http.StatusInternalServerError, "internal", "The session could not be created.", err.Error())
	}
	s := &session{ID: sid, Access: tok.AccessToken, Refresh: tok.RefreshToken, IDToken: rawID, Expiry: id.expiry.Unix()}
	value, err := l.sessions.seal(s)
	if err != nil {
		return fail(http.StatusInternalServerError, "internal", "The session could not be created.", "seal session: "+err.Error())
	}
	clearCookie(w.Header(), r, l.flowName)
	setCookie(w.Header(), r, cookieAttrs{}, l.sessions.name, value)
	redirect(w, http.StatusFound, f.RD)
	return endpointOutcome{verdict: DecisionAllowed, reason: "signed in", subject: id.subject, user: id.username, via: ViaSession}
}

// logout ends the session: at the IdP back-channel (its logout endpoint
// with the refresh token and the client's credentials), then the cookie,
// then a redirect to rd (302 after GET, 303 after POST).
func (l *login) logout(w http.ResponseWriter, r *http.Request) endpointOutcome {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return methodNotAllowed(w, r, "GET, POST", "")
	}
	rd := r.URL.Query().Get("rd")
	if r.Method == http.MethodPost && rd == "" {
		r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
		rd = r.PostFormValue("rd")
	}
	out := endpointOutcome{verdict: DecisionAllowed, reason: "signed out", via: ViaNone}
	if s, _, _, ok := l.sessions.read(r); ok {
		out.via = ViaSession
		if err := l.endSession(r.Context(), s); err != nil {
			out.reason = "signed out here; the identity provider's session may live on: " + err.Error()
			l.log.Warn("sign-out at the identity provider failed", "err", err)
		}
	}
	clearCookie(w.Header(), r, l.sessions.name)
	status := http.StatusFound
	if r.Method == http.MethodPost {
		status = http.StatusSeeOther
	}
	redirect(w, status, safeRedirect(rd))
	return out
}

// endSession ends the session at the IdP with its refresh token.
func (l *login) endSession(ctx context.Context, s *session) error {
	if s.Refresh == "" {
		return nil
	}
	ep, err := l.endpoints(ctx)
	if err != nil {
		return err
	}
	if ep.endSession == "" {
		return errors.New("the identity provider has no logout endpoint")
	}
	form := url.Values{"client_id": {l.clientID}, "refresh_token": {s.Refresh}}
	if l.clientSecret != "" {
		form.Set("client_secret", l.clientSecret)
	}
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	resp, err := outbound.PostForm(ctx, l.client, ep.endSession, form)
	if err != nil {
		return errors.New(errorWithoutURL(err))
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return errors.New("logout endpoint answered " + resp.Status)
	}
	return nil
}

// meBody is what /_tandem/auth/me answers.
type meBody struct {
	Sub       string   `json:"sub"`
	Name      string   `json:"name"`
	Email     string   `json:"email"`
	Roles     []string `json:"roles"`
	ExpiresAt string   `json:"expires_at"`
}

// me answers the identity of the caller (bearer token or session) as JSON,
// or 401. authenticated is the identity the request path established.
func (l *login) me(w http.ResponseWriter, r *http.Request, requestID string) endpointOutcome {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return methodNotAllowed(w, r, "GET, HEAD", requestID)
	}
	var (
		id  *identity
		raw string
		out endpointOutcome
	)
	if token, present, ok := bearerToken(r); present {
		out.via = ViaBearer
		err := errMalformedAuthorization
		if ok {
			id, err = l.verify(r.Context(), token)
		}
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tandem", error="invalid_token", error_description="`+headerQuote(err.Error())+`"`)
			writeJSONError(w, http.StatusUnauthorized, "invalid_token", "The bearer token was refused: "+err.Error()+".", requestID)
			return endpointOutcome{verdict: DecisionUnauthorized, reason: logReason(err), via: ViaBearer}
		}
		raw = token
	} else {
		sr := l.authenticate(r.Context(), r)
		l.writeSessionCookie(w, r, &sr)
		if sr.id == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tandem"`)
			writeJSONError(w, http.StatusUnauthorized, "unauthorized", "Not signed in.", requestID)
			return endpointOutcome{verdict: DecisionUnauthorized, reason: "not signed in", via: ViaNone}
		}
		out.via, id, raw = ViaSession, sr.id, sr.sess.Access
	}
	body := meBody{Sub: id.subject, Roles: id.heldRoles(), ExpiresAt: id.expiry.UTC().Format(time.RFC3339)}
	if body.Roles == nil {
		body.Roles = []string{}
	}
	// The token has just been verified: its payload is read for the two
	// claims the identity does not keep.
	if claims, err := payloadClaims(raw); err == nil {
		body.Name, _ = claims["preferred_username"].(string)
		body.Email, _ = claims["email"].(string)
	}
	data, _ := json.Marshal(body)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(data, '\n'))
	out.verdict, out.subject, out.user = DecisionAllowed, id.subject, id.username
	return out
}

// writeSessionCookie sets or clears the session cookie as a session read
// concluded.
func (l *login) writeSessionCookie(w http.ResponseWriter, r *http.Request, sr *sessionResult) {
	switch {
	case sr.setCookie != "":
		setCookie(w.Header(), r, cookieAttrs{}, l.sessions.name, sr.setCookie)
	case sr.clear():
		clearCookie(w.Header(), r, l.sessions.name)
	}
}

func writeJSONError(w http.ResponseWriter, status int, code, message, requestID string) {
	writeErrorBody(w, status, errorBody{Error: code, Message: message, RequestID: requestID})
}

// payloadClaims decodes a compact JWS's payload without checking it: only
// for a token that has just been verified.
func payloadClaims(raw string) (map[string]any, error) {
	jws, err := parseCompact(raw)
	if err != nil {
		return nil, err
	}
	return decodeClaims(jws.payload)
}
