package routes

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Code names the rule a problem breaks. The strings are a contract with the
// desktop app (which words its sentences by code) and with anything reading
// problems as JSON: never rename one.
type Code string

// Codes of problems in how a file is written: its syntax and shape.
const (
	CodeSyntax         Code = "syntax"          // not YAML or JSON at all
	CodeDecode         Code = "decode"          // the decoder could not read a value
	CodeFileEmpty      Code = "file_empty"      // nothing in the file
	CodeNotMapping     Code = "not_mapping"     // the file is not a mapping of keys
	CodeUnknownKey     Code = "unknown_key"     // a key the format does not have
	CodeKeyRepeated    Code = "key_repeated"    // a key given twice in one mapping
	CodeWrongType      Code = "wrong_type"      // a value of the wrong type
	CodeVersion        Code = "version"         // a version this build does not read
	CodeRequired       Code = "required"        // a value that must be given is missing
	CodeEmptyEntry     Code = "empty_entry"     // a list with a blank entry
	CodeUnknownRole    Code = "role_unknown"    // a warning: the realm lacks a required role
	CodeTLSPair        Code = "tls_pair"        // the certificate and key do not belong together
	CodeFileMissing    Code = "file_missing"    // a named file does not exist
	CodeFileDenied     Code = "file_denied"     // a named file this user may not read
	CodeFileUnreadable Code = "file_unreadable" // a named file that cannot be read for another reason
)

// Codes of problems with addresses and URLs.
const (
	CodeURLInvalid     Code = "url_invalid"     // not a URL
	CodeURLScheme      Code = "url_scheme"      // not http:// or https://
	CodeURLNoHost      Code = "url_no_host"     // a URL without a host
	CodeURLCredentials Code = "url_credentials" // user:password@ in a URL
	CodeURLFragment    Code = "url_fragment"    // #fragment in a URL
	CodeURLPort        Code = "url_port"        // a port outside 1–65535
	CodeListenInvalid  Code = "listen_invalid"  // not host:port with a valid host and port
	CodeListenShared   Code = "listen_shared"   // admin_listen on listen's own address
	CodeHostInvalid    Code = "host_invalid"    // a route host that is not name or name:port
	CodeHostPort       Code = "host_port"       // a route host with a port outside 1–65535
	CodeTrustedProxy   Code = "trusted_proxy"   // an entry that is not a canonical CIDR or address
)

// Codes of problems with routes.
const (
	CodeNameDuplicate       Code = "name_duplicate"         // two routes with one name
	CodeRouteDuplicate      Code = "route_duplicate"        // two routes matching the same requests
	CodePathNotAbsolute     Code = "path_not_absolute"      // a path not starting with /
	CodePathRefused         Code = "path_refused"           // a path normalisation refuses
	CodePathNotNormal       Code = "path_not_normal"        // a path not in its normal form
	CodePathReserved        Code = "path_reserved"          // a path under the proxy's own prefix
	CodeMethodInvalid       Code = "method_invalid"         // not an upper-case HTTP method token
	CodeMethodRepeated      Code = "method_repeated"        // a method listed twice
	CodeAuthInvalid         Code = "auth_invalid"           // an auth mode other than required, optional, public
	CodeNeedsAuthRequired   Code = "needs_auth_required"    // roles or login on a route that is not auth required
	CodeRoleInvalid         Code = "role_invalid"           // "client:" or ":role"
	CodeHeaderInvalid       Code = "header_invalid"         // not a header name
	CodeHeaderReserved      Code = "header_reserved"        // a header the proxy owns
	CodeHeaderDuplicate     Code = "header_duplicate"       // two names for one header
	CodeClaimPathInvalid    Code = "claim_path_invalid"     // not names separated by single dots
	CodeRateInvalid         Code = "rate_invalid"           // not N/unit
	CodeRateNeverApplies    Code = "rate_never_applies"     // a rate the auth mode makes moot
	CodeTimeoutInvalid      Code = "timeout_invalid"        // not a positive duration
	CodeMaxHeaderBytesRange Code = "max_header_bytes_range" // outside 4 KiB–64 MiB
	CodeNeedsLoginBlock     Code = "needs_login_block"      // login or pass_token without the file's login block
	CodePassTokenPublic     Code = "pass_token_public"      // pass_token on a public route
	CodeCookieNameInvalid   Code = "cookie_name_invalid"    // not a cookie name
	CodeCookieNameChunk     Code = "cookie_name_chunk"      // a name the proxy keeps for cookie chunks
	CodeScopesWithoutOpenID Code = "scopes_without_openid"  // scopes that leave out openid
	CodeScopeInvalid        Code = "scope_invalid"          // a scope with spaces, quotes or backslashes
	CodeRedirectURLCallback Code = "redirect_url_callback"  // a redirect URL not ending in the callback path
)

// Problem is one thing wrong with a route file. Route is empty for problems
// outside the routes list; Line is 0 when unknown.
type Problem struct {
	File  string `json:"file,omitempty"`
	Line  int    `json:"line,omitempty"`
	Route string `json:"route,omitempty"`
	Field string `json:"field,omitempty"`
	Code  Code   `json:"code,omitempty"`
	// Message is what `tandemctl routes validate` prints: Reason, after
	// the quoted Value when the problem is about one value.
	Message string `json:"message"`
	// Value and Reason are Message in its parts, so that a sentence can put
	// words between them without reading the message: `"get"` and `is not
	// an HTTP method ...`. A problem made without parts has only Message.
	Value  string `json:"-"`
	Reason string `json:"-"`
	// Role is the required role a role_unknown warning is about, exactly
	// as the route writes it ("web:editor"), so that a reader marks that
	// role without reading Message.
	Role string `json:"role,omitempty"`
}

// newProblem is the one constructor of a validator's problems: Message is
// always Reason, after the quoted value when there is one.
func newProblem(route, field string, f finding) Problem {
	msg := f.reason
	if f.value != "" {
		msg = strconv.Quote(f.value) + " " + f.reason
	}
	return Problem{Route: route, Field: field, Code: f.code, Message: msg, Value: f.value, Reason: f.reason}
}

// finding is what a check says about a value: the rule it breaks, the value
// when the reason is about that value, and the reason. The zero finding
// means nothing is wrong.
type finding struct {
	code   Code
	value  string
	reason string
}

func (f finding) bad() bool { return f.code != "" }

// message is the finding as one phrase, as Problem.Message reads.
func (f finding) message() string { return newProblem("", "", f).Message }

// says is a finding whose reason is not about one value.
func says(code Code, format string, args ...any) finding {
	return finding{code: code, reason: fmt.Sprintf(format, args...)}
}

// about is a finding whose reason is about value, which the message names first.
func about(code Code, value, format string, args ...any) finding {
	return finding{code: code, value: value, reason: fmt.Sprintf(format, args...)}
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
