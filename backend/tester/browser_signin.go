package tester

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/tandemhq/tandem/backend/routes"
)

// A signed-in browser session is obtained the way a browser gets one:
// through the proxy's own sign-in flow against Keycloak's login page. Each
// hop is followed by hand so that the password is posted only to the
// issuer's origin, and each origin keeps its own cookies (a cookie jar
// tells hosts apart but not ports, and Keycloak and the proxy share
// 127.0.0.1 locally).

// browserTimeout bounds the whole sign-in.
const browserTimeout = 30 * time.Second

// maxHops bounds the redirects of the sign-in (proxy, Keycloak, callback).
const maxHops = 10

// ErrNoLoginForm is returned when Keycloak's answer holds no login form:
// the realm's login flow asks for something this tester cannot give.
var ErrNoLoginForm = errors.New("the identity provider's page has no username and password form (the login flow may ask for more, e.g. OTP, or a profile update)")

// BrowserSession is a signed-in browser: the proxy's cookies, which carry
// the session, and nothing of Keycloak's.
type BrowserSession struct {
	Cookies []*http.Cookie
}

// CookieHeader is the Cookie header a browser would send to the proxy.
func (b BrowserSession) CookieHeader() string {
	parts := make([]string, len(b.Cookies))
	for i, c := range b.Cookies {
		parts[i] = c.Name + "=" + c.Value
	}
	return strings.Join(parts, "; ")
}

// browser is one sign-in: a jar per origin and a client that follows nothing.
type browser struct {
	client *http.Client
	jars   map[string]http.CookieJar
}

func newBrowser() *browser {
	return &browser{
		client: &http.Client{Timeout: browserTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		jars:   map[string]http.CookieJar{},
	}
}

func originOf(u *url.URL) string { return strings.ToLower(u.Scheme + "://" + u.Host) }

func (b *browser) jar(u *url.URL) http.CookieJar {
	o := originOf(u)
	if b.jars[o] == nil {
		b.jars[o], _ = cookiejar.New(nil)
	}
	return b.jars[o]
}

// do sends req with its origin's cookies and keeps the ones it sets.
func (b *browser) do(req *http.Request) (*http.Response, []byte, error) {
	jar := b.jar(req.URL)
	for _, c := range jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	req.Header.Set("Accept", "text/html")
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, err
	}
	jar.SetCookies(req.URL, resp.Cookies())
	return resp, body, nil
}

// SignInBrowser signs a browser in as username through the proxy at
// proxyBase (http://127.0.0.1:port) whose issuer is issuer: GET the
// proxy's login endpoint, follow it to the issuer's login form, post the
// username and password to the form's action (on the issuer's origin
// only), follow the callback back to the proxy. It returns the proxy's
// cookies once the proxy has set its session.
func SignInBrowser(ctx context.Context, proxyBase, issuer, rd, username, password string) (BrowserSession, error) {
	ctx, cancel := context.WithTimeout(ctx, browserTimeout)
	defer cancel()
	proxyURL, err := url.Parse(proxyBase)
	if err != nil {
		return BrowserSession{}, fmt.Errorf("sign in: proxy address %q: %w", proxyBase, err)
	}
	idp, err := url.Parse(issuer)
	if err != nil || idp.Host == "" {
		return BrowserSession{}, fmt.Errorf("sign in: issuer %q is not a URL", issuer)
	}
	b := newBrowser()
	start := proxyURL.JoinPath(routes.LoginPath)
	start.RawQuery = url.Values{"rd": {rd}}.Encode()

	// To the login form: the proxy's 302 to Keycloak, then Keycloak's own.
	page, pageURL, err := b.follow(ctx, start, proxyURL, idp)
	if err != nil {
		return BrowserSession{}, err
	}
	action, err := loginFormAction(page, pageURL)
	if err != nil {
		return BrowserSession{}, err
	}
	if originOf(action) != originOf(idp) {
		return BrowserSession{}, fmt.Errorf("sign in: the login form posts to %s, not to the issuer's origin %s: the password was not sent", originOf(action), originOf(idp))
	}
	form := url.Values{"username": {username}, "password": {password}, "credentialId": {""}}
	// Posted as a browser posts a login form, through b.do (the origin's
	// cookies, HTML asked for, no redirect followed), not through
	// outbound.PostForm, which speaks to token and logout endpoints.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, action.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return BrowserSession{}, fmt.Errorf("sign in: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body, err := b.do(req)
	if err != nil {
		return BrowserSession{}, fmt.Errorf("sign in: post the login form: %w", unreachable(err))
	}
	if resp.StatusCode == http.StatusOK {
		return BrowserSession{}, loginPageError(body)
	}
	next, err := location(resp, action)
	if err != nil {
		return BrowserSession{}, err
	}
	// Back to the proxy's callback, which sets the session and redirects
	// to rd: the flow ends at the first answer from the proxy that is not
	// a redirect to its own endpoints.
	if originOf(next) != originOf(proxyURL) {
		return BrowserSession{}, fmt.Errorf("sign in: after the login form the identity provider sent the browser to %s, not back to the proxy", originOf(next))
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, next.String(), nil)
	if err != nil {
		return BrowserSession{}, fmt.Errorf("sign in: %w", err)
	}
	resp, body, err = b.do(req)
	if err != nil {
		return BrowserSession{}, fmt.Errorf("sign in: the proxy's callback: %w", err)
	}
	if resp.StatusCode/100 != 3 {
		return BrowserSession{}, fmt.Errorf("sign in: the proxy's callback answered HTTP %d: %s", resp.StatusCode, pageText(body))
	}
	cookies := b.jar(proxyURL).Cookies(proxyURL)
	if len(cookies) == 0 {
		return BrowserSession{}, errors.New("sign in: the proxy's callback set no session cookie")
	}
	return BrowserSession{Cookies: cookies}, nil
}

// follow GETs u and follows redirects within the proxy's and the issuer's
// origins until a page answers 200; it returns that page and its URL.
func (b *browser) follow(ctx context.Context, u, proxyURL, idp *url.URL) ([]byte, *url.URL, error) {
	for range maxHops {
		if o := originOf(u); o != originOf(proxyURL) && o != originOf(idp) {
			return nil, nil, fmt.Errorf("sign in: the flow went to %s, neither the proxy nor the issuer", o)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, nil, fmt.Errorf("sign in: %w", err)
		}
		resp, body, err := b.do(req)
		if err != nil {
			return nil, nil, fmt.Errorf("sign in: GET %s: %w", originOf(u)+u.Path, unreachable(err))
		}
		switch {
		case resp.StatusCode == http.StatusOK:
			return body, u, nil
		case resp.StatusCode/100 == 3:
			if u, err = location(resp, u); err != nil {
				return nil, nil, err
			}
		default:
			return nil, nil, fmt.Errorf("sign in: %s answered HTTP %d: %s", originOf(u)+u.Path, resp.StatusCode, pageText(body))
		}
	}
	return nil, nil, errors.New("sign in: too many redirects")
}

func location(resp *http.Response, base *url.URL) (*url.URL, error) {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, fmt.Errorf("sign in: HTTP %d without a Location", resp.StatusCode)
	}
	u, err := base.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("sign in: a redirect to an unreadable location: %w", err)
	}
	return u, nil
}

// loginFormAction finds the form that holds a password field on the page
// and returns its action, resolved against the page's URL.
func loginFormAction(page []byte, pageURL *url.URL) (*url.URL, error) {
	z := html.NewTokenizer(strings.NewReader(string(page)))
	action, inForm := "", false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ErrNoLoginForm
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "form":
				action, inForm = attr(tok, "action"), true
			case "input":
				if inForm && attr(tok, "name") == "password" {
					u, err := pageURL.Parse(action)
					if err != nil || action == "" {
						return nil, ErrNoLoginForm
					}
					return u, nil
				}
			}
		case html.EndTagToken:
			if z.Token().Data == "form" {
				inForm = false
			}
		}
	}
}

func attr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// loginPageError reads why Keycloak showed its login page again after the
// form was posted.
func loginPageError(page []byte) error {
	text := strings.ToLower(pageText(page))
	switch {
	case strings.Contains(text, "disabled"):
		return ErrAccountDisabled
	case strings.Contains(text, "invalid username or password"), strings.Contains(text, "invalid password"):
		return ErrBadCredentials
	}
	if _, err := loginFormAction(page, &url.URL{}); err == nil {
		return ErrBadCredentials
	}
	return ErrAccountNotReady
}

// pageText is the visible text of an HTML page, shortened, for messages.
func pageText(page []byte) string {
	z := html.NewTokenizer(strings.NewReader(string(page)))
	var b strings.Builder
	skip := false
	for b.Len() < 400 {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.StartTagToken:
			n, _ := z.TagName()
			skip = string(n) == "script" || string(n) == "style"
		case html.EndTagToken:
			skip = false
		case html.TextToken:
			if !skip {
				if t := strings.Join(strings.Fields(string(z.Text())), " "); t != "" {
					b.WriteString(t + " ")
				}
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// unreachable marks a failed connection as the identity provider (or the
// proxy) being unreachable, keeping the cause.
func unreachable(err error) error {
	// url.Error names the whole URL, whose query carries the flow's state.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("%w: %v", ErrIdPUnreachable, err)
}
