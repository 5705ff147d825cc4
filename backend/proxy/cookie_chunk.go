package proxy

import (
	"net/http"
	"strconv"
	"strings"
)

// maxCookieBytes bounds one cookie's name and value together: browsers keep
// about 4,096 bytes per cookie, attributes included.
const maxCookieBytes = 4000

// maxChunks bounds how many chunks are read back: 16 × 4,000 bytes is far
// more than a session of a user with hundreds of roles needs.
const maxChunks = 16

// cookieAttrs are the attributes of every cookie the proxy sets: HttpOnly,
// SameSite=Lax and Path=/ always, Secure when the browser reached the proxy
// over TLS (here, or at a trusted proxy: see originOf).
type cookieAttrs struct {
	maxAge int // seconds; 0: a browser-session cookie
}

func (a cookieAttrs) cookie(r *http.Request, name, value string) *http.Cookie {
	//nolint:gosec // G124: Secure whenever the browser came over https (itself or via a trusted proxy); on plain http a Secure cookie never comes back
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: a.maxAge,
		HttpOnly: true, Secure: originOf(r).scheme == "https", SameSite: http.SameSiteLaxMode,
	}
}

// chunkName is the name of chunk i of the cookie called name.
func chunkName(name string, i int) string { return name + "_" + strconv.Itoa(i) }

// chunkIndex reports whether cookie is a chunk of name (name_0, name_1, …).
func chunkIndex(name, cookie string) (int, bool) {
	rest, ok := strings.CutPrefix(cookie, name+"_")
	if !ok || rest == "" || len(rest) > 3 {
		return 0, false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return 0, false
		}
	}
	n, _ := strconv.Atoi(rest)
	return n, strconv.Itoa(n) == rest // "01" is no chunk name the proxy writes
}

// splitCookie cuts value into the cookies that carry it: one cookie called
// name when name and value fit maxCookieBytes, else chunks name_0, name_1, …
// each within that bound.
func splitCookie(name, value string) (names, values []string) {
	if len(name)+len(value) <= maxCookieBytes {
		return []string{name}, []string{value}
	}
	for i := 0; len(value) > 0; i++ {
		n := chunkName(name, i)
		size := min(maxCookieBytes-len(n), len(value))
		names, values = append(names, n), append(values, value[:size])
		value = value[size:]
	}
	return names, values
}

// readCookie returns the value of the cookie called name as the browser
// sent it: the cookie itself, or its chunks name_0, name_1, … joined in
// order. found is false when neither is there (or the chunks have a gap, or
// the same name was sent twice: no value the proxy wrote). It scans the
// Cookie headers in place rather than parsing every cookie: it runs on
// every request that may carry a session.
func readCookie(r *http.Request, name string) (value string, found bool) {
	var (
		whole      string
		wholeCount int
		parts      [maxChunks]string
		seen       [maxChunks]uint8
		count      int
	)
	for _, line := range r.Header["Cookie"] {
		for line != "" {
			var pair string
			if i := strings.IndexByte(line, ';'); i >= 0 {
				pair, line = line[:i], line[i+1:]
			} else {
				pair, line = line, ""
			}
			pair = strings.TrimSpace(pair)
			if len(pair) < len(name) || pair[:len(name)] != name {
				continue // the common case: another cookie
			}
			n, v, _ := strings.Cut(pair, "=")
			n = strings.TrimSpace(n)
			v = strings.Trim(strings.TrimSpace(v), `"`)
			if n == name {
				whole, wholeCount = v, wholeCount+1
			} else if i, ok := chunkIndex(name, n); ok && i < maxChunks {
				parts[i], seen[i] = v, seen[i]+1
				count++
			}
		}
	}
	switch {
	case wholeCount == 1 && count == 0:
		return whole, true
	case wholeCount > 0 || count == 0:
		return "", false
	}
	size := 0
	for i := 0; i < count; i++ {
		if seen[i] != 1 {
			return "", false
		}
		size += len(parts[i])
	}
	var b strings.Builder
	b.Grow(size)
	for i := 0; i < count; i++ {
		b.WriteString(parts[i])
	}
	return b.String(), true
}

// setCookie writes value as the cookie called name (chunked when large) on
// the response, and expires every other cookie of that name or its chunks
// that the request carried, so no stale chunk outlives a smaller value.
func setCookie(h http.Header, r *http.Request, attrs cookieAttrs, name, value string) {
	names, values := splitCookie(name, value)
	for i := range names {
		h.Add("Set-Cookie", attrs.cookie(r, names[i], values[i]).String())
	}
	expireCookies(h, r, name, names)
}

// clearCookie expires the cookie called name and all its chunks that the
// request carried (the name itself always, for a browser that lost count).
func clearCookie(h http.Header, r *http.Request, name string) {
	expireCookies(h, r, name, nil)
	if !requestHas(r, name) {
		h.Add("Set-Cookie", cookieAttrs{maxAge: -1}.cookie(r, name, "").String())
	}
}

func requestHas(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

// expireCookies expires the request's cookies called name or name_N, except
// those in keep.
func expireCookies(h http.Header, r *http.Request, name string, keep []string) {
	done := map[string]bool{}
	for _, k := range keep {
		done[k] = true
	}
	for _, c := range r.Cookies() {
		if done[c.Name] {
			continue
		}
		if _, chunk := chunkIndex(name, c.Name); c.Name == name || chunk {
			done[c.Name] = true
			h.Add("Set-Cookie", cookieAttrs{maxAge: -1}.cookie(r, c.Name, "").String())
		}
	}
}

// stripCookies removes from the request every cookie owned(name) claims,
// so they never reach the upstream. Other cookies pass as the client sent
// them; a Cookie header left empty is removed.
func stripCookies(r *http.Request, owned func(string) bool) {
	vals := r.Header["Cookie"]
	if len(vals) == 0 {
		return
	}
	var out []string
	changed := false
	for _, v := range vals {
		kept := v
		if cookieLineHasOwned(v, owned) {
			changed = true
			var b strings.Builder
			for part := range strings.SplitSeq(v, ";") {
				p := strings.TrimSpace(part)
				if p == "" {
					continue
				}
				n, _, _ := strings.Cut(p, "=")
				if owned(strings.TrimSpace(n)) {
					continue
				}
				if b.Len() > 0 {
					b.WriteString("; ")
				}
				b.WriteString(p)
			}
			kept = b.String()
		}
		if kept != "" {
			out = append(out, kept)
		}
	}
	if !changed {
		return
	}
	if len(out) == 0 {
		delete(r.Header, "Cookie")
		return
	}
	r.Header["Cookie"] = out
}

func cookieLineHasOwned(v string, owned func(string) bool) bool {
	for part := range strings.SplitSeq(v, ";") {
		n, _, _ := strings.Cut(part, "=")
		if owned(strings.TrimSpace(n)) {
			return true
		}
	}
	return false
}
