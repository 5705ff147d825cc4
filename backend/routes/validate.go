package routes

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// Problem is one thing wrong with a route file. Route is empty for problems
// outside the routes list; Line is 0 when unknown.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Route   string `json:"route,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// String renders the problem as `FILE[:LINE]: route "NAME": FIELD: message`,
// leaving out the parts that are empty.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		b.WriteString("line " + strconv.Itoa(p.Line) + ": ")
	}
	if p.Route != "" {
		b.WriteString("route " + strconv.Quote(p.Route) + ": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError lists every problem found in a route file at once.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid route file: " + e.Problems[0].String()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("invalid route file (%d problems): %s", len(e.Problems), strings.Join(lines, "; "))
}

// WithFile returns a copy whose problems name the given file.
func (e *ValidationError) WithFile(file string) *ValidationError {
	out := &ValidationError{Problems: slices.Clone(e.Problems)}
	for i := range out.Problems {
		out.Problems[i].File = file
	}
	return out
}

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
		v.add("", "issuer", "required when a route uses auth required or optional")
	}
	return v.result()
}

type validator struct {
	problems []Problem
}

func (v *validator) add(route, field, format string, args ...any) {
	v.problems = append(v.problems, Problem{Route: route, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) result() error {
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

func (v *validator) config(cfg Config) {
	if cfg.Version != Version {
		v.add("", "version", "must be %d, got %d", Version, cfg.Version)
	}
	if cfg.Listen != "" {
		if msg := CheckListen(cfg.Listen); msg != "" {
			v.add("", "listen", "%s", msg)
		}
	}
	if cfg.Issuer != "" {
		if msg := checkHTTPURL(cfg.Issuer); msg != "" {
			v.add("", "issuer", "%s", msg)
		}
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
			v.add(label, "name", "required")
		} else if names[r.Name] {
			v.add(label, "name", "duplicate: another route has the same name")
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
		v.add(label, "path", "required")
	case r.Path[0] != '/':
		v.add(label, "path", "must start with /")
	default:
		norm, err := NormalizePath(r.Path)
		if err != nil {
			v.add(label, "path", "is not accepted: %v", err)
		} else if norm != r.Path {
			v.add(label, "path", "must be in normal form: %s", norm)
		}
	}
	seen := map[string]bool{}
	for _, m := range r.Methods {
		switch {
		case !isMethod(m):
			v.add(label, "methods", "%q is not an HTTP method (upper-case token such as GET)", m)
		case seen[m]:
			v.add(label, "methods", "%q is listed twice", m)
		}
		seen[m] = true
	}
	if r.Host != "" {
		if msg := checkHost(r.Host); msg != "" {
			v.add(label, "host", "%s", msg)
		}
	}
	if r.Upstream == "" {
		v.add(label, "upstream", "required")
	} else if msg := checkHTTPURL(r.Upstream); msg != "" {
		v.add(label, "upstream", "%s", msg)
	}
	switch r.Auth {
	case AuthRequired, AuthOptional, AuthPublic:
	case "":
		v.add(label, "auth", "required: one of required, optional, public")
	default:
		v.add(label, "auth", "must be required, optional or public, not %q", r.Auth)
	}
	// With no auth mode the route is already reported; naming "" as its
	// mode here would only repeat that.
	if len(r.Roles) > 0 && r.Auth != AuthRequired && r.Auth != "" {
		v.add(label, "roles", "only allowed with auth required (this route is %q)", r.Auth)
	}
	for _, role := range r.Roles {
		if msg := checkRole(role); msg != "" {
			v.add(label, "roles", "%s", msg)
		}
	}
	v.headers(label, "headers", r.Headers)
	v.rate(label, r)
}

func (v *validator) stringList(route, field string, list []string) {
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			v.add(route, field, "must not have an empty entry (entry %d)", i+1)
		}
	}
}

func (v *validator) headers(route, field string, h map[string]string) {
	seen := map[string]string{}
	for _, name := range sortedKeys(h) {
		path := h[name]
		switch {
		case !httpguts.ValidHeaderFieldName(name):
			v.add(route, field, "%q is not a valid header name", name)
		case IsReservedHeader(name):
			v.add(route, field, "%q is reserved and cannot carry a claim", name)
		default:
			key := NormalizeHeaderName(name)
			if other, dup := seen[key]; dup {
				v.add(route, field, "%q is the same header as %q", name, other)
			}
			seen[key] = name
		}
		if _, err := ParseClaimPath(path); err != nil {
			v.add(route, field, "%q maps to %q, which is not a claim path (names separated by single dots)", name, path)
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
			v.add(RouteLabel(i, r), "path", "duplicate: route %q matches the same host, path and methods", RouteLabel(first, rs[first]))
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

func checkRole(role string) string {
	if strings.TrimSpace(role) == "" {
		return "must not have an empty entry"
	}
	if client, name, ok := ClientRole(role); ok && (client == "" || name == "") {
		return fmt.Sprintf("%q is not a role name: a client role is written client:role", role)
	}
	return ""
}

func checkHTTPURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Sprintf("%q is not a URL: %v", s, errCause(err))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("%q must be an http:// or https:// URL", s)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Sprintf("%q has no host", s)
	case u.User != nil:
		return fmt.Sprintf("%q must not carry credentials", redactUser(u))
	case u.Fragment != "" || strings.Contains(s, "#"):
		return fmt.Sprintf("%q must not have a fragment", s)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("%q has a bad port", s)
		}
	}
	return ""
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
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("%q is not host:port", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Sprintf("%q has a bad port", addr)
	}
	if host != "" && net.ParseIP(host) == nil && !isHostname(host) {
		return fmt.Sprintf("%q has a bad host", addr)
	}
	return ""
}

func checkHost(h string) string {
	if strings.ContainsAny(h, "/?#@ ") {
		return fmt.Sprintf("%q is not a host name (no scheme or path)", h)
	}
	host := h
	if strings.Contains(h, ":") && !strings.HasPrefix(h, "[") {
		var port string
		var err error
		host, port, err = net.SplitHostPort(h)
		if err != nil {
			return fmt.Sprintf("%q is not a host name or host:port", h)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("%q has a bad port", h)
		}
	} else if strings.HasPrefix(h, "[") {
		if hh, _, err := net.SplitHostPort(h); err == nil {
			host = hh
		} else {
			host = strings.Trim(h, "[]")
		}
	}
	if net.ParseIP(host) == nil && !isHostname(host) {
		return fmt.Sprintf("%q is not a host name (no scheme or path)", h)
	}
	return ""
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
