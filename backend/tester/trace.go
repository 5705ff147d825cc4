package tester

import (
	"context"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// TraceKeyHeader asks the proxy to record a decision trace for one request.
// The proxy strips it before forwarding.
const TraceKeyHeader = routes.HeaderTrace

// RequestIDHeader carries the proxy's request id on every response.
const RequestIDHeader = routes.HeaderRequestID

// Gateway is a running proxy the tester can send through and ask for traces.
// A trace is the proxy's own (proxy.Trace): the tester reports what the
// proxy decided in the proxy's words, never a copy that could drift.
type Gateway interface {
	// BaseURL is where the proxy listens, e.g. http://127.0.0.1:41234.
	BaseURL() string
	TraceKey() string
	// AwaitTrace returns the trace of a request just answered, waiting
	// until the proxy has kept it or ctx ends (false then).
	AwaitTrace(ctx context.Context, requestID string) (proxy.Trace, bool)
}
