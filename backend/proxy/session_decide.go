package proxy

import (
	"net/http"
	"net/url"

	"github.com/tandemhq/tandem/backend/routes"
)

// sessionIdentity reads the session cookie of a request without an
// Authorization header, on a route that verifies identities. done reports
// that the session decided the request, and goOn whether it goes on; when
// done is false the request is one without credentials (no cookie, or one
// that is bad or ended, which the response clears).
func (sn *snapshot) sessionIdentity(r *http.Request, d *decision) (done, goOn bool) {
	sr := sn.login.authenticate(r.Context(), r)
	d.session = sr
	switch sr.state {
	case sessionValid, sessionRefreshed:
		d.via = ViaSession
		if !checkRoles(d, sr.id) {
			return true, false
		}
		if sr.state == sessionRefreshed {
			d.verdict = DecisionSessionRefreshed
		}
		if d.route.passToken {
			d.passToken = sr.sess.Access
		}
		return true, true
	case sessionIdPDown:
		// Like a bearer token that cannot be checked now: refused, and the
		// cookie kept for when the IdP is back.
		d.via, d.authn = ViaSession, authInvalid
		reason := sr.err.Error()
		d.wwwAuthenticate = `Bearer realm="tandem", error="invalid_token", error_description="` + headerQuote(reason) + `"`
		d.refuse(http.StatusUnauthorized, DecisionUnauthorized, "invalid_token", sr.reason, "The session could not be checked: "+reason+".")
		return true, false
	}
	return false, false
}

// signInLocation is where a browser navigation without credentials is sent:
// the sign-in endpoint, coming back to the path and query it asked for.
func signInLocation(r *http.Request) string {
	rd := requestPath(r)
	if r.URL.RawQuery != "" {
		rd += "?" + r.URL.RawQuery
	}
	return routes.LoginPath + "?rd=" + url.QueryEscape(rd)
}

// serveEndpoint answers a sign-in endpoint and records what it did.
func (s *Server) serveEndpoint(x *exchange, r *http.Request, d *decision) {
	out := d.signIn.serve(x, r, d.endpoint, x.idHeader[0])
	d.verdict, d.reason = out.verdict, out.reason
	if out.via != "" {
		d.via = out.via
	}
	if out.subject != "" {
		d.id = &identity{subject: out.subject, username: out.user}
	}
	d.status = x.status
}
