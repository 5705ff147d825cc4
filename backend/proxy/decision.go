package proxy

import (
	"net/http"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// Via says where a request's identity came from.
type Via string

const (
	ViaNone    Via = "none"    // no credentials, or none that were read (public route)
	ViaBearer  Via = "bearer"  // an Authorization header
	ViaSession Via = "session" // a browser sign-in session cookie
)

// authOutcome is what the authentication stage concluded; the trace tells
// its step from it.
type authOutcome uint8

const (
	authNotReached authOutcome = iota // refused before authentication
	authPublic                        // public route: credentials ignored
	authAnonymous                     // optional route, no credentials
	authMissing                       // required route, no credentials
	authInvalid                       // credentials presented and refused
	authVerified                      // an identity was established
)

// decision is everything the proxy concludes about one request before it
// acts: the route, the identity, the verdict, and either the answer the
// proxy gives itself (status != 0) or what to forward. decide computes it
// without touching the response; the handler then acts on it (refuse or
// forward), and the request log's Record and the tester's Trace are both
// read from it, so the three can never tell different stories.
//
// It is a value kept in the pooled exchange: deciding allocates nothing of
// its own on the common path.
type decision struct {
	verdict Decision
	// status is the answer the proxy gives itself; 0 means forward.
	status int
	reason string // for the log and the trace; never a token or a query

	path    string // normalised path (the raw one when normalising failed)
	route   *route // nil when no route matched
	id      *identity
	via     Via
	authn   authOutcome
	client  string // the client's address: the peer, or the first untrusted hop
	secure  bool   // the browser reached us over TLS, here or at a trusted proxy (sign-in sets Secure cookies)
	origin  origin // the scheme and host the browser used (sign-in's callback URL)
	forward string // path sent upstream, still encoded (after strip_prefix)
	// trustedPeer: the peer is a trusted proxy, whose X-Forwarded-* headers
	// are kept (appended to) rather than replaced.
	trustedPeer bool

	// stripped lists the header names removed from the request before
	// deciding (spoofed identity headers, routing headers, ...). Injected
	// headers are route.inject filled from id.
	stripped []string

	// The proxy's own answer, when status != 0.
	errCode         string // the JSON body's "error"
	message         string // the JSON body's "message"
	wwwAuthenticate string // 401/403
	allow           string // 405
	requiredRoles   []string
	retryAfter      time.Duration // 429 (rate limits)
	location        string        // 302 (a browser sent to sign in)

	// Browser sign-in. endpoint is the sign-in endpoint the request asks
	// for ("" for none): the proxy serves it when acting. session is what
	// the request's session cookie held; the response sets or clears the
	// cookie from it. passToken is the access token to forward as a
	// bearer token (route pass_token with a session).
	signIn    *login // the snapshot's sign-in; nil when the file has none
	endpoint  string
	session   sessionResult
	passToken string
}

// forwarded reports whether the decision was to forward the request (the
// upstream may still have failed: see verdict).
func (d *decision) forwarded() bool { return d.status == 0 }

// refuse sets the proxy's own answer.
func (d *decision) refuse(status int, verdict Decision, code, reason, message string) {
	d.status, d.verdict, d.errCode, d.reason, d.message = status, verdict, code, reason, message
}

// decide applies the proxy contract to a request whose owned headers have
// already been stripped: normalise the path, match a route, establish the
// identity, check the roles. It reads the request and this snapshot only;
// it writes no response. Stages that come later (rate limits, sign-in
// redirects) add their verdicts here, between authentication and the
// decision to forward.
func (sn *snapshot) decide(r *http.Request) decision {
	d := decision{via: ViaNone}
	d.client, d.trustedPeer = sn.trusted.resolve(r.RemoteAddr, r.Header["X-Forwarded-For"])
	d.origin = externalOrigin(r, d.trustedPeer)
	d.secure = d.origin.scheme == "https"
	raw := requestPath(r)
	d.path = raw
	norm, err := routes.NormalizePath(raw)
	if err != nil {
		d.refuse(http.StatusBadRequest, DecisionBadRequest, "bad_request", err.Error(),
			"The request path is ambiguous and was refused: "+err.Error())
		return d
	}
	d.path = norm
	d.signIn = sn.login

	// The proxy's own prefix: its endpoints, and nothing else, ever reaches
	// an upstream from under it.
	if routes.IsReservedPath(norm) {
		if sn.login != nil && isEndpoint(norm) {
			d.endpoint = norm
			return d
		}
		d.refuse(http.StatusNotFound, DecisionNoRoute, "no_route", "reserved path", "Nothing is served at "+norm+".")
		return d
	}

	m := sn.table.Match(r.Host, r.Method, norm)
	if m.Index < 0 {
		if len(m.Allow) > 0 {
			d.allow = strings.Join(m.Allow, ", ")
			d.refuse(http.StatusMethodNotAllowed, DecisionNoRoute, "method_not_allowed",
				"method "+r.Method+" not allowed (allowed: "+d.allow+")",
				"The route for "+norm+" does not accept "+r.Method+"; it accepts "+d.allow+".")
			return d
		}
		d.refuse(http.StatusNotFound, DecisionNoRoute, "no_route", "no route matches", "No route matches "+r.Method+" "+norm+".")
		return d
	}
	rt := sn.routes[m.Index]
	d.route = rt

	if !sn.authenticate(r, &d) || !sn.limit(&d) {
		return d
	}

	d.forward = norm
	if rt.strip != "" {
		d.forward = routes.StripPrefix(rt.strip, norm)
	}
	return d
}

// authenticate sets the identity and the verdict for the matched route, and
// reports whether the request may go on.
func (sn *snapshot) authenticate(r *http.Request, d *decision) bool {
	rt := d.route
	if rt.mode == routes.AuthPublic {
		d.authn, d.verdict, d.reason = authPublic, DecisionAllowed, "public route"
		return true
	}
	token, present, ok := bearerToken(r)
	// Without an Authorization header, a session cookie may identify the
	// request; with one, the header alone decides and the cookie is ignored.
	if !present && sn.login != nil {
		if done, goOn := sn.sessionIdentity(r, d); done {
			return goOn
		}
	}
	switch {
	case !present && rt.mode == routes.AuthOptional:
		d.authn, d.verdict, d.reason = authAnonymous, DecisionAnonymous, "no token"
		return true
	case !present && rt.login && sn.login != nil && isNavigation(r):
		d.authn = authMissing
		d.location = signInLocation(r)
		d.refuse(http.StatusFound, DecisionLoginRedirect, "sign_in", "browser sent to sign in", "Sign in to reach this page.")
		return false
	case !present:
		d.authn = authMissing
		d.wwwAuthenticate = `Bearer realm="tandem"`
		d.refuse(http.StatusUnauthorized, DecisionUnauthorized, "unauthorized", "missing token", "This route needs a bearer token.")
		return false
	}
	d.via = ViaBearer
	var id *identity
	err := errMalformedAuthorization
	if ok {
		id, err = sn.verifier.verify(r.Context(), token)
	}
	if err != nil {
		d.authn = authInvalid
		reason := err.Error()
		d.wwwAuthenticate = `Bearer realm="tandem", error="invalid_token", error_description="` + headerQuote(reason) + `"`
		d.refuse(http.StatusUnauthorized, DecisionUnauthorized, "invalid_token", logReason(err), "The bearer token was refused: "+reason+".")
		return false
	}
	return checkRoles(d, id)
}

// checkRoles sets a verified identity on the decision and checks the
// route's roles, whether the identity came from a bearer token or a
// session.
func checkRoles(d *decision, id *identity) bool {
	rt := d.route
	d.authn, d.id = authVerified, id
	if len(rt.roles) > 0 && !id.hasAnyRole(rt.need) {
		need := strings.Join(rt.roles, ", ")
		d.requiredRoles = rt.roles
		reason := "roles not met: needs one of " + need
		d.wwwAuthenticate = `Bearer realm="tandem", error="insufficient_scope", error_description="` + headerQuote(reason) + `"`
		d.refuse(http.StatusForbidden, DecisionForbidden, "forbidden", reason,
			"Your token lacks the roles this route needs; any one of these would do: "+need+".")
		return false
	}
	d.verdict, d.reason = DecisionAllowed, ""
	return true
}

var errMalformedAuthorization error = &tokenError{reason: "malformed Authorization header: expected Bearer <token>"}

// fillRecord writes what the decision says into the request's log record.
func (d *decision) fillRecord(rec *Record) {
	rec.Path, rec.Decision, rec.Reason, rec.Via, rec.Client = d.path, d.verdict, d.reason, d.via, d.client
	if rt := d.route; rt != nil {
		rec.Route, rec.Mode = rt.name, rt.modeName
	}
	if d.id != nil {
		rec.Subject, rec.User = d.id.subject, d.id.username
	}
	if d.session.clear() {
		// Why a session cookie was dropped (the request went on without it).
		rec.Reason = strings.TrimPrefix(rec.Reason+"; "+d.session.reason, "; ")
	}
}
