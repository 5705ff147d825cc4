package keycloak

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Nerzal/gocloak/v13"
	"github.com/go-resty/resty/v2"

	"github.com/tandemhq/tandem/backend/outbound"
)

// Client talks to one Keycloak's admin API on behalf of one profile. It is
// safe for concurrent use.
type Client struct {
	cfg    Config
	gc     *gocloak.GoCloak
	tokens *tokenSource
	reach  reachCursors // unfinished "who can reach" walks, for their next page
}

// New checks the configuration and returns a client. It does not log in:
// the first call does.
func New(cfg Config) (*Client, error) {
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if cfg.BaseURL == "" {
		return nil, errors.New("keycloak base URL is empty")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("keycloak base URL %q is not an http(s) URL", cfg.BaseURL)
	}
	if cfg.AdminRealm == "" {
		cfg.AdminRealm = "master"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}

	gc := gocloak.NewClient(cfg.BaseURL)
	// Go's default transport keeps two idle connections per host; bulk work
	// (imports, paging) runs several requests at once.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 32
	// Every request of this client carries a credential (the login form,
	// Basic auth, a bearer token): a redirect to another origin would hand it
	// over, so only same-origin redirects are followed.
	gc.RestyClient().SetTransport(transport).SetLogger(silentLogger{}).
		SetRedirectPolicy(resty.RedirectPolicyFunc(outbound.SameOriginRedirects))
	recordFailures(gc.RestyClient())
	refuseWrites(gc.RestyClient(), cfg)

	return &Client{
		cfg:    cfg,
		gc:     gc,
		tokens: &tokenSource{gc: gc, cfg: cfg, now: time.Now},
	}, nil
}

// ReadOnly reports whether mutating calls are refused.
func (c *Client) ReadOnly() bool { return c.cfg.ReadOnly }

// BaseURL is the Keycloak address the client talks to.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// Page is one page of a server-side paged list. Total counts every match,
// not only the items on this page.
type Page[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	// Estimated is set when Keycloak cannot count the matches (clients,
	// group members, holders of a role) and another page follows: Total is
	// then a lower bound, the items up to this page plus one, enough for a
	// pager to offer the next page.
	Estimated bool `json:"estimated,omitempty"`
}

// silentLogger keeps resty from printing requests or errors: the errors are
// returned, and a request may carry secrets.
type silentLogger struct{}

func (silentLogger) Errorf(string, ...interface{}) {}
func (silentLogger) Warnf(string, ...interface{})  {}
func (silentLogger) Debugf(string, ...interface{}) {}
