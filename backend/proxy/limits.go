package proxy

import (
	"net/http"
	"strconv"

	"github.com/tandemhq/tandem/backend/routes"
)

// routeLimits are a compiled route's rates and metrics.
type routeLimits struct {
	perIdentity routes.Rate // per subject; zero: none
	anonymous   routes.Rate // per client address; zero: none
	metrics     *routeMetrics
}

// compileLimits reads the file's trusted proxies and each route's rates
// into the snapshot, and resolves each route's metrics once. cfg has passed
// validation, so what it holds parses.
func (s *Server) compileLimits(sn *snapshot) {
	nets, _ := routes.ParseTrustedProxies(sn.cfg.TrustedProxies)
	sn.trusted = &trustedProxies{nets: nets}
	sn.rates = s.rates // shared by every snapshot: buckets outlive reloads
	sn.unmatched = s.opts.Metrics.route("")
	for i, rt := range sn.routes {
		if rt == nil {
			continue
		}
		rc := sn.cfg.Routes[i]
		rt.limits.perIdentity, _ = routes.ParseRate(rc.Rate.PerIdentity)
		rt.limits.anonymous, _ = routes.ParseRate(rc.Rate.Anonymous)
		rt.limits.metrics = s.opts.Metrics.route(rt.name)
	}
}

// limit applies the route's rate limit to a request that is otherwise
// allowed, and reports whether it may go on. A request with an identity
// spends its subject's budget; one without spends its client address's.
func (sn *snapshot) limit(d *decision) bool {
	lim := &d.route.limits
	r, anon, who := lim.perIdentity, false, ""
	if d.id != nil {
		who = d.id.subject
	} else {
		r, anon, who = lim.anonymous, true, d.client
	}
	if r.IsZero() {
		return true
	}
	ok, wait := sn.rates.allow(rateKey{route: d.route.name, anon: anon, who: who}, r)
	if ok {
		return true
	}
	kind := "per identity"
	if anon {
		kind = "per client address"
	}
	d.retryAfter = wait
	secs := strconv.FormatInt(retryAfterSeconds(wait), 10)
	d.refuse(http.StatusTooManyRequests, DecisionRateLimited, "rate_limited",
		"rate limit "+r.String()+" "+kind+" reached",
		"Too many requests on this route ("+r.String()+" "+kind+"); try again in "+secs+" s.")
	return false
}

// LimitsStatus is what a running proxy enforces beyond its routes' auth:
// its connection limits, trusted proxies and rate limits.
type LimitsStatus struct {
	ReadHeaderTimeout     string      `json:"readHeaderTimeout"`
	IdleTimeout           string      `json:"idleTimeout"`
	UpstreamHeaderTimeout string      `json:"upstreamHeaderTimeout"`
	MaxHeaderBytes        int         `json:"maxHeaderBytes"`
	TrustedProxies        []string    `json:"trustedProxies"`
	Rates                 []RouteRate `json:"rates"`
	// TrackedBuckets counts the rate-limit buckets held now (at most
	// DefaultRateLimitEntries).
	TrackedBuckets int `json:"trackedBuckets"`
}

// RouteRate is one enabled route's rate limits, as the file writes them.
type RouteRate struct {
	Route       string `json:"route"`
	PerIdentity string `json:"perIdentity"`
	Anonymous   string `json:"anonymous"`
}

// limitsStatus reports the limits in force: the listener's as it was
// started (they change with a restart), the rest from the configuration in
// force.
func (s *Server) limitsStatus(sn *snapshot) LimitsStatus {
	l := s.listenerLimits()
	st := LimitsStatus{
		ReadHeaderTimeout:     l.ReadHeaderTimeout.String(),
		IdleTimeout:           l.IdleTimeout.String(),
		UpstreamHeaderTimeout: l.UpstreamHeaderTimeout.String(),
		MaxHeaderBytes:        l.MaxHeaderBytes,
		TrustedProxies:        []string{},
		Rates:                 []RouteRate{},
		TrackedBuckets:        s.rates.entries(),
	}
	for _, p := range sn.trusted.nets {
		st.TrustedProxies = append(st.TrustedProxies, p.String())
	}
	for _, rt := range sn.routes {
		if rt != nil && (!rt.limits.perIdentity.IsZero() || !rt.limits.anonymous.IsZero()) {
			st.Rates = append(st.Rates, RouteRate{Route: rt.name, PerIdentity: rt.limits.perIdentity.String(), Anonymous: rt.limits.anonymous.String()})
		}
	}
	return st
}

// listenerLimits are the connection limits the listener was started with,
// or the configuration's when it is not running.
func (s *Server) listenerLimits() routes.Limits {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.main.srv != nil {
		return s.started
	}
	return s.current().cfg.EffectiveLimits()
}
