package oathkeeper

import (
	"fmt"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// Oathkeeper's matching strategies: how the parts of match.url inside
// < and > are read. Text outside them is literal in both.
const (
	StrategyGlob   = "glob"
	StrategyRegexp = "regexp"
)

// urlMatch is what a match.url means in Tandem's terms.
type urlMatch struct {
	host    string // "" for any host
	path    string // the route's path prefix
	mapped  string // how it was read, for the report
	changes []Change
}

// part is a literal run or a <pattern> of a match.url.
type part struct {
	text    string
	pattern bool
}

// splitPatterns cuts a match.url into literal runs and <patterns>.
func splitPatterns(s string) ([]part, error) {
	var parts []part
	for s != "" {
		open := strings.IndexByte(s, '<')
		if open < 0 {
			parts = append(parts, part{text: s})
			break
		}
		if open > 0 {
			parts = append(parts, part{text: s[:open]})
		}
		end := matchingClose(s[open:])
		if end < 0 {
			return nil, fmt.Errorf("unbalanced < in %q", s)
		}
		parts = append(parts, part{text: s[open+1 : open+end], pattern: true})
		s = s[open+end+1:]
	}
	return parts, nil
}

// matchingClose finds the > closing the < at s[0], counting nested pairs
// as Oathkeeper's delimiter compiler does.
func matchingClose(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			depth++
		case '>':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// anyHostPatterns match exactly one host, whatever it is, and nothing else
// (a pattern that may cross a "/" could eat into the path).
var anyHostPatterns = map[string]bool{"[^/]+": true, "[^/]*": true}

// segmentAwareTails match nothing or a "/" and anything after it: exactly
// a Tandem prefix.
var segmentAwareTails = map[string]bool{"(/.*)?": true, "(?:/.*)?": true}

// translateURL reads a match.url under a strategy ("" when unknown: then
// <**> is read as glob and <.*>, <.+> as regexp, the only readings that
// make sense of them). It returns the reason when the URL has no Tandem
// equivalent.
func translateURL(raw, strategy string) (urlMatch, *Gap) {
	gap := func(format string, args ...any) (urlMatch, *Gap) {
		return urlMatch{}, &Gap{Code: GapURL, Field: "match.url", Reason: fmt.Sprintf(format, args...)}
	}
	if raw == "" {
		return gap("empty: the rule matches nothing")
	}
	parts, err := splitPatterns(raw)
	if err != nil {
		return gap("%v", err)
	}
	// Scheme: Tandem does not route on it (the proxy serves one scheme), so
	// any scheme or scheme pattern reads as "any".
	i := 0
	for ; i < len(parts); i++ {
		if !parts[i].pattern {
			if k := strings.Index(parts[i].text, "://"); k >= 0 {
				parts[i].text = parts[i].text[k+3:]
				break
			}
		}
	}
	if i == len(parts) {
		return gap("%q has no scheme://host", raw)
	}
	rest := parts[i:]
	// Host: everything up to the first literal "/".
	var hostParts []part
	for len(rest) > 0 {
		p := rest[0]
		if !p.pattern && p.text == "" {
			rest = rest[1:]
			continue
		}
		if !p.pattern {
			if k := strings.IndexByte(p.text, '/'); k >= 0 {
				if k > 0 {
					hostParts = append(hostParts, part{text: p.text[:k]})
				}
				rest[0].text = p.text[k:]
				break
			}
		}
		hostParts = append(hostParts, p)
		rest = rest[1:]
	}
	var m urlMatch
	switch {
	case len(hostParts) == 1 && !hostParts[0].pattern:
		m.host = hostParts[0].text
	case len(hostParts) == 1 && strategy != StrategyGlob && anyHostPatterns[hostParts[0].text]:
		m.host = ""
	default:
		return gap("host %q: a Tandem route names one host or any host", joinParts(hostParts))
	}
	if len(rest) == 0 {
		return gap("%q has no path", raw)
	}
	path, gp := translatePath(rest, strategy, &m)
	if gp != nil {
		return urlMatch{}, gp
	}
	norm, err := routes.NormalizePath(path)
	if err != nil || norm != path {
		return gap("path %q is not a path Tandem routes (normal form: %q)", path, norm)
	}
	m.path = path
	where := "any host"
	if m.host != "" {
		where = "host " + m.host
	}
	m.mapped = fmt.Sprintf("match.url %s → %s, path prefix %s", raw, where, path)
	return m, nil
}

// translatePath reads the path parts: a literal, optionally followed by one
// trailing wildcard.
func translatePath(parts []part, strategy string, m *urlMatch) (string, *Gap) {
	gap := func(format string, args ...any) (string, *Gap) {
		return "", &Gap{Code: GapURL, Field: "match.url", Reason: fmt.Sprintf(format, args...)}
	}
	lit := ""
	for i, p := range parts {
		if !p.pattern {
			if strings.ContainsAny(p.text, "?#") {
				return gap("%q holds a query or fragment, which Oathkeeper never matches", p.text)
			}
			lit += p.text
			continue
		}
		if i != len(parts)-1 {
			return gap("the pattern <%s> is inside the path: a Tandem route matches a path prefix only", p.text)
		}
		return trailingPattern(lit, p.text, strategy, m)
	}
	// A literal path: Oathkeeper matched it exactly.
	prefix := trimSlash(lit)
	m.changes = append(m.changes, Change{Code: ChangeExactPathNowPrefix, Text: fmt.Sprintf(
		"Oathkeeper matched %s exactly; the Tandem prefix %s also matches every path below it (%s/…)", lit, prefix, strings.TrimSuffix(prefix, "/"))})
	return prefix, nil
}

func trailingPattern(lit, pat, strategy string, m *urlMatch) (string, *Gap) {
	gap := func(format string, args ...any) (string, *Gap) {
		return "", &Gap{Code: GapURL, Field: "match.url", Reason: fmt.Sprintf(format, args...)}
	}
	anything := false
	switch pat {
	case "**":
		if strategy == StrategyRegexp {
			return gap("<**> is not a regular expression (the matching strategy is regexp)")
		}
		anything = true
	case ".*", ".+":
		if strategy == StrategyGlob {
			return gap("<%s> under glob matching is a literal %q then a wildcard, not a path prefix", pat, ".")
		}
		anything = true
	case "*", "[^/]+", "[^/]*":
		return gap("<%s> matches a single path segment; a Tandem route matches everything below its prefix", pat)
	}
	if !anything {
		if strategy != StrategyGlob && segmentAwareTails[pat] && lit != "" && !strings.HasSuffix(lit, "/") {
			// /api<(/.*)?> is exactly a segment-aware prefix.
			return lit, nil
		}
		return gap("<%s> is a pattern that is not a path prefix", pat)
	}
	switch {
	case lit == "/" || lit == "":
		return "/", nil
	case strings.HasSuffix(lit, "/"):
		prefix := strings.TrimSuffix(lit, "/")
		m.changes = append(m.changes, Change{Code: ChangePrefixMatchesBare, Text: fmt.Sprintf(
			"Oathkeeper's %s<%s> did not match %s itself; the Tandem prefix %s does", lit, pat, prefix, prefix)})
		return prefix, nil
	default:
		m.changes = append(m.changes, Change{Code: ChangePrefixSegmentAware, Text: fmt.Sprintf(
			"Oathkeeper's %s<%s> also matched paths such as %sX; the Tandem prefix %s matches only %s and %s/…", lit, pat, lit, lit, lit, lit)})
		return lit, nil
	}
}

func joinParts(ps []part) string {
	var b strings.Builder
	for _, p := range ps {
		if p.pattern {
			b.WriteString("<" + p.text + ">")
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

func trimSlash(p string) string {
	if len(p) > 1 {
		return strings.TrimSuffix(p, "/")
	}
	if p == "" {
		return "/"
	}
	return p
}
