package tester

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// This file is the one home of what the tester may write down. Every saved
// case, every kept suite result and every export passes through it, so no
// usable credential reaches the database or a file. A redacted value still
// says what it was (the auth scheme, the first characters of a JWT's header,
// a cookie's name) and contains redactedMark, which no credential does:
// redacting twice changes nothing.

// redactedMark stands where a secret value was.
const redactedMark = "[redacted]"

// jwtKeep is how much of a JWT is kept: the start of its header, which
// shows it was a JWT and is the same for every token of a realm.
const jwtKeep = 10

// credentialHeaders are header names, folded as the proxy compares them,
// whose whole value is a credential.
var credentialHeaders = foldedSet(routes.NormalizeHeaderName,
	"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
	"X-Api-Key", "Api-Key", "X-Auth-Token", "X-Access-Token", "X-Id-Token", "X-Refresh-Token",
	"X-Forwarded-Access-Token", "X-Auth-Request-Access-Token")

// secretParams are query, form and JSON field names, folded by paramKey,
// whose value is a credential (OAuth 2 and OIDC parameters and the usual
// names of passwords and API keys).
var secretParams = foldedSet(paramKey,
	"access_token", "id_token", "refresh_token", "token", "code", "device_code", "user_code",
	"client_secret", "client_assertion", "assertion", "subject_token", "actor_token",
	"id_token_hint", "logout_token", "password", "passwd", "secret", "api_key", "apikey")

func foldedSet(fold func(string) string, names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[fold(n)] = true
	}
	return m
}

// paramKey folds a parameter name: lower case, "-" read as "_".
func paramKey(name string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "-", "_"))
}

func isSecretParam(name string) bool { return secretParams[paramKey(name)] }

func isCredentialHeader(name string) bool {
	return credentialHeaders[routes.NormalizeHeaderName(strings.TrimSpace(name))]
}

// isSecretName says whether a field of this name holds a credential, be it a
// header (as the echo upstream reports them) or a parameter.
func isSecretName(name string) bool { return isCredentialHeader(name) || isSecretParam(name) }

// isRedacted reports a value that is exactly what redactSecret makes of a
// secret, also as escaped in a query string. A value that merely contains a
// placeholder ("[redacted], sid=abc", as the echo joins repeated headers)
// is not: its other part is redacted too.
func isRedacted(v string) bool {
	if u, err := url.QueryUnescape(v); err == nil {
		v = u
	}
	if v == redactedMark {
		return true
	}
	kept, ok := strings.CutSuffix(v, "…"+redactedMark)
	return ok && len(kept) == jwtKeep && strings.HasPrefix(kept, "eyJ") && !strings.ContainsAny(kept, " ,;")
}

// holdsRedacted reports a value in which a placeholder stands.
func holdsRedacted(v string) bool {
	return strings.Contains(v, redactedMark) || strings.Contains(v, url.QueryEscape(redactedMark))
}

// redactSecret replaces a credential. A JWT keeps the start of its header so
// the reader still sees it was one; anything else keeps nothing.
func redactSecret(v string) string {
	if v == "" || isRedacted(v) {
		return v
	}
	if strings.HasPrefix(v, "eyJ") && len(v) > 2*jwtKeep && jwtPattern.MatchString(v) {
		return v[:jwtKeep] + "…" + redactedMark
	}
	return redactedMark
}

// redactCredential redacts an Authorization-like value, keeping the scheme
// ("Bearer eyJhbGciOi…[redacted]", "Basic [redacted]").
func redactCredential(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || isRedacted(v) {
		return v
	}
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok || !isSchemeName(scheme) {
		return redactSecret(v)
	}
	return scheme + " " + redactSecret(strings.TrimSpace(cred))
}

func isSchemeName(s string) bool {
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-')) {
			return false
		}
	}
	return s != ""
}

// redactCookie keeps each cookie's name: "sid=[redacted]; theme=[redacted]".
func redactCookie(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		switch {
		case !ok:
			parts[i] = redactSecret(strings.TrimSpace(p))
		default:
			parts[i] = name + "=" + redactSecret(val)
		}
	}
	return strings.Join(parts, "; ")
}

// redactSetCookie keeps the cookie's name and its attributes (Path, Expires,
// HttpOnly...), which say how it is used and are not secret.
func redactSetCookie(v string) string {
	first, attrs, hasAttrs := strings.Cut(v, ";")
	name, val, ok := strings.Cut(strings.TrimSpace(first), "=")
	out := redactSecret(strings.TrimSpace(first))
	if ok {
		out = name + "=" + redactSecret(val)
	}
	if hasAttrs {
		out += ";" + redactText(attrs)
	}
	return out
}

// redactHeaderValue redacts one header value according to its name.
func redactHeaderValue(name, v string) string {
	switch routes.NormalizeHeaderName(strings.TrimSpace(name)) {
	case "cookie":
		return redactCookie(v)
	case "set-cookie":
		return redactSetCookie(v)
	}
	if isCredentialHeader(name) {
		return redactCredential(v)
	}
	return redactText(v)
}

// redactHeader copies h with every credential redacted.
func redactHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, vals := range h {
		red := make([]string, len(vals))
		for i, v := range vals {
			red[i] = redactHeaderValue(name, v)
		}
		out[name] = red
	}
	return out
}

// redactNamedValue redacts the value of a field named as a header or a
// parameter that holds a credential.
func redactNamedValue(name, v string) string {
	if isCredentialHeader(name) {
		return redactHeaderValue(name, v)
	}
	return redactSecret(v)
}

var (
	// jwtPattern is a compact JWS: a base64url JSON header (so "eyJ"), the
	// claims and a signature, which alg "none" leaves empty.
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	// schemePattern is a credential after an auth scheme in running text. A
	// quote right after it is an auth-param (`Bearer realm="x"`), not a
	// credential, and is left alone.
	schemePattern = regexp.MustCompile(`(?i)\b(Bearer|Basic|Digest|Negotiate|NTLM)(\s+)([A-Za-z0-9\-._~+/]+=*(?:…\[redacted\])?)("?)`)
	// paramPattern is name=value in a URL, a query or a form body.
	paramPattern = regexp.MustCompile(`(?i)\b(` + namesPattern(secretParams) + `)=([^&\s"'#;,<>]*)`)
	// jsonFieldPattern is "name": "value" in JSON that could not be parsed
	// (a body cut at the size limit).
	jsonFieldPattern = regexp.MustCompile(`(?i)"(` + namesPattern(secretParams) + `|` + namesPattern(credentialHeaders) + `)"(\s*:\s*)"((?:[^"\\]|\\.)*)"`)
)

// namesPattern is an alternation of folded names in which "-" and "_" match
// each other.
func namesPattern(set map[string]bool) string {
	alts := make([]string, 0, len(set))
	for n := range set {
		q := regexp.QuoteMeta(n)
		q = strings.NewReplacer("-", "[-_]", "_", "[-_]").Replace(q)
		alts = append(alts, q)
	}
	// Longer names first, so access_token is tried before token; then by
	// name, so the pattern is the same on every start.
	slices.SortFunc(alts, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return strings.Join(alts, "|")
}

// looksLikeCredential tells a credential after "Bearer" or "Basic" in running
// text from a word of prose ("Basic authentication"): credentials are long
// and carry digits, symbols or mixed case.
func looksLikeCredential(s string) bool {
	if len(s) < 8 {
		return false
	}
	var upper, lower bool
	for i, r := range s {
		switch {
		case unicode.IsDigit(r), strings.ContainsRune(".-_~+/=", r):
			return true
		case unicode.IsUpper(r) && i > 0:
			upper = true
		case unicode.IsLower(r):
			lower = true
		}
	}
	return upper && lower
}

// redactText redacts credentials in free text: a URL, a message, a body
// that is not JSON.
func redactText(s string) string {
	if s == "" {
		return s
	}
	s = schemePattern.ReplaceAllStringFunc(s, func(m string) string {
		p := schemePattern.FindStringSubmatch(m)
		if p[4] == `"` || !looksLikeCredential(p[3]) {
			return m
		}
		return p[1] + p[2] + redactSecret(p[3])
	})
	s = jwtPattern.ReplaceAllStringFunc(s, redactSecret)
	s = paramPattern.ReplaceAllStringFunc(s, func(m string) string {
		name, val, _ := strings.Cut(m, "=")
		return name + "=" + redactSecret(val)
	})
	return jsonFieldPattern.ReplaceAllStringFunc(s, func(m string) string {
		p := jsonFieldPattern.FindStringSubmatch(m)
		return `"` + p[1] + `"` + p[2] + `"` + redactNamedValue(p[1], p[3]) + `"`
	})
}

// redactBody redacts a request or response body. JSON (what the echo
// upstream answers) is redacted field by field, so a header it reports by
// name is redacted like the header; anything else as text.
func redactBody(s string) string {
	t := strings.TrimSpace(s)
	if (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Valid([]byte(t)) {
		dec := json.NewDecoder(strings.NewReader(t))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err == nil {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if strings.Contains(t, "\n") {
				enc.SetIndent("", "  ")
			}
			if err := enc.Encode(redactJSON(v)); err == nil {
				out := buf.String()
				if !strings.HasSuffix(s, "\n") {
					out = strings.TrimSuffix(out, "\n")
				}
				return out
			}
		}
	}
	return redactText(s)
}

func redactJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if isSecretName(k) {
				out[k] = redactJSONField(k, val)
			} else {
				out[k] = redactJSON(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactJSON(e)
		}
		return out
	case string:
		return redactBody(x)
	}
	return v
}

// redactJSONField redacts the value of a field that holds a credential.
func redactJSONField(name string, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return redactNamedValue(name, x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactJSONField(name, e)
		}
		return out
	}
	return redactedMark
}

// redactQuery redacts a query string parameter by parameter.
func redactQuery(q string) string {
	lead := ""
	if strings.HasPrefix(q, "?") {
		lead, q = "?", q[1:]
	}
	if q == "" {
		return lead
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, val, _ := strings.Cut(p, "=")
		plain, err := url.QueryUnescape(name)
		if err != nil {
			plain = name
		}
		if val != "" && !isRedacted(val) && isSecretParam(plain) {
			// Escaped, so that a saved case's query can still be sent.
			parts[i] = name + "=" + url.QueryEscape(redactSecret(val))
			continue
		}
		parts[i] = redactText(p)
	}
	return lead + strings.Join(parts, "&")
}

// redactRequest redacts a request as typed.
func redactRequest(r Request) Request {
	r.Headers = redactAll(r.Headers, func(h Header) Header {
		return Header{Name: h.Name, Value: redactHeaderValue(h.Name, h.Value)}
	})
	r.Query = redactQuery(r.Query)
	r.Path = redactText(r.Path)
	r.Host = redactText(r.Host)
	r.Body = redactBody(r.Body)
	return r
}

// redactedPlaces names the parts of a request that hold a redacted value
// ("header Authorization", "query parameter access_token", "body").
func redactedPlaces(r Request) []string {
	var out []string
	for _, h := range r.Headers {
		if holdsRedacted(h.Value) {
			out = append(out, "header "+strings.TrimSpace(h.Name))
		}
	}
	for _, p := range strings.Split(strings.TrimPrefix(r.Query, "?"), "&") {
		if name, val, _ := strings.Cut(p, "="); holdsRedacted(val) {
			if plain, err := url.QueryUnescape(name); err == nil {
				name = plain
			}
			out = append(out, "query parameter "+name)
		}
	}
	for _, f := range []struct{ name, v string }{{"path", r.Path}, {"host", r.Host}, {"body", r.Body}} {
		if holdsRedacted(f.v) {
			out = append(out, f.name)
		}
	}
	return out
}

// RedactCase returns the case as it may be kept: the identity without its
// secrets and every credential typed into the request redacted, with
// Redacted naming where a placeholder now stands.
func RedactCase(c Case) Case {
	c.Identity = c.Identity.Redacted()
	c.Request = redactRequest(c.Request)
	c.Redacted = redactedPlaces(c.Request)
	return c
}

// RedactResult returns a copy of a result with every credential redacted:
// the request as sent, the response's headers and body (the echo upstream
// repeats the request, token included), the trace (the upstream receives
// the Authorization header) and every message.
func RedactResult(r Result) Result {
	r.Identity = redactText(r.Identity)
	r.Sent.URL = redactText(r.Sent.URL)
	r.Sent.Headers = redactHeader(r.Sent.Headers)
	r.Response.Headers = redactHeader(r.Response.Headers)
	r.Response.Body = redactBody(r.Response.Body)
	if r.Trace != nil {
		tr := redactTrace(*r.Trace)
		r.Trace = &tr
	}
	if r.Token != nil {
		tok := *r.Token
		tok.Header, _ = redactJSON(tok.Header).(map[string]any)
		tok.Claims, _ = redactJSON(tok.Claims).(map[string]any)
		r.Token = &tok
	}
	if r.Expectation != nil {
		exp := *r.Expectation
		exp.Headers = redactValues(exp.Headers)
		exp.Promise = redactText(exp.Promise)
		r.Expectation = &exp
	}
	r.Surprises = redactTexts(r.Surprises)
	r.Notes = redactTexts(r.Notes)
	return r
}

func redactTrace(tr proxy.Trace) proxy.Trace {
	tr.Path = redactText(tr.Path)
	tr.RouteMatch = redactText(tr.RouteMatch)
	tr.Reason = redactText(tr.Reason)
	tr.UpstreamURL = redactText(tr.UpstreamURL)
	tr.UpstreamHeaders = redactHeader(tr.UpstreamHeaders)
	tr.Injected = redactValues(tr.Injected)
	tr.Steps = redactAll(tr.Steps, func(s proxy.Step) proxy.Step {
		s.Detail = redactText(s.Detail)
		return s
	})
	return tr
}

// redactValues redacts a header name → value map.
func redactValues(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = redactHeaderValue(k, v)
	}
	return out
}

func redactTexts(ss []string) []string { return redactAll(ss, redactText) }

// redactAll returns a copy of xs with redact applied to each element (nil
// stays nil): the caller's slice is never changed.
func redactAll[T any](xs []T, redact func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = redact(x)
	}
	return out
}

// RedactCaseResult returns a copy of one case of a suite run with every
// credential redacted.
func RedactCaseResult(cr CaseResult) CaseResult {
	cr.Case = RedactCase(cr.Case)
	cr.Skipped = redactText(cr.Skipped)
	cr.Error = redactText(cr.Error)
	cr.Expected = redactText(cr.Expected)
	cr.Failures = redactTexts(cr.Failures)
	cr.Notes = redactTexts(cr.Notes)
	if cr.Result != nil {
		res := RedactResult(*cr.Result)
		cr.Result = &res
	}
	return cr
}

// RedactSuite returns a copy of a suite run with every credential redacted.
func RedactSuite(s SuiteResult) SuiteResult {
	s.Results = redactAll(s.Results, RedactCaseResult)
	return s
}
