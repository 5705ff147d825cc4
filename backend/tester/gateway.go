package tester

import (
	"context"
	"crypto/rand"
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
	return StartProxyWith(cfg, ProxyOptions{})
}

// ProxyOptions are what a tester's proxy needs beyond the route file to
// sign browsers in.
type ProxyOptions struct {
	// ClientSecret gives sign-in's client secret for a route file with a
	// login block (nil: none, a public client).
	ClientSecret func(routes.Config) (string, error)
	// CookieKey seals the sessions of every proxy given it, so a session
	// signed in through one opens at another (nil: a fresh key per proxy).
	CookieKey []byte
	// Clock is the proxy's clock (nil: time.Now).
	Clock func() time.Time
}

// StartProxyWith starts the real proxy for cfg with o on a free loopback port.
func StartProxyWith(cfg routes.Config, o ProxyOptions) (RunningGateway, error) {
	secrets := func(c routes.Config) (proxy.LoginSecrets, error) {
		// The tester's own key, never the profile's: its sessions open
		// only at the tester's proxies.
		sec, err := proxy.UnsharedLoginSecrets(c)
		if err != nil {
			return sec, err
		}
		if o.CookieKey != nil {
			sec.CookieKeys = [][]byte{o.CookieKey}
		}
		if o.ClientSecret != nil && c.Login.Enabled() {
			if sec.ClientSecret, err = o.ClientSecret(c); err != nil {
				return proxy.LoginSecrets{}, fmt.Errorf("sign-in's client secret: %w", err)
			}
		}
		return sec, nil
	}
	srv, err := proxy.New(cfg, proxy.Options{LoginSecrets: secrets, Clock: o.Clock})
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

func (g *proxyGateway) AwaitTrace(ctx context.Context, requestID string) (proxy.Trace, bool) {
	return g.srv.AwaitTrace(ctx, requestID)
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

// WithSessions has the tester start its proxies with start, which must
// give every proxy the same cookie key (so a session signed in through one
// opens at another) and the clock it is given (nil: the real one). It
// enables the session-ended variant, which needs a proxy whose clock is
// past a token's expiry.
func WithSessions(start func(cfg routes.Config, clock func() time.Time) (RunningGateway, error)) Option {
	return func(t *Tester) {
		t.newGateway = func(cfg routes.Config) (RunningGateway, error) { return start(cfg, nil) }
		t.newGatewayAt = start
	}
}

// SessionProxies is the start function WithSessions takes for the real
// proxy: proxies that share one fresh cookie key of the tester's own (never
// a profile's: the tester's sessions open nowhere else) and sign in with
// the client secret clientSecret gives.
func SessionProxies(clientSecret func(routes.Config) (string, error)) (func(routes.Config, func() time.Time) (RunningGateway, error), error) {
	key := make([]byte, proxy.CookieKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate the tester's cookie key: %w", err)
	}
	return func(cfg routes.Config, clock func() time.Time) (RunningGateway, error) {
		return StartProxyWith(cfg, ProxyOptions{ClientSecret: clientSecret, CookieKey: key, Clock: clock})
	}, nil
}
