package routes

import (
	"slices"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// The proxy's own endpoints live under ReservedPrefix: no route may use it,
// and any other path under it is answered 404 by the proxy itself.
const (
	ReservedPrefix = "/_tandem/"
	LoginPath      = "/_tandem/auth/login"
	CallbackPath   = "/_tandem/auth/callback"
	LogoutPath     = "/_tandem/auth/logout"
	MePath         = "/_tandem/auth/me"
)

// DefaultCookieName is the session cookie's name when the file names none.
const DefaultCookieName = "tandem_session"

// DefaultScopes are requested when the file names none.
var DefaultScopes = []string{"openid", "profile", "email"}

// Enabled reports whether the file has a login block.
func (l Login) Enabled() bool {
	return l.ClientID != "" || l.ClientSecretFile != "" || l.CookieKeysFile != "" ||
		l.CookieName != "" || len(l.Scopes) > 0 || l.RedirectURL != ""
}

// EffectiveCookieName is the cookie name, or the default.
func (l Login) EffectiveCookieName() string {
	if l.CookieName == "" {
		return DefaultCookieName
	}
	return l.CookieName
}

// EffectiveScopes are the scopes requested at sign-in, or the default set.
func (l Login) EffectiveScopes() []string {
	if len(l.Scopes) == 0 {
		return slices.Clone(DefaultScopes)
	}
	return slices.Clone(l.Scopes)
}

// IsReservedPath reports whether path (normalised) is under the proxy's own
// prefix, ASCII case folded as matching folds it.
func IsReservedPath(path string) bool {
	p := strings.ToLower(path)
	return p+"/" == ReservedPrefix || strings.HasPrefix(p, ReservedPrefix)
}

// login checks the login block and the routes' login and pass_token.
func (v *validator) login(cfg Config) {
	lg := cfg.Login
	if lg.Enabled() {
		if strings.TrimSpace(lg.ClientID) == "" {
			v.add("", "login.client_id", says(CodeRequired, "required: a client of the issuer's realm with the standard flow on"))
		}
		name := lg.EffectiveCookieName()
		switch {
		case !httpguts.ValidHeaderFieldName(name) || strings.ContainsAny(name, "\"(),/:;<=>?@[\\]{}"):
			v.add("", "login.cookie_name", about(CodeCookieNameInvalid, name, "is not a cookie name (letters, digits, - and _)"))
		case isChunkSuffixed(name):
			v.add("", "login.cookie_name", about(CodeCookieNameChunk, name, "ends in _ and a number, which the proxy keeps for the chunks of a large cookie"))
		}
		v.stringList("", "login.scopes", lg.Scopes)
		if len(lg.Scopes) > 0 && !slices.Contains(lg.Scopes, "openid") {
			v.add("", "login.scopes", says(CodeScopesWithoutOpenID, "must include openid"))
		}
		for _, s := range lg.Scopes {
			if strings.ContainsAny(s, " \t\"\\") {
				v.add("", "login.scopes", about(CodeScopeInvalid, s, "is not a scope (no spaces, quotes or backslashes)"))
			}
		}
		if lg.RedirectURL != "" {
			if f := checkHTTPURL(lg.RedirectURL); f.bad() {
				v.add("", "login.redirect_url", f)
			} else if !strings.HasSuffix(strings.SplitN(lg.RedirectURL, "?", 2)[0], CallbackPath) {
				v.add("", "login.redirect_url", says(CodeRedirectURLCallback, "must end in %s, where the proxy finishes sign-in", CallbackPath))
			}
		}
	}
	for i, r := range cfg.Routes {
		label := RouteLabel(i, r)
		if r.Path != "" && IsReservedPath(r.Path) {
			v.add(label, "path", says(CodePathReserved, "%s is reserved for the proxy's own endpoints", strings.TrimSuffix(ReservedPrefix, "/")))
		}
		if r.Login && !lg.Enabled() {
			v.add(label, "login", says(CodeNeedsLoginBlock, "needs the file's login block"))
		}
		if r.Login && r.Auth != AuthRequired && r.Auth != "" {
			v.add(label, "login", says(CodeNeedsAuthRequired, "only allowed with auth required (this route is %q)", r.Auth))
		}
		if r.PassToken && !lg.Enabled() {
			v.add(label, "pass_token", says(CodeNeedsLoginBlock, "needs the file's login block: only a session's token is passed"))
		}
		if r.PassToken && r.Auth == AuthPublic {
			v.add(label, "pass_token", says(CodePassTokenPublic, "not allowed with auth public, which reads no session"))
		}
	}
}

// isChunkSuffixed reports a name ending in "_" and digits.
func isChunkSuffixed(name string) bool {
	i := strings.LastIndexByte(name, '_')
	if i < 0 || i == len(name)-1 {
		return false
	}
	for _, c := range name[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
