package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// AdminCall sends one admin REST call to {BaseURL}/admin{path} and returns the
// response body (empty for 201/204). Promoting a comparison's differences
// replays calls it first shows the operator (method, path, body) and can
// write to a file for later, so the calls are data here rather than one typed
// method per resource; gocloak has no call taking a method and path either.
// It takes the one request path, so a read-only client refuses every method
// but GET, HEAD and OPTIONS before anything is sent.
func (c *Client) AdminCall(ctx context.Context, method, path string, body any) (json.RawMessage, error) {
	op := fmt.Sprintf("%s %s", method, path)
	if path != "/realms" && !strings.HasPrefix(path, "/realms/") {
		return nil, &Error{Op: op, Message: "admin paths start with /realms", Err: ErrInvalidInput}
	}
	var raw []byte
	// raw: replays a method, path and body given as data; gocloak has no call taking them.
	if err := c.do(ctx, op, request{method: method, path: path, body: body, raw: &raw}); err != nil {
		return nil, err
	}
	return raw, nil
}
