package routes

import (
	"errors"
	"strings"
)

// ErrAmbiguousPath is returned for request paths that a backend could read
// differently from the proxy. The proxy answers them with 400.
var ErrAmbiguousPath = errors.New("ambiguous path")

// pathError says why a path was rejected; it unwraps to ErrAmbiguousPath.
type pathError struct{ reason string }

func (e *pathError) Error() string { return "ambiguous path: " + e.reason }
func (e *pathError) Unwrap() error { return ErrAmbiguousPath }

// NormalizePath turns the raw (still percent-encoded) path of a request
// target into the canonical form the proxy matches on and forwards:
//
//   - percent-encoding is decoded exactly once;
//   - dot segments are removed (RFC 3986 §5.2.4) and duplicate slashes
//     collapsed, so the result never climbs above "/";
//   - the decoded path is re-encoded the way Go's net/url encodes a path, so
//     the upstream receives exactly the bytes that were matched.
//
// It rejects with ErrAmbiguousPath what a backend might decode or split
// differently: backslashes (raw or encoded), a segment carrying ";"
// parameters after the one decoding ("..;", "admin;x", "admin%3bx": Tomcat,
// Jetty and Spring drop them and serve "admin"), a segment other than "."
// or ".." ending in a dot or a space ("admin.", "admin%20": IIS trims them),
// an encoded ".", "/", "\" or ";" still present after the one decoding
// (double encoding), malformed escapes and control characters.
//
// NormalizePath is idempotent: NormalizePath(NormalizePath(p)) equals
// NormalizePath(p) for every p it accepts.
func NormalizePath(raw string) (string, error) {
	if raw == "" || raw[0] != '/' {
		return "", &pathError{"path must start with /"}
	}
	if isCanonical(raw) {
		return raw, nil // the common case: nothing to decode or remove
	}
	decoded, err := decodeOnce(raw)
	if err != nil {
		return "", err
	}
	if err := checkDecoded(decoded); err != nil {
		return "", err
	}
	return escapePath(removeDotSegments(decoded)), nil
}

// isCanonical reports whether raw needs no work: only characters Go leaves
// unescaped in a path, no ";", no duplicate slash, and no segment starting
// or ending with a dot. Anything else takes the full path through
// checkDecoded, which accepts or refuses it.
func isCanonical(raw string) bool {
	prev := byte(0)
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if !pathSafe[c] || c == ';' {
			return false
		}
		if prev == '/' && (c == '/' || c == '.') {
			return false
		}
		if c == '.' && (i+1 == len(raw) || raw[i+1] == '/') {
			return false
		}
		prev = c
	}
	return true
}

func decodeOnce(raw string) (string, error) {
	if strings.IndexByte(raw, '%') < 0 {
		return raw, nil
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
			return "", &pathError{"malformed percent-encoding"}
		}
		b = append(b, unhex(raw[i+1])<<4|unhex(raw[i+2]))
		i += 2
	}
	return string(b), nil
}

// checkDecoded rejects what is still ambiguous after the one decoding.
func checkDecoded(p string) error {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			return &pathError{"backslash in path"}
		case c < 0x20 || c == 0x7f:
			return &pathError{"control character in path"}
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			switch unhex(p[i+1])<<4 | unhex(p[i+2]) {
			case '.', '/', '\\', ';':
				return &pathError{"double percent-encoding of '.', '/', '\\' or ';'"}
			}
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if strings.IndexByte(seg, ';') >= 0 {
			return &pathError{"path segment with ';' parameters"}
		}
		// A lone "." or ".." is a dot segment, resolved below; "admin." or
		// "..." is a name that IIS would serve as "admin" or "".
		if seg == "." || seg == ".." || seg == "" {
			continue
		}
		if last := seg[len(seg)-1]; last == '.' || last == ' ' {
			return &pathError{"path segment ending in a dot or a space"}
		}
	}
	return nil
}

// removeDotSegments resolves "." and ".." and collapses empty segments. A
// trailing slash, or a trailing dot segment, leaves the result ending in "/".
func removeDotSegments(p string) string {
	segs := strings.Split(p[1:], "/")
	out := make([]string, 0, len(segs))
	trailing := false
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case "", ".":
			trailing = last
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			trailing = last
		default:
			out = append(out, s)
			trailing = false
		}
	}
	if len(out) == 0 {
		return "/"
	}
	joined := "/" + strings.Join(out, "/")
	if trailing {
		joined += "/"
	}
	return joined
}

// escapePath encodes a decoded path exactly like net/url does for URL.Path,
// so the request the upstream receives carries these very bytes.
func escapePath(p string) string {
	n := 0
	for i := 0; i < len(p); i++ {
		if !pathSafe[p[i]] {
			n++
		}
	}
	if n == 0 {
		return p
	}
	const hexDigits = "0123456789ABCDEF"
	b := make([]byte, 0, len(p)+2*n)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if pathSafe[c] {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return string(b)
}

// UnescapePath decodes a path returned by NormalizePath (the form to put in
// url.URL.Path). It only fails on input NormalizePath never returns.
func UnescapePath(p string) (string, error) {
	return decodeOnce(p)
}

// pathSafe holds the bytes net/url leaves unescaped in a path.
var pathSafe = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "-_.~$&+,/:;=@" {
		t[c] = true
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	default:
		return c - '0'
	}
}
