package tester

import (
	"net/http"

	"github.com/tandemhq/tandem/backend/routes"
)

// TraceKeyHeader asks the proxy to record a decision trace for one request.
// The proxy strips it before forwarding.
const TraceKeyHeader = routes.HeaderTrace

// RequestIDHeader carries the proxy's request id on every response.
const RequestIDHeader = routes.HeaderRequestID

// Step is one check the proxy made on the way to its decision.
type Step struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Trace is the proxy's account of one request, in the tester's own shape so
// the screen does not depend on the proxy package's types.
type Trace struct {
	RequestID string `json:"requestId"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Route     string `json:"route"`
	// RouteMatch says why the route matched (or that none did).
	RouteMatch string `json:"routeMatch"`
	Mode       string `json:"mode"`
	Decision   string `json:"decision"`
	// Via is where the identity came from: bearer, session or none.
	Via       string  `json:"via"`
	Status    int     `json:"status"`
	Reason    string  `json:"reason"`
	Subject   string  `json:"subject"`
	LatencyMs float64 `json:"latencyMs"`
	Steps     []Step  `json:"steps"`
	// RolesRequired and RolesHeld are the route's roles and the token's.
	RolesRequired []string `json:"rolesRequired"`
	RolesHeld     []string `json:"rolesHeld"`
	// Stripped are incoming header names removed as possible spoofs.
	Stripped []string `json:"stripped"`
	// Injected are the identity headers added, name → value.
	Injected map[string]string `json:"injected"`
	// UpstreamURL is empty when the request was not forwarded.
	UpstreamURL     string      `json:"upstreamUrl"`
	UpstreamHeaders http.Header `json:"upstreamHeaders"`
}

// Gateway is a running proxy the tester can send through and ask for traces.
type Gateway interface {
	// BaseURL is where the proxy listens, e.g. http://127.0.0.1:41234.
	BaseURL() string
	TraceKey() string
	Trace(requestID string) (Trace, bool)
}
