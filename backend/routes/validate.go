package routes

import (
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// Validate checks a route file and returns a *ValidationError listing every
// problem, or nil. An empty issuer is accepted here because the desktop app
// derives it from the active profile; use ValidateStandalone for a file that
// must run on its own.
func Validate(cfg Config) error {
	v := &validator{}
	v.config(cfg)
	return v.result()
}

// ValidateStandalone is Validate plus the checks a file needs to run without
// a profile: an issuer when any enabled route verifies tokens.
func ValidateStandalone(cfg Config) error {
	v := &validator{}
	v.config(cfg)
	if cfg.Issuer == "" && cfg.NeedsIssuer() {
		v.add("", "issuer", says(CodeRequired, "required when a route uses auth required or optional"))
	}
	return v.result()
}

type validator struct {
	problems []Problem
}

func (v *validator) add(route, field string, f finding) {
	v.problems = append(v.problems, newProblem(route, field, f))
}

// check adds f when it says something is wrong.
func (v *validator) check(route, field string, f finding) {
	if f.bad() {
		v.add(route, field, f)
	}
}

func (v *validator) result() error {
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

func (v *validator) config(cfg Config) {
	if cfg.Version != Version {
		v.add("", "version", says(CodeVersion, "must be %d, got %d", Version, cfg.Version))
	}
	if cfg.Listen != "" {
		v.check("", "listen", checkListen(cfg.Listen))
	}
	if cfg.Issuer != "" {
		v.check("", "issuer", checkHTTPURL(cfg.Issuer))
	}
	v.stringList("", "audiences", cfg.Audiences)
	v.stringList("", "authorized_parties", cfg.AuthorizedParties)
	v.headers("", "identity_headers", cfg.IdentityHeaders)
	v.limits(cfg)
	v.login(cfg)
	v.tls(cfg)

	names := map[string]bool{}
	for i, r := range cfg.Routes {
		label := RouteLabel(i, r)
		if strings.TrimSpace(r.Name) == "" {
			v.add(label, "name", says(CodeRequired, "required"))
		} else if names[r.Name] {
			v.add(label, "name", says(CodeNameDuplicate, "duplicate: another route has the same name"))
		} else {
			names[r.Name] = true
		}
		v.route(label, r)
	}
	v.duplicates(cfg.Routes)
}

// RouteLabel names a route in problems: its name, or its position when unnamed.
func RouteLabel(i int, r Route) string {
	if strings.TrimSpace(r.Name) != "" {
		return r.Name
	}
	return "#" + strconv.Itoa(i+1)
}

func (v *validator) route(label string, r Route) {
	switch {
	case r.Path == "":
		v.add(label, "path", says(CodeRequired, "required"))
	case r.Path[0] != '/':
		v.add(label, "path", says(CodePathNotAbsolute, "must start with /"))
	default:
		norm, err := NormalizePath(r.Path)
		if err != nil {
			v.add(label, "path", says(CodePathRefused, "is not accepted: %v", err))
		} else if norm != r.Path {
			v.add(label, "path", says(CodePathNotNormal, "must be in normal form: %s", norm))
		}
	}
	seen := map[string]bool{}
	for _, m := range r.Methods {
		switch {
		case !isMethod(m):
			v.add(label, "methods", about(CodeMethodInvalid, m, "is not an HTTP method (upper-case token such as GET)"))
		case seen[m]:
			v.add(label, "methods", about(CodeMethodRepeated, m, "is listed twice"))
		}
		seen[m] = true
	}
	if r.Host != "" {
		v.check(label, "host", checkHost(r.Host))
	}
	if r.Upstream == "" {
		v.add(label, "upstream", says(CodeRequired, "required"))
	} else {
		v.check(label, "upstream", checkHTTPURL(r.Upstream))
	}
	switch r.Auth {
	case AuthRequired, AuthOptional, AuthPublic:
	case "":
		v.add(label, "auth", says(CodeRequired, "required: one of required, optional, public"))
	default:
		v.add(label, "auth", says(CodeAuthInvalid, "must be required, optional or public, not %q", r.Auth))
	}
	// With no auth mode the route is already reported; naming "" as its
	// mode here would only repeat that.
	if len(r.Roles) > 0 && r.Auth != AuthRequired && r.Auth != "" {
		v.add(label, "roles", says(CodeNeedsAuthRequired, "only allowed with auth required (this route is %q)", r.Auth))
	}
	for _, role := range r.Roles {
		v.check(label, "roles", checkRole(role))
	}
	v.headers(label, "headers", r.Headers)
	v.rate(label, r)
}

func (v *validator) stringList(route, field string, list []string) {
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			v.add(route, field, says(CodeEmptyEntry, "must not have an empty entry (entry %d)", i+1))
		}
	}
}

func (v *validator) headers(route, field string, h map[string]string) {
	seen := map[string]string{}
	for _, name := range sortedKeys(h) {
		path := h[name]
		switch {
		case !httpguts.ValidHeaderFieldName(name):
			v.add(route, field, about(CodeHeaderInvalid, name, "is not a valid header name"))
		case IsReservedHeader(name):
			v.add(route, field, about(CodeHeaderReserved, name, "is reserved and cannot carry a claim"))
		default:
			key := NormalizeHeaderName(name)
			if other, dup := seen[key]; dup {
				v.add(route, field, about(CodeHeaderDuplicate, name, "is the same header as %q", other))
			}
			seen[key] = name
		}
		if _, err := ParseClaimPath(path); err != nil {
			v.add(route, field, about(CodeClaimPathInvalid, name, "maps to %q, which is not a claim path (names separated by single dots)", path))
		}
	}
}

// duplicates reports enabled routes that match exactly the same requests.
func (v *validator) duplicates(rs []Route) {
	type key struct{ host, path, methods string }
	seen := map[key]int{}
	for i, r := range rs {
		if r.Disabled {
			continue
		}
		ms := slices.Clone(r.Methods)
		slices.Sort(ms)
		// Matching folds ASCII case, so /API/admin and /api/admin are one path.
		k := key{strings.ToLower(r.Host), strings.ToLower(trimSlash(r.Path)), strings.Join(ms, ",")}
		if first, dup := seen[k]; dup {
			v.add(RouteLabel(i, r), "path", says(CodeRouteDuplicate, "duplicate: route %q matches the same host, path and methods", RouteLabel(first, rs[first])))
			continue
		}
		seen[k] = i
	}
}

func isMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if !('A' <= c && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func checkRole(role string) finding {
	if strings.TrimSpace(role) == "" {
		return says(CodeEmptyEntry, "must not have an empty entry")
	}
	if client, name, ok := ClientRole(role); ok && (client == "" || name == "") {
		return about(CodeRoleInvalid, role, "is not a role name: a client role is written client:role")
	}
	return finding{}
}

func checkHTTPURL(s string) finding {
	u, err := url.Parse(s)
	if err != nil {
		return about(CodeURLInvalid, s, "is not a URL: %v", errCause(err))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return about(CodeURLScheme, s, "must be an http:// or https:// URL")
	case u.Host == "" || u.Hostname() == "":
		return about(CodeURLNoHost, s, "has no host")
	case u.User != nil:
		return about(CodeURLCredentials, redactUser(u), "must not carry credentials")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return about(CodeURLFragment, s, "must not have a fragment")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return about(CodeURLPort, s, "has a bad port")
		}
	}
	return finding{}
}

func redactUser(u *url.URL) string {
	return u.Scheme + "://***@" + u.Host + u.EscapedPath()
}

func errCause(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// CheckListen says what is wrong with a listen address (host:port, a port
// from 0 to 65535, an empty host for every interface), or "".
func CheckListen(addr string) string {
	if f := checkListen(addr); f.bad() {
		return f.message()
	}
	return ""
}

func checkListen(addr string) finding {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return about(CodeListenInvalid, addr, "is not host:port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return about(CodeListenInvalid, addr, "has a bad port")
	}
	if host != "" && net.ParseIP(host) == nil && !isHostname(host) {
		return about(CodeListenInvalid, addr, "has a bad host")
	}
	return finding{}
}

func checkHost(h string) finding {
	if strings.ContainsAny(h, "/?#@ ") {
		return about(CodeHostInvalid, h, "is not a host name (no scheme or path)")
	}
	host := h
	if strings.Contains(h, ":") && !strings.HasPrefix(h, "[") {
		var port string
		var err error
		host, port, err = net.SplitHostPort(h)
		if err != nil {
			return about(CodeHostInvalid, h, "is not a host name or host:port")
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return about(CodeHostPort, h, "has a bad port")
		}
	} else if strings.HasPrefix(h, "[") {
		if hh, _, err := net.SplitHostPort(h); err == nil {
			host = hh
		} else {
			host = strings.Trim(h, "[]")
		}
	}
	if net.ParseIP(host) == nil && !isHostname(host) {
		return about(CodeHostInvalid, h, "is not a host name (no scheme or path)")
	}
	return finding{}
}

func isHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	return p
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
