package outbound

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// PostForm sends form to target as an application/x-www-form-urlencoded
// POST through client, bound to ctx, asking for JSON: the way an OpenID
// provider's token and logout endpoints take their parameters and answer
// (an OAuth error is a JSON object too). Errors are those of
// http.NewRequestWithContext and client.Do, unwrapped, so each caller words
// them (and leaves out what must not be logged) itself.
func PostForm(ctx context.Context, client *http.Client, target string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	return client.Do(req)
}
