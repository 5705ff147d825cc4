package app

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// SignInState is the Proxy screen's "Browser sign-in" panel: the route
// file's login block, where its secrets come from, the profile's cookie
// keys, and whether sign-in works and why not.
type SignInState struct {
	// Enabled is true when the route file has a login block whose secrets
	// resolve; Reason says why not otherwise.
	Enabled  bool   `json:"enabled"`
	Reason   string `json:"reason"`
	ClientID string `json:"clientId"`
	// ClientSecret says where the client secret comes from ("none": the
	// proxy signs in as a public client).
	ClientSecret profile.SecretSource `json:"clientSecret"`
	// ClientSecretKept is true when the profile keeps a client secret (it
	// is used unless a file or the environment gives one).
	ClientSecretKept bool                 `json:"clientSecretKept"`
	CookieKeys       profile.SecretSource `json:"cookieKeys"`
	// Keys are the profile's cookie keys, the sealing one first (empty
	// until a proxy first needs one).
	Keys []profile.CookieKeyInfo `json:"keys"`
	// Routes are the routes a browser can open: enabled, not under a host.
	Routes []SignInRoute `json:"routes"`
}

// SignInRoute is a route the panel offers to open in the browser.
type SignInRoute struct {
	Name  string      `json:"name"`
	Path  string      `json:"path"`
	Auth  routes.Auth `json:"auth"`
	Login bool        `json:"login"`
}

// SignIn describes browser sign-in for the active profile.
func (s *ProxyService) SignIn() (SignInState, error) {
	ctx := s.ctx()
	p, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return emptyLists(SignInState{}), toUI(err)
	}
	return emptyLists(s.signInState(ctx, p, cfg)), nil
}

func (s *ProxyService) signInState(ctx context.Context, p profile.Profile, cfg routes.Config) SignInState {
	st := SignInState{ClientID: cfg.Login.ClientID, ClientSecret: profile.SourceNone, CookieKeys: profile.SourceNone}
	for _, r := range cfg.Routes {
		if !r.Disabled && r.Host == "" {
			st.Routes = append(st.Routes, SignInRoute{Name: r.Name, Path: r.Path, Auth: r.Auth, Login: r.Login})
		}
	}
	svc := s.session.Profiles()
	st.ClientSecretKept, _ = svc.HasLoginClientSecret(ctx, p.ID)
	if info, err := svc.CookieKeysInfo(ctx, p.ID); err == nil {
		st.Keys = info.Keys
	}
	if !cfg.Login.Enabled() {
		st.Reason = "The route file has no login block: give it login.client_id (a client of the realm with the standard flow on) to sign browsers in."
		return st
	}
	src, err := svc.LoginSources(ctx, p, cfg, os.Getenv)
	if err != nil {
		st.Reason = sentence(err.Error())
		return st
	}
	st.ClientSecret, st.CookieKeys = src.ClientSecret, src.CookieKeys
	if _, err := svc.LoginClientSecret(ctx, p, cfg, os.Getenv); err != nil {
		st.Reason = "Sign-in cannot start: " + err.Error()
		return st
	}
	st.Enabled = true
	if !slicesContainsLogin(cfg.Routes) {
		st.Reason = "No route sends browsers to sign in yet: switch on \"Sign in browsers\" on a required route."
	}
	return st
}

func slicesContainsLogin(rs []routes.Route) bool {
	for _, r := range rs {
		if r.Login && !r.Disabled {
			return true
		}
	}
	return false
}

// SetSignInClientSecret keeps secret as the active profile's sign-in
// client secret ("" removes it). It is never read back to the screen.
func (s *ProxyService) SetSignInClientSecret(secret string) (SignInState, error) {
	ctx := s.ctx()
	p, err := s.session.Profile(ctx)
	if err != nil {
		return emptyLists(SignInState{}), toUI(err)
	}
	if err := s.session.Profiles().SetLoginClientSecret(ctx, p.ID, strings.TrimSpace(secret)); err != nil {
		return emptyLists(SignInState{}), toUI(err)
	}
	s.reloadSignIn(ctx, p)
	return s.SignIn()
}

// RotateCookieKey makes a new cookie key that seals from now on, keeping
// the others so existing sessions still open.
func (s *ProxyService) RotateCookieKey() (SignInState, error) {
	return s.changeKeys(s.session.Profiles().RotateCookieKeys)
}

// DropOldCookieKeys keeps only the sealing key: browsers whose session was
// sealed with another sign in again.
func (s *ProxyService) DropOldCookieKeys() (SignInState, error) {
	return s.changeKeys(s.session.Profiles().DropOldCookieKeys)
}

func (s *ProxyService) changeKeys(fn func(context.Context, int64) (profile.CookieKeysInfo, error)) (SignInState, error) {
	ctx := s.ctx()
	p, err := s.session.Profile(ctx)
	if err != nil {
		return emptyLists(SignInState{}), toUI(err)
	}
	if _, err := fn(ctx, p.ID); err != nil {
		return emptyLists(SignInState{}), toUI(err)
	}
	s.reloadSignIn(ctx, p)
	return s.SignIn()
}

// reloadSignIn applies changed sign-in secrets to the running proxy of p:
// a reload reads them afresh, so new keys seal the next cookie.
func (s *ProxyService) reloadSignIn(ctx context.Context, p profile.Profile) {
	cfg, err := s.session.Profiles().Routes(ctx, p.ID)
	if err != nil {
		s.logger.Warn("reload sign-in secrets", "profile", p.Name, "err", err)
		return
	}
	s.applySaved(p, cfg)
}

// OpenInBrowser opens the route called name on the running proxy in the
// user's browser, and returns the URL it opened.
func (s *ProxyService) OpenInBrowser(name string) (string, error) {
	ctx := s.ctx()
	_, cfg, err := s.session.RunnableRoutes(ctx)
	if err != nil {
		return "", toUI(err)
	}
	var path string
	for _, r := range cfg.Routes {
		if r.Name == name {
			path = r.Path
		}
	}
	if path == "" {
		return "", &UIError{Code: CodeNotFound, Message: fmt.Sprintf("There is no route %q.", name)}
	}
	s.mu.Lock()
	running := s.srv != nil
	addr := ""
	if running {
		addr = s.srv.Addr()
	}
	s.mu.Unlock()
	if !running {
		return "", &UIError{Code: CodeConflict, Message: "The proxy is not running: start it, then open the route."}
	}
	url := "http://" + browsable(addr) + path
	s.browser.OpenURL(url)
	return url, nil
}

// browsable turns a listen address into one a browser can reach: an
// unspecified host (all interfaces) is reached on loopback.
func browsable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
