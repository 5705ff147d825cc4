package routes

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// This file is the one home of the proxy's production limits as the route
// file writes them: timeouts, the header cap, trusted proxies and rates.
// Validate reports what these functions refuse; the proxy calls them to
// read the same values, so the two can never disagree.

// Defaults for limits a file leaves out.
const (
	DefaultReadHeaderTimeout     = 10 * time.Second
	DefaultIdleTimeout           = 120 * time.Second
	DefaultUpstreamHeaderTimeout = 30 * time.Second
	DefaultMaxHeaderBytes        = 1 << 20
	// MinMaxHeaderBytes keeps the header cap above what ordinary browsers
	// send; MaxMaxHeaderBytes keeps a typo from inviting 1 GB header blocks.
	MinMaxHeaderBytes = 4 << 10
	MaxMaxHeaderBytes = 64 << 20
)

// Limits are a file's connection limits with the defaults filled in.
type Limits struct {
	ReadHeaderTimeout     time.Duration `json:"readHeaderTimeout"`
	IdleTimeout           time.Duration `json:"idleTimeout"`
	UpstreamHeaderTimeout time.Duration `json:"upstreamHeaderTimeout"`
	MaxHeaderBytes        int           `json:"maxHeaderBytes"`
}

// EffectiveLimits reads cfg's timeouts and header cap, defaults for what is
// left out. A value Validate refuses also falls back to its default.
func (c Config) EffectiveLimits() Limits {
	l := Limits{
		ReadHeaderTimeout:     DefaultReadHeaderTimeout,
		IdleTimeout:           DefaultIdleTimeout,
		UpstreamHeaderTimeout: DefaultUpstreamHeaderTimeout,
		MaxHeaderBytes:        DefaultMaxHeaderBytes,
	}
	for _, t := range []struct {
		text string
		dst  *time.Duration
	}{
		{c.Timeouts.ReadHeader, &l.ReadHeaderTimeout},
		{c.Timeouts.Idle, &l.IdleTimeout},
		{c.Timeouts.UpstreamHeader, &l.UpstreamHeaderTimeout},
	} {
		if d, f := parseTimeout(t.text); t.text != "" && !f.bad() {
			*t.dst = d
		}
	}
	if c.MaxHeaderBytes != 0 && !checkMaxHeaderBytes(c.MaxHeaderBytes).bad() {
		l.MaxHeaderBytes = c.MaxHeaderBytes
	}
	return l
}

// parseTimeout reads a positive Go duration, or says what is wrong with it.
func parseTimeout(s string) (time.Duration, finding) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, about(CodeTimeoutInvalid, s, "is not a duration such as 10s, 2m or 1h")
	case d <= 0:
		return 0, about(CodeTimeoutInvalid, s, "must be more than zero")
	}
	return d, finding{}
}

func checkMaxHeaderBytes(n int) finding {
	if n < MinMaxHeaderBytes || n > MaxMaxHeaderBytes {
		return says(CodeMaxHeaderBytesRange, "%d must be between %d (4 KiB) and %d (64 MiB)", n, MinMaxHeaderBytes, MaxMaxHeaderBytes)
	}
	return finding{}
}

// ParseTrustedProxies reads trusted_proxies: CIDRs ("10.0.0.0/8") or single
// addresses ("10.1.2.3", read as /32 or /128). Each bad entry is one
// message, in order.
func ParseTrustedProxies(list []string) ([]netip.Prefix, []string) {
	var out []netip.Prefix
	var problems []string
	for i, s := range list {
		s = strings.TrimSpace(s)
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil || a.Zone() != "" {
				problems = append(problems, fmt.Sprintf("entry %d: %q is not a CIDR (10.0.0.0/8) or an IP address", i+1, s))
				continue
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("entry %d: %q is not a CIDR (10.0.0.0/8) or an IP address", i+1, s))
			continue
		}
		if p.Masked() != p {
			problems = append(problems, fmt.Sprintf("entry %d: %q has bits set past its prefix length; did you mean %s?", i+1, s, p.Masked()))
			continue
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p)
	}
	return out, problems
}

// Rate is a parsed rate: Count requests per Per, which is also the burst.
type Rate struct {
	Count int
	Per   time.Duration
}

// IsZero reports an unset rate (no limit).
func (r Rate) IsZero() bool { return r.Count == 0 }

// maxRateCount keeps a rate's count within what a token bucket holds exactly.
const maxRateCount = 1_000_000_000

var rateUnits = map[string]time.Duration{"s": time.Second, "min": time.Minute, "h": time.Hour}

// ParseRate reads "N/unit" (unit s, min or h): N requests per unit, all of
// which may come at once. "" is no limit (the zero Rate).
func ParseRate(s string) (Rate, error) {
	r, f := parseRate(s)
	if f.bad() {
		return Rate{}, errors.New(f.message())
	}
	return r, nil
}

func parseRate(s string) (Rate, finding) {
	if s == "" {
		return Rate{}, finding{}
	}
	num, unit, ok := strings.Cut(s, "/")
	if !ok {
		return Rate{}, about(CodeRateInvalid, s, "is not a rate: write N/unit with unit s, min or h, such as 100/min")
	}
	per, known := rateUnits[unit]
	n, err := strconv.Atoi(num)
	switch {
	case err != nil && !known:
		return Rate{}, about(CodeRateInvalid, s, "is not a rate: %q is not a whole number and %q is not a unit (s, min or h)", num, unit)
	case err != nil:
		return Rate{}, about(CodeRateInvalid, s, "is not a rate: %q is not a whole number", num)
	case !known:
		return Rate{}, about(CodeRateInvalid, s, "is not a rate: the unit must be s, min or h, not %q", unit)
	case n <= 0:
		return Rate{}, about(CodeRateInvalid, s, "allows no request: the number must be at least 1")
	case n > maxRateCount:
		return Rate{}, about(CodeRateInvalid, s, "is too large: at most %d per unit", maxRateCount)
	}
	return Rate{Count: n, Per: per}, finding{}
}

// String writes the rate back in the file's notation.
func (r Rate) String() string {
	if r.IsZero() {
		return ""
	}
	for unit, d := range rateUnits {
		if d == r.Per {
			return strconv.Itoa(r.Count) + "/" + unit
		}
	}
	return strconv.Itoa(r.Count) + "/" + r.Per.String()
}

// limits checks the file-level limits.
func (v *validator) limits(cfg Config) {
	if cfg.AdminListen != "" {
		if f := checkListen(cfg.AdminListen); f.bad() {
			v.add("", "admin_listen", f)
		} else if SameListenAddress(cfg.AdminListen, cfg.Listen) {
			v.add("", "admin_listen", about(CodeListenShared, cfg.AdminListen, "is also listen: health and metrics need their own address"))
		}
	}
	_, bad := ParseTrustedProxies(cfg.TrustedProxies)
	for _, msg := range bad {
		v.add("", "trusted_proxies", says(CodeTrustedProxy, "%s", msg))
	}
	for _, t := range []struct{ field, text string }{
		{"timeouts.read_header", cfg.Timeouts.ReadHeader},
		{"timeouts.idle", cfg.Timeouts.Idle},
		{"timeouts.upstream_header", cfg.Timeouts.UpstreamHeader},
	} {
		if t.text == "" {
			continue
		}
		_, f := parseTimeout(t.text)
		v.check("", t.field, f)
	}
	if cfg.MaxHeaderBytes != 0 {
		v.check("", "max_header_bytes", checkMaxHeaderBytes(cfg.MaxHeaderBytes))
	}
}

// SameListenAddress reports whether two listen addresses name one socket.
// Port 0 picks a free port on each listen, so it never collides.
func SameListenAddress(a, b string) bool {
	ha, pa, errA := net.SplitHostPort(a)
	hb, pb, errB := net.SplitHostPort(b)
	if errA != nil || errB != nil || pa != pb || pa == "0" {
		return false
	}
	return strings.EqualFold(ha, hb)
}

// rate checks a route's rate limits.
func (v *validator) rate(label string, r Route) {
	for _, f := range []struct{ field, text string }{
		{"rate.per_identity", r.Rate.PerIdentity},
		{"rate.anonymous", r.Rate.Anonymous},
	} {
		_, bad := parseRate(f.text)
		v.check(label, f.field, bad)
	}
	// A limit that can never apply is a mistake the file should hear of.
	if r.Rate.PerIdentity != "" && r.Auth == AuthPublic {
		v.add(label, "rate.per_identity", says(CodeRateNeverApplies, "never applies: a public route ignores tokens (use rate.anonymous)"))
	}
	if r.Rate.Anonymous != "" && r.Auth == AuthRequired {
		v.add(label, "rate.anonymous", says(CodeRateNeverApplies, "never applies: a required route forwards no anonymous request"))
	}
}
