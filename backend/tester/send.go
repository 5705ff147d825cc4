package tester

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemhq/tandem/backend/proxy"
)

// Upstream says where a tested request ends up.
type Upstream string

const (
	// UpstreamRoute sends to the route's own upstream.
	UpstreamRoute Upstream = "route"
	// UpstreamEcho swaps every upstream for the built-in echo server, which
	// answers with what it received.
	UpstreamEcho Upstream = "echo"
)

// Header is one request header as the operator typed it (order kept).
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Request is what the operator wants to send.
type Request struct {
	// Route is the route under test; it supplies defaults and the expectation.
	Route    string   `json:"route"`
	Method   string   `json:"method"`
	Path     string   `json:"path"`
	Query    string   `json:"query"`
	Host     string   `json:"host"`
	Headers  []Header `json:"headers"`
	Body     string   `json:"body"`
	Upstream Upstream `json:"upstream"`
}

// MaxBody is how much of a response body a result keeps.
const MaxBody = 64 << 10

// Response is the answer the tester got back through the proxy.
type Response struct {
	Status    int         `json:"status"`
	Headers   http.Header `json:"headers"`
	Body      string      `json:"body"`
	Truncated bool        `json:"truncated"`
	// Binary is set when the body is not UTF-8 text; Body is then empty.
	Binary     bool    `json:"binary"`
	Size       int64   `json:"size"`
	DurationMs float64 `json:"durationMs"`
}

// Sent is the request as it went out, its credentials redacted (redact.go)
// so that no result carries a usable token.
type Sent struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers"`
}

// Result is everything one tested request produced.
type Result struct {
	RequestID string   `json:"requestId"`
	Identity  string   `json:"identity"`
	Upstream  Upstream `json:"upstream"`
	Sent      Sent     `json:"sent"`
	Response  Response `json:"response"`
	// Trace is nil when the proxy kept none (it should always keep one).
	Trace *proxy.Trace `json:"trace"`
	// Token is the bearer token decoded WITHOUT verification; nil if none.
	Token *DecodedToken `json:"token"`
	// Session is how the proxy identified the browser session right after
	// sign-in; nil for other identities.
	Session *SessionIdentity `json:"session"`
	// TokenState is what the tester expects the proxy to conclude.
	TokenState  TokenState   `json:"tokenState"`
	Expectation *Expectation `json:"expectation"`
	Surprises   []string     `json:"surprises"`
	Notes       []string     `json:"notes"`
	StartedAt   time.Time    `json:"startedAt" ts_type:"string"`
}

// ErrBadRequest is an operator input the tester cannot send.
var ErrBadRequest = errors.New("the request cannot be sent")

// sendClient never follows redirects (a 302 from the upstream is a result)
// and bounds every request.
var sendClient = &http.Client{
	Timeout: 30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// send fires one request through the gateway and collects the response and
// the proxy's trace. It does not judge the outcome.
func send(ctx context.Context, gw Gateway, req Request, cred Credential) (Result, error) {
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	path := req.Path
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") {
		return Result{}, fmt.Errorf("%w: the path must start with /", ErrBadRequest)
	}
	target := strings.TrimRight(gw.BaseURL(), "/") + path
	if q := strings.TrimPrefix(req.Query, "?"); q != "" {
		target += "?" + q
	}
	var body io.Reader
	if req.Body != "" {
		body = strings.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	for _, h := range req.Headers {
		name := strings.TrimSpace(h.Name)
		if name == "" {
			continue
		}
		if strings.EqualFold(name, "Host") {
			hr.Host = h.Value
			continue
		}
		// Raw keys keep the spelling typed (x_user_id stays x_user_id).
		hr.Header[name] = append(hr.Header[name], h.Value)
	}
	if req.Host != "" {
		hr.Host = req.Host
	}
	for name, vals := range cred.Headers {
		hr.Header[name] = append(hr.Header[name], vals...)
	}
	if cred.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+cred.Token)
	}
	if cred.session != nil {
		hr.Header.Add("Cookie", cred.session.cookie)
	}
	sent := Sent{Method: method, URL: redactText(target), Headers: redactHeader(hr.Header)}
	if hr.Host != "" {
		sent.Headers.Set("Host", hr.Host)
	}
	hr.Header.Set(TraceKeyHeader, gw.TraceKey())

	res := Result{Identity: cred.Label, Upstream: req.Upstream, Sent: sent, StartedAt: time.Now()}
	if cred.session != nil {
		me := cred.session.identity
		res.Session = &me
	}
	start := time.Now()
	resp, err := sendClient.Do(hr)
	if err != nil {
		return Result{}, fmt.Errorf("send %s %s through the proxy: %w", method, path, err)
	}
	defer resp.Body.Close()
	res.Response = readResponse(resp)
	res.Response.DurationMs = float64(time.Since(start).Microseconds()) / 1000
	res.RequestID = resp.Header.Get(RequestIDHeader)
	if res.RequestID != "" {
		if tr, ok := awaitTrace(ctx, gw, res.RequestID); ok {
			res.Trace = &tr
		}
	}
	if cred.Token != "" {
		if d, err := Decode(cred.Token, time.Now()); err == nil {
			res.Token = &d
		}
	}
	return res, nil
}

// traceWait bounds how long send waits for a trace. The proxy files a trace
// once its handler returns, which can be a moment after the client has read
// the whole response.
const traceWait = 2 * time.Second

func awaitTrace(ctx context.Context, gw Gateway, id string) (proxy.Trace, bool) {
	ctx, cancel := context.WithTimeout(ctx, traceWait)
	defer cancel()
	return gw.AwaitTrace(ctx, id)
}

func readResponse(resp *http.Response) Response {
	r := Response{Status: resp.StatusCode, Headers: resp.Header.Clone()}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	n, _ := io.Copy(io.Discard, resp.Body)
	r.Size = int64(len(b)) + n
	if len(b) > MaxBody {
		b, r.Truncated = b[:MaxBody], true
	}
	if !utf8.Valid(b) && !(r.Truncated && utf8.Valid(trimPartialRune(b))) {
		r.Binary = true
		return r
	}
	r.Body = string(trimPartialRune(b))
	return r
}

// trimPartialRune drops a multi-byte character cut in half by truncation.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}
