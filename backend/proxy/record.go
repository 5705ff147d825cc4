package proxy

import "time"

// Decision is what the proxy did with a request.
type Decision string

const (
	DecisionAllowed       Decision = "allowed"        // forwarded (with identity headers when a token was verified)
	DecisionAnonymous     Decision = "anonymous"      // forwarded without a token on an optional route
	DecisionUnauthorized  Decision = "unauthorized"   // 401: token missing or invalid
	DecisionForbidden     Decision = "forbidden"      // 403: valid token, roles not met
	DecisionNoRoute       Decision = "no-route"       // 404 (no route) or 405 (path matched, method did not)
	DecisionUpstreamError Decision = "upstream-error" // 502: upstream unreachable
	DecisionBadRequest    Decision = "bad-request"    // 400: ambiguous path
	DecisionRateLimited   Decision = "rate-limited"   // 429: the route's rate limit for this identity or client is spent
	// Browser sign-in.
	DecisionLoginRedirect    Decision = "login-redirect"    // 302: a browser navigation sent to sign in
	DecisionSessionRefreshed Decision = "session-refreshed" // forwarded after the session's access token was refreshed
)

// Decisions lists every decision, in the order the UI shows them.
var Decisions = []Decision{
	DecisionAllowed, DecisionAnonymous, DecisionUnauthorized, DecisionForbidden,
	DecisionNoRoute, DecisionUpstreamError, DecisionBadRequest, DecisionRateLimited,
	DecisionLoginRedirect, DecisionSessionRefreshed,
}

// Record is the request log entry the proxy writes for every request. Its
// JSON names are snake_case like the error body's request_id, since they are
// what `tandemctl proxy` prints.
type Record struct {
	Time      time.Time `json:"time" ts_type:"string"`
	RequestID string    `json:"request_id"`
	Method    string    `json:"method"`
	Path      string    `json:"path"`
	Route     string    `json:"route"`
	Mode      string    `json:"mode"`
	Decision  Decision  `json:"decision"`
	Status    int       `json:"status"`
	LatencyMS float64   `json:"latency_ms"`
	Subject   string    `json:"subject"`
	// User is the caller's preferred_username from the verified token (or
	// session), so an operator can find a user's requests by name; empty
	// when the token has none or no identity was established.
	User   string `json:"user"`
	Reason string `json:"reason"`
	// Via is where the identity came from: bearer, session or none.
	Via Via `json:"via"`
	// Client is the client's address: the connection's peer, or the first
	// untrusted hop when the request came through trusted proxies.
	Client string `json:"client"`
}

// Sink receives one Record per request. Log is called on the request's
// goroutine, so it must be fast and safe for concurrent use: buffer, never
// block on I/O per record.
type Sink interface {
	Log(Record)
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(Record)

func (f SinkFunc) Log(r Record) { f(r) }
