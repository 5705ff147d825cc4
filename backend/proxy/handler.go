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

	// d is what the proxy decided about this request; rewrite reads the
	// route and the identity to inject from it.
	d decision
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

// ServeHTTP applies the proxy contract to one request: strip, decide, act,
// log. The configuration snapshot is loaded once here; the request finishes
// on it whatever a reload does meanwhile.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sn := s.current()
	x := s.exchanges.Get().(*exchange)
	x.w, x.status, x.upstreamErr, x.trace, x.stripped = w, 0, "", nil, x.stripped[:0]
	x.switched = false
	id := s.ids.next()
	x.idHeader = []string{id} // not reused: the response header map keeps it

	rec := Record{Time: start, RequestID: id, Method: r.Method}
	// Before anything else: nothing the client sent under a name the proxy
	// owns survives past this point.
	if sn.stripHeaders(r, x, s.traceKey) {
		x.trace = &Trace{}
	}
	defer func() {
		// ReverseProxy aborts (panics with http.ErrAbortHandler) when the
		// upstream breaks off mid-response; the request is still logged.
		if p := recover(); p != nil {
			x.d.verdict, x.d.reason = DecisionUpstreamError, "upstream response aborted"
			s.finish(x, r, &rec, start)
			panic(p)
		}
	}()
	x.d = sn.decide(r)
	x.d.stripped = x.stripped
	s.act(x, r)
	s.finish(x, r, &rec, start)
}

// act carries out the decision: the proxy's own answer, or forwarding. The
// upstream's failure, when forwarding fails, is written back into the
// decision for the log and the trace.
func (s *Server) act(x *exchange, r *http.Request) {
	d := &x.d
	if lg := d.signIn; lg != nil {
		r = withOrigin(r, d.origin)
		if d.endpoint != "" {
			s.serveEndpoint(x, r, d)
			return
		}
		lg.writeSessionCookie(x, r, &d.session)
		// Sign-in's cookies are the proxy's: no upstream ever sees them.
		stripCookies(r, lg.owns)
	}
	if !d.forwarded() {
		s.answer(x, d)
		return
	}
	// The identity headers themselves are set by rewrite on the outgoing
	// request, after ReverseProxy's hop-by-hop cleanup: set here on the
	// incoming request, a client could have them removed by naming them in
	// its Connection header.
	r.URL.Path, r.URL.RawPath = d.forward, ""
	if strings.IndexByte(d.forward, '%') >= 0 {
		if dec, err := routes.UnescapePath(d.forward); err == nil {
			r.URL.Path, r.URL.RawPath = dec, d.forward
		}
	}
	x.rp.ServeHTTP(x, r)
	if x.status == 0 && x.switched {
		x.status = http.StatusSwitchingProtocols // written on the hijacked connection
	}
	if x.upstreamErr != "" {
		d.verdict, d.reason = DecisionUpstreamError, x.upstreamErr
	}
}

// finish logs the request and keeps its trace, both read from the decision.
func (s *Server) finish(x *exchange, r *http.Request, rec *Record, start time.Time) {
	rec.Status = x.status
	x.d.fillRecord(rec)
	elapsed := time.Since(start)
	rec.LatencyMS = float64(elapsed.Microseconds()) / 1000
	if rt := x.d.route; rt != nil {
		rt.limits.metrics.observe(x.d.verdict, x.status, elapsed)
	} else {
		s.current().unmatched.observe(x.d.verdict, x.status, elapsed)
	}
	if s.sink != nil {
		s.sink.Log(*rec)
	}
	if tr := x.trace; tr != nil {
		tr.Record = *rec
		tr.fill(&x.d, r.Method, r.Host)
		s.traces.put(tr)
	}
	x.w, x.trace, x.d = nil, nil, decision{}
	s.exchanges.Put(x)
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
	rt := x.d.route
	pr.SetURL(rt.target)
	setForwarded(pr, x.d.trustedPeer)
	h := pr.Out.Header
	if id := x.d.id; id != nil {
		for _, inj := range rt.inject {
			if v := id.values[inj.claim]; v != nil {
				h[inj.header] = v
			}
		}
	}
	if tok := x.d.passToken; tok != "" {
		h["Authorization"] = []string{"Bearer " + tok}
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
	rt := x.d.route
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
