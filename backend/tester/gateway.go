package tester

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/tandemhq/tandem/backend/echo"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// proxyGateway is the real embedded proxy, listening on a free loopback port.
type proxyGateway struct {
	srv *proxy.Server
}

// StartProxy is the GatewayFactory for the real proxy (backend/proxy). The
// route file's listen address is ignored: the tester's proxy always takes a
// free port on 127.0.0.1, so it never collides with the one on the Proxy screen.
func StartProxy(cfg routes.Config) (RunningGateway, error) {
	// The tester sends bearer tokens: sign-in's rules apply (a navigation
	// to a login route is sent to sign in) without secrets of its own.
	srv, err := proxy.New(cfg, proxy.Options{LoginSecrets: proxy.UnsharedLoginSecrets})
	if err != nil {
		return nil, err
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	return &proxyGateway{srv: srv}, nil
}

func (g *proxyGateway) BaseURL() string                 { return "http://" + g.srv.Addr() }
func (g *proxyGateway) TraceKey() string                { return g.srv.TraceKey() }
func (g *proxyGateway) Close(ctx context.Context) error { return g.srv.Shutdown(ctx) }

func (g *proxyGateway) Trace(requestID string) (Trace, bool) {
	t, ok := g.srv.Trace(requestID)
	if !ok {
		return Trace{}, false
	}
	out := Trace{
		RequestID: t.RequestID, Method: t.Method, Path: t.Path,
		Route: t.Route, RouteMatch: t.RouteMatch, Mode: t.Mode,
		Decision: string(t.Decision), Status: t.Status, Reason: t.Reason, Subject: t.Subject, LatencyMs: t.LatencyMS,
		RolesRequired: t.RolesRequired, RolesHeld: t.RolesHeld, Stripped: t.Stripped, Injected: t.Injected,
		UpstreamURL: t.UpstreamURL, UpstreamHeaders: t.UpstreamHeaders,
	}
	if out.Route == "" {
		out.Route = t.Record.Route
	}
	for _, s := range t.Steps {
		out.Steps = append(out.Steps, Step{Name: s.Name, OK: s.OK, Detail: s.Detail})
	}
	return out, true
}

// StartEcho is the EchoFactory for the built-in echo upstream (backend/echo)
// on a free loopback port.
func StartEcho() (string, func(context.Context) error, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen for the echo upstream: %w", err)
	}
	srv := &http.Server{Handler: echo.Handler(), ReadHeaderTimeout: 10 * time.Second}
	// If serving ever fails, the proxy reports the echo as unreachable (502).
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), srv.Shutdown, nil
}
