package routes

import (
	"slices"
	"strings"
)

// Table matches requests against the enabled routes of a config. It is
// immutable once compiled and safe for concurrent use.
type Table struct {
	entries []entry // most specific first
}

type entry struct {
	index   int    // position in Config.Routes
	prefix  string // normalised path without a trailing slash ("" for "/")
	host    string // lower-case, "" for any host
	hasPort bool
	methods []string
}

// Result is the outcome of Table.Match. Index is the matched route's position
// in Config.Routes, or -1. When no route matched but some matched host and
// path, Allow lists the methods those routes name (answer 405).
type Result struct {
	Index int
	Allow []string
}

// Compile builds the match table for the enabled routes of cfg, which should
// have passed Validate.
func Compile(cfg Config) *Table {
	t := &Table{}
	for i, r := range cfg.Routes {
		if r.Disabled {
			continue
		}
		e := entry{index: i, methods: slices.Clone(r.Methods)}
		if p, err := NormalizePath(r.Path); err == nil {
			e.prefix = strings.TrimSuffix(p, "/")
		} else {
			e.prefix = strings.TrimSuffix(r.Path, "/")
		}
		if r.Host != "" {
			e.host = strings.ToLower(r.Host)
			e.hasPort = hostHasPort(e.host)
		}
		t.entries = append(t.entries, e)
	}
	slices.SortStableFunc(t.entries, func(a, b entry) int {
		if len(a.prefix) != len(b.prefix) {
			return len(b.prefix) - len(a.prefix) // longer path first
		}
		if (a.host != "") != (b.host != "") {
			if a.host != "" {
				return -1
			}
			return 1
		}
		return methodRank(a.methods) - methodRank(b.methods)
	})
	return t
}

// methodRank orders routes with a method list before routes without one, and
// shorter lists before longer ones.
func methodRank(m []string) int {
	if len(m) == 0 {
		return 1 << 20
	}
	return len(m)
}

// Match finds the most specific enabled route for a request. path must be
// the output of NormalizePath; host is the request's Host header. Paths and
// hosts are compared with ASCII case folded, so specificity (the longest
// prefix) is the same for every spelling of a path.
func (t *Table) Match(host, method, path string) Result {
	pathMatched := false
	for i := range t.entries {
		e := &t.entries[i]
		if !prefixMatch(e.prefix, path) || !e.hostMatch(host) {
			continue
		}
		if e.accepts(method) {
			return Result{Index: e.index}
		}
		pathMatched = true
	}
	if !pathMatched {
		return Result{Index: -1}
	}
	var allow []string
	for i := range t.entries {
		e := &t.entries[i]
		if prefixMatch(e.prefix, path) && e.hostMatch(host) {
			for _, m := range e.methods {
				if !slices.Contains(allow, m) {
					allow = append(allow, m)
				}
			}
		}
	}
	slices.Sort(allow)
	return Result{Index: -1, Allow: allow}
}

// accepts reports whether a route takes the method: any method when it
// lists none; HEAD wherever it takes GET, since a HEAD request is a GET
// without the response body (RFC 9110, section 9.3.2) and HTTP servers
// answer it wherever they answer GET.
func (e *entry) accepts(method string) bool {
	if len(e.methods) == 0 || slices.Contains(e.methods, method) {
		return true
	}
	return method == "HEAD" && slices.Contains(e.methods, "GET")
}

// prefixMatch is a segment-aware prefix test: "/api/feed" matches
// "/api/feed" and "/api/feed/x", never "/api/feedback". It folds ASCII case
// ("/API/Feed" matches too): case-insensitive backends (ASP.NET, Express)
// serve "/API/admin" as "/api/admin", so it must meet that route's checks.
// Only ASCII folds, as those backends fold: a path in normal form spells
// every other byte as an upper-case %XX escape, on both sides alike.
func prefixMatch(prefix, path string) bool {
	if len(path) < len(prefix) || !equalFoldASCII(path[:len(prefix)], prefix) {
		return false
	}
	return len(path) == len(prefix) || path[len(prefix)] == '/'
}

// equalFoldASCII reports whether a and b are equal under ASCII case folding.
// Unlike strings.EqualFold it folds no other letter (the Kelvin sign is not
// "k"), and it allocates nothing.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func (e *entry) hostMatch(host string) bool {
	if e.host == "" {
		return true
	}
	if !e.hasPort {
		host = stripPort(host)
	}
	return equalFoldASCII(e.host, host)
}

func hostHasPort(h string) bool {
	i := strings.LastIndexByte(h, ':')
	return i >= 0 && i > strings.LastIndexByte(h, ']')
}

func stripPort(h string) string {
	if hostHasPort(h) {
		return h[:strings.LastIndexByte(h, ':')]
	}
	return h
}

// StripPrefix removes a route's path prefix from a normalised request path
// that the route matched, keeping the result rooted ("/api/feed/x" → "/x",
// "/api/feed" → "/"). The prefix is compared as Match compares it (ASCII
// case folded), so "/API/Feed/x" → "/x" too. A path the route does not
// match is returned unchanged.
func StripPrefix(routePath, path string) string {
	prefix := strings.TrimSuffix(routePath, "/")
	if !prefixMatch(prefix, path) {
		return path
	}
	if rest := path[len(prefix):]; rest != "" {
		return rest
	}
	return "/"
}

// DescribeMatch explains in words why a route matches, for traces.
func DescribeMatch(r Route) string {
	var b strings.Builder
	b.WriteString("path prefix ")
	b.WriteString(r.Path)
	if r.Host != "" {
		b.WriteString(", host " + r.Host)
	} else {
		b.WriteString(", any host")
	}
	if len(r.Methods) > 0 {
		b.WriteString(", methods " + strings.Join(r.Methods, ","))
		if slices.Contains(r.Methods, "GET") && !slices.Contains(r.Methods, "HEAD") {
			b.WriteString(" (HEAD with GET)")
		}
	} else {
		b.WriteString(", any method")
	}
	return b.String()
}
