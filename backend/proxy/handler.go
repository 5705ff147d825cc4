package proxy

import (
	"context"
	"errors"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	"github.com/tandemhq/tandem/backend/routes"
)

// headerRequestID is the header the proxy stamps on every forwarded request
// and every answer.
const headerRequestID = routes.HeaderRequestID

// exchange is the per-request state, pooled per server so the common path
// allocates little. It is also the ResponseWriter handed to the
// ReverseProxy, which lets it see the final status and stamp X-Request-Id
// on every response.
type exchange struct {
	w           http.ResponseWriter
	status      int
	idHeader    []string
	upstreamErr string // why forwarding failed, for the log; "" when it did not
	switched    bool   // the upstream answered 101 (a WebSocket handshake)
	stripped    []string
	trace       *Trace

	// What rewrite injects into the outgoing request: the matched route and
	// the verified identity (nil: no identity headers).
	route *route
	id    *identity
	// rp forwards this exchange's request. Each pooled exchange has its own,
	// with Rewrite bound to the exchange, so rewrite reaches the per-request
	// state above without a context value or an allocation per request.
	rp httputil.ReverseProxy
}

// newExchange builds a pooled exchange whose reverse proxy forwards to this
// server's upstream transport.
func (s *Server) newExchange() any {
	x := &exchange{}
	x.rp = httputil.ReverseProxy{
		Rewrite:        x.rewrite,
		ModifyResponse: x.stampSwitch,
		Transport:      s.upstream,
		ErrorHandler:   s.upstreamError,
		// 0 is deliberate: ReverseProxy already flushes every write of
		// streamed responses (text/event-stream, or no Content-Length), and
		// any other value arms a timer goroutine per response that flushes
		// headers and body separately, which cost a third of the throughput.
		FlushInterval: 0,
		BufferPool:    copyBuffers,
		ErrorLog:      s.errorLog,
	}
	return x
}

func (x *exchange) Header() http.Header { return x.w.Header() }

// stampSwitch gives a 101 answer (a WebSocket handshake) the request id:
// ReverseProxy writes a protocol switch itself on the hijacked connection,
// never through WriteHeader, which stamps every other answer.
func (x *exchange) stampSwitch(res *http.Response) error {
	if res.StatusCode == http.StatusSwitchingProtocols {
		res.Header[headerRequestID] = x.idHeader
		x.switched = true
	}
	return nil
}

func (x *exchange) WriteHeader(code int) {
	if x.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		x.status = code
		// Replaces whatever the upstream sent: the id is the proxy's.
		x.w.Header()[headerRequestID] = x.idHeader
	}
	x.w.WriteHeader(code)
}

func (x *exchange) Write(b []byte) (int, error) {
	if x.status == 0 {
		x.WriteHeader(http.StatusOK)
	}
	return x.w.Write(b)
}

func (x *exchange) Flush() {
	if x.status == 0 {
		x.WriteHeader(http.StatusOK)
	}
	if f, ok := x.w.(http.Flusher); ok {
		f.Flush()
	} else {
		_ = http.NewResponseController(x.w).Flush()
	}
}

// Unwrap lets http.ResponseController reach Hijack and deadlines.
func (x *exchange) Unwrap() http.ResponseWriter { return x.w }

// ServeHTTP applies the proxy contract to one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	x := s.exchanges.Get().(*exchange)
	x.w, x.status, x.upstreamErr, x.trace, x.stripped = w, 0, "", nil, x.stripped[:0]
	x.route, x.id, x.switched = nil, nil, false
	id := s.ids.next()
	x.idHeader = []string{id} // not reused: the response header map keeps it

	rec := Record{Time: start, RequestID: id, Method: r.Method}
	// Before anything else: nothing the client sent under a name the proxy
	// owns survives past this point.
	if s.stripHeaders(r, x) {
		x.trace = &Trace{}
		x.trace.Stripped = append([]string(nil), x.stripped...)
	}
	defer func() {
		// ReverseProxy aborts (panics with http.ErrAbortHandler) when the
		// upstream breaks off mid-response; the request is still logged.
		if p := recover(); p != nil {
			rec.Decision, rec.Reason = DecisionUpstreamError, "upstream response aborted"
			s.finish(x, &rec, start)
			panic(p)
		}
	}()
	s.handle(x, r, &rec)
	s.finish(x, &rec, start)
}

// finish logs the request and keeps its trace.
func (s *Server) finish(x *exchange, rec *Record, start time.Time) {
	rec.Status = x.status
	rec.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
	if s.sink != nil {
		s.sink.Log(*rec)
	}
	if tr := x.trace; tr != nil {
		tr.Record = *rec
		tr.Route = rec.Route
		s.traces.put(tr)
	}
	x.w, x.trace, x.route, x.id = nil, nil, nil, nil
	s.exchanges.Put(x)
}

// handle decides and answers; the caller logs.
func (s *Server) handle(x *exchange, r *http.Request, rec *Record) {
	tr := x.trace
	raw := requestPath(r)
	rec.Path = raw
	norm, err := routes.NormalizePath(raw)
	if err != nil {
		tr.step("normalise path", false, err.Error())
		rec.Decision, rec.Reason = DecisionBadRequest, err.Error()
		s.reject(x, http.StatusBadRequest, "bad_request", "The request path is ambiguous and was refused: "+err.Error())
		return
	}
	rec.Path = norm
	tr.step("normalise path", true, norm)

	m := s.table.Match(r.Host, r.Method, norm)
	if m.Index < 0 {
		rec.Decision = DecisionNoRoute
		if len(m.Allow) > 0 {
			allow := strings.Join(m.Allow, ", ")
			rec.Reason = "method " + r.Method + " not allowed (allowed: " + allow + ")"
			tr.step("match route", false, rec.Reason)
			x.Header().Set("Allow", allow)
			s.reject(x, http.StatusMethodNotAllowed, "method_not_allowed", "The route for "+norm+" does not accept "+r.Method+"; it accepts "+allow+".")
			return
		}
		rec.Reason = "no route matches"
		tr.step("match route", false, "no route matches "+r.Method+" "+r.Host+norm)
		s.reject(x, http.StatusNotFound, "no_route", "No route matches "+r.Method+" "+norm+".")
		return
	}
	rt := s.routes[m.Index]
	rec.Route, rec.Mode = rt.name, rt.modeName
	if tr != nil {
		tr.RouteMatch = rt.reason
		tr.RolesRequired = rt.roles
		tr.step("match route", true, rt.name+": "+rt.reason)
	}

	var id *identity
	switch rt.mode {
	case routes.AuthPublic:
		rec.Decision, rec.Reason = DecisionAllowed, "public route"
		tr.step("authenticate", true, "public route: any token is ignored")
	default:
		token, present, ok := bearerToken(r)
		switch {
		case !present && rt.mode == routes.AuthOptional:
			rec.Decision, rec.Reason = DecisionAnonymous, "no token"
			tr.step("authenticate", true, "no token: forwarded anonymously")
		case !present:
			rec.Decision, rec.Reason = DecisionUnauthorized, "missing token"
			tr.step("authenticate", false, "no bearer token")
			x.Header().Set("WWW-Authenticate", `Bearer realm="tandem"`)
			s.reject(x, http.StatusUnauthorized, "unauthorized", "This route needs a bearer token.")
			return
		case !ok:
			s.invalidToken(x, rec, errMalformedAuthorization)
			return
		default:
			id, err = s.verifier.verify(r.Context(), token)
			if err != nil {
				s.invalidToken(x, rec, err)
				return
			}
			rec.Subject = id.subject
			if tr != nil {
				tr.RolesHeld = id.heldRoles()
				tr.step("verify token", true, "subject "+id.subject+", expires "+id.expiry.UTC().Format(time.RFC3339))
			}
			if len(rt.roles) > 0 && !id.hasAnyRole(rt.need) {
				need := strings.Join(rt.roles, ", ")
				rec.Decision, rec.Reason = DecisionForbidden, "roles not met: needs one of "+need
				tr.step("check roles", false, "needs one of "+need)
				x.Header().Set("WWW-Authenticate", `Bearer realm="tandem", error="insufficient_scope", error_description="`+headerQuote(rec.Reason)+`"`)
				s.rejectBody(x, http.StatusForbidden, errorBody{Error: "forbidden", RequiredRoles: rt.roles,
					Message: "Your token lacks the roles this route needs; any one of these would do: " + need + "."})
				return
			}
			if len(rt.roles) > 0 {
				tr.step("check roles", true, "holds one of "+strings.Join(rt.roles, ", "))
			}
			rec.Decision, rec.Reason = DecisionAllowed, ""
		}
	}

	if tr != nil {
		tr.step("strip identity headers", true, strings.Join(tr.Stripped, ", "))
	}
	// The identity headers themselves are set by rewrite on the outgoing
	// request, after ReverseProxy's hop-by-hop cleanup: set here on the
	// incoming request, a client could have them removed by naming them in
	// its Connection header.
	x.route, x.id = rt, id
	if id != nil && tr != nil {
		tr.Injected = map[string]string{}
		for _, inj := range rt.inject {
			if v := id.values[inj.claim]; v != nil {
				tr.Injected[inj.header] = v[0]
			}
		}
		tr.step("inject identity headers", true, strings.Join(sortedKeys(tr.Injected), ", "))
	}

	fwd := norm
	if rt.strip != "" {
		fwd = routes.StripPrefix(rt.strip, norm)
	}
	r.URL.Path, r.URL.RawPath = fwd, ""
	if strings.IndexByte(fwd, '%') >= 0 {
		if dec, err := routes.UnescapePath(fwd); err == nil {
			r.URL.Path, r.URL.RawPath = dec, fwd
		}
	}
	x.rp.ServeHTTP(x, r)
	if x.status == 0 && x.switched {
		x.status = http.StatusSwitchingProtocols // written on the hijacked connection
	}
	if x.upstreamErr != "" {
		rec.Decision, rec.Reason = DecisionUpstreamError, x.upstreamErr
		tr.step("forward", false, rec.Reason)
	} else if tr != nil {
		tr.step("forward", true, tr.UpstreamURL)
	}
}

var errMalformedAuthorization = &tokenError{reason: "malformed Authorization header: expected Bearer <token>"}

// invalidToken answers 401 invalid_token. The client is told err's reason;
// the request log and the trace get its detail when it has one.
func (s *Server) invalidToken(x *exchange, rec *Record, err error) {
	reason := err.Error()
	rec.Decision, rec.Reason = DecisionUnauthorized, logReason(err)
	x.trace.step("verify token", false, rec.Reason)
	x.Header().Set("WWW-Authenticate", `Bearer realm="tandem", error="invalid_token", error_description="`+headerQuote(reason)+`"`)
	s.reject(x, http.StatusUnauthorized, "invalid_token", "The bearer token was refused: "+reason+".")
}

// rewrite builds the outgoing request: the upstream URL joined with the
// normalised (and possibly prefix-stripped) path set by the handler, the
// X-Forwarded-* headers, the identity headers of the verified token and the
// request id. ReverseProxy calls it after removing hop-by-hop headers
// (including every name the client listed in Connection), so what is set
// here reaches the upstream as set. The outgoing headers are a copy of the
// incoming ones after stripHeaders, so they hold no client value under a
// name the proxy owns.
func (x *exchange) rewrite(pr *httputil.ProxyRequest) {
	rt := x.route
	pr.SetURL(rt.target)
	pr.SetXForwarded()
	h := pr.Out.Header
	if id := x.id; id != nil {
		for _, inj := range rt.inject {
			if v := id.values[inj.claim]; v != nil {
				h[inj.header] = v
			}
		}
	}
	h[headerRequestID] = x.idHeader
	if tr := x.trace; tr != nil {
		tr.UpstreamURL = pr.Out.URL.String()
		tr.UpstreamHeaders = h.Clone()
	}
}

// upstreamError answers 502 when the upstream cannot be reached. The server
// log and the request log get the route, the upstream's origin and the path,
// never the query: a sign-in callback's query carries codes and tokens.
func (s *Server) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	x, ok := w.(*exchange)
	if !ok {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		x.upstreamErr = "client closed the request"
		x.status = 499 // nobody is left to read an answer
		return
	}
	x.upstreamErr = errorWithoutURL(err)
	rt := x.route
	s.log.Warn("upstream unreachable", "route", rt.name, "upstream", rt.target.Scheme+"://"+rt.target.Host,
		"path", r.URL.EscapedPath(), "err", x.upstreamErr)
	s.reject(x, http.StatusBadGateway, "bad_gateway", "The upstream of this route could not be reached.")
}

// errorWithoutURL is err's text without the request URL, query included,
// that a *url.Error spells out (transports built on an http.Client return
// one): its operation and its inner error only.
func errorWithoutURL(err error) string {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err.Error()
	}
	if ue.Err == nil {
		return ue.Op
	}
	return ue.Op + ": " + errorWithoutURL(ue.Err)
}

// requestPath is the raw, still-encoded path of the request target.
func requestPath(r *http.Request) string {
	if u := r.RequestURI; u != "" && u[0] == '/' {
		if i := strings.IndexByte(u, '?'); i >= 0 {
			return u[:i]
		}
		return u
	}
	if r.RequestURI == "*" {
		return "*"
	}
	return r.URL.EscapedPath()
}

// bearerToken reads "Authorization: Bearer <token>" (scheme in any case).
// present reports whether an Authorization header was sent at all; ok
// whether it was one well-formed bearer token.
func bearerToken(r *http.Request) (token string, present, ok bool) {
	vals := r.Header["Authorization"]
	if len(vals) == 0 {
		return "", false, false
	}
	if len(vals) > 1 {
		return "", true, false
	}
	v := vals[0]
	if len(v) < 7 || !strings.EqualFold(v[:6], "bearer") || v[6] != ' ' {
		return "", true, false
	}
	token = strings.TrimLeft(v[7:], " ")
	if token == "" || !isB64Token(token) {
		return "", true, false
	}
	return token, true, true
}

// isB64Token checks RFC 6750's b64token syntax: 1*( ALPHA / DIGIT /
// "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	i := 0
	for i < len(s) && b64Chars[s[i]] {
		i++
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

var b64Chars = func() (t [256]bool) {
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/" {
		t[c] = true
	}
	return t
}()
