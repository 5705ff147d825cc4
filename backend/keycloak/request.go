package keycloak

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/Nerzal/gocloak/v13"
	"github.com/go-resty/resty/v2"

	"github.com/tandemhq/tandem/backend/outbound"
)

// call is the one path every admin request takes: it bounds the work with
// Config.Timeout, hands fn a valid admin token, retries once with a fresh
// login when Keycloak answers 401 (the token may have been revoked or the
// server restarted), and maps any failure to an *Error.
//
// fn may use gocloak's typed methods or c.do's raw requests: either way the
// failure is read from the response itself (see attempt), so both map to the
// same sentinels and messages.
func (c *Client) call(ctx context.Context, op string, fn func(ctx context.Context, token string) error) error {
	parent := ctx
	ctx, cancel := context.WithTimeout(parent, c.cfg.Timeout)
	defer cancel()

	token, err := c.tokens.token(ctx)
	if err != nil {
		return classify(parent, ctx, op, err)
	}
	err = attempt(ctx, token, fn)
	if statusOf(err) == http.StatusUnauthorized {
		c.tokens.invalidate(token)
		if token, err = c.tokens.token(ctx); err != nil {
			return classify(parent, ctx, op, err)
		}
		err = attempt(ctx, token, fn)
	}
	return classify(parent, ctx, op, err)
}

// failureKey carries an attempt's *failure in the request context.
type failureKey struct{}

// failure is the last thing that went wrong on the wire during one attempt:
// the *statusError of a response of 400 or more, or the transport error.
// gocloak flattens both into an *APIError holding only text, which would
// lose Keycloak's validation details and the network cause.
type failure struct{ err error }

// attempt runs fn once. When fn fails, the failure the hooks recorded for
// its requests (see recordFailures) replaces gocloak's flattened error.
func attempt(ctx context.Context, token string, fn func(ctx context.Context, token string) error) error {
	f := &failure{}
	err := fn(context.WithValue(ctx, failureKey{}, f), token)
	if err != nil && f.err != nil {
		return f.err
	}
	return err
}

// recordFailures installs the hooks that fill an attempt's failure from
// every request made on the client, typed gocloak calls included.
func recordFailures(rc *resty.Client) {
	rc.OnAfterResponse(func(_ *resty.Client, resp *resty.Response) error {
		if f, ok := resp.Request.Context().Value(failureKey{}).(*failure); ok && resp.IsError() {
			f.err = responseError(resp)
		}
		return nil
	})
	rc.OnError(func(req *resty.Request, err error) {
		if f, ok := req.Context().Value(failureKey{}).(*failure); ok {
			f.err = err
		}
	})
}

// request describes one admin REST call below {BaseURL}/admin.
type request struct {
	method string
	path   string // e.g. adminPath("realms", realm, "users")
	query  url.Values
	body   any
	out    any     // decoded from JSON when set
	raw    *[]byte // receives the body undecoded when set
	// createdID receives the last path segment of the Location header that
	// Keycloak returns for a 201 Created.
	createdID *string
	// reads marks a POST that changes nothing (partial-export), which a
	// read-only client may send.
	reads bool
}

// getJSON reads the admin resource at path (query optional) decoded as T:
// the one shape of a raw read.
func getJSON[T any](ctx context.Context, c *Client, op, path string, query url.Values) (T, error) {
	var out T
	if err := c.do(ctx, op, request{method: http.MethodGet, path: path, query: query, out: &out}); err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// do sends r through call.
func (c *Client) do(ctx context.Context, op string, r request) error {
	if r.reads {
		ctx = readsOnly(ctx)
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		req := c.gc.GetRequestWithBearerAuth(ctx, token)
		if r.query != nil {
			req.SetQueryParamsFromValues(r.query)
		}
		if r.body != nil {
			req.SetBody(r.body)
		}
		if r.out != nil {
			req.SetResult(r.out)
		}
		resp, err := req.Execute(r.method, c.cfg.BaseURL+"/admin"+r.path)
		if err != nil {
			return err
		}
		if resp.IsError() {
			return responseError(resp)
		}
		if r.raw != nil {
			*r.raw = resp.Body()
		}
		if r.createdID != nil {
			loc := resp.Header().Get("Location")
			*r.createdID = loc[strings.LastIndex(loc, "/")+1:]
		}
		return nil
	})
}

// readsKey marks the context of a POST that changes nothing (see
// request.reads).
type readsKey struct{}

// readsOnly marks ctx for a POST that changes nothing, which a read-only
// client may send, raw or typed.
func readsOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, readsKey{}, true)
}

// refuseWrites installs the one read-only check every admin request meets,
// a raw one or a typed gocloak call: a read-only client sends no admin
// request but GET, HEAD, OPTIONS and a POST marked as a read, whichever
// method built it, so a mutating method that forgets writable still sends
// nothing. Token requests are not admin requests.
func refuseWrites(rc *resty.Client, cfg Config) {
	admin := cfg.BaseURL + "/admin/"
	rc.OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
		if !cfg.ReadOnly || outbound.SafeMethod(r.Method) || !strings.HasPrefix(r.URL, admin) {
			return nil
		}
		if reads, _ := r.Context().Value(readsKey{}).(bool); reads {
			return nil
		}
		return &Error{Err: ErrReadOnly}
	})
}

// write runs a typed gocloak call that changes something; on a read-only
// client it refuses before even logging in (refuseWrites is the backstop).
func (c *Client) write(ctx context.Context, op string, fn func(ctx context.Context, token string) error) error {
	if err := c.writable(op); err != nil {
		return err
	}
	return c.call(ctx, op, fn)
}

// typed runs one typed gocloak call that returns a value through call.
func typed[T any](ctx context.Context, c *Client, op string, fn func(ctx context.Context, token string) (T, error)) (T, error) {
	var out T
	err := c.call(ctx, op, func(ctx context.Context, token string) error {
		var err error
		out, err = fn(ctx, token)
		return err
	})
	return out, err
}

// typedList runs a typed gocloak call that returns a list and converts
// each item with conv.
func typedList[T, U any](ctx context.Context, c *Client, op string, fn func(ctx context.Context, token string) ([]*T, error), conv func(T) U) ([]U, error) {
	reps, err := typed(ctx, c, op, fn)
	if err != nil {
		return nil, err
	}
	out := make([]U, 0, len(reps))
	for _, r := range reps {
		out = append(out, conv(*r))
	}
	return out, nil
}

// sortedBy orders what a listing returned by key, the way its screen shows
// it; on err it returns only err.
func sortedBy[T any](items []T, err error, key func(T) string) ([]T, error) {
	if err != nil {
		return nil, err
	}
	sort.Slice(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
	return items, nil
}

// readForUpdate reads the representation at path as the body of a PUT back
// to it: every field as Keycloak sent it, minus readOnly ones, which a PUT
// refuses or ignores. The caller overlays the fields it edits, so whatever
// Tandem does not edit (attributes, settings of newer Keycloak versions)
// survives the update.
func (c *Client) readForUpdate(ctx context.Context, op, path string, readOnly ...string) (map[string]any, error) {
	var current map[string]json.RawMessage
	if err := c.do(ctx, op, request{method: http.MethodGet, path: path, out: &current}); err != nil {
		return nil, err
	}
	body := make(map[string]any, len(current))
	for k, v := range current {
		body[k] = v
	}
	for _, k := range readOnly {
		delete(body, k)
	}
	return body, nil
}

// rawField is a field of a body from readForUpdate as Keycloak sent it; nil
// when absent or already overlaid.
func rawField(body map[string]any, key string) json.RawMessage {
	raw, _ := body[key].(json.RawMessage)
	return raw
}

// writable is the first statement of every mutating method, so it refuses
// before reading anything; do applies it again to every request that leaves.
func (c *Client) writable(op string) error {
	if c.cfg.ReadOnly {
		return &Error{Op: op, Err: ErrReadOnly}
	}
	return nil
}

// writableInput starts a mutating method that takes input: a read-only
// client is refused first, as by writable, then input that problem (the
// input's validate result) says is invalid, before anything is sent.
func (c *Client) writableInput(op string, problem error) error {
	if err := c.writable(op); err != nil {
		return err
	}
	return invalidInput(op, problem)
}

// adminPath joins escaped path segments: adminPath("realms", "demo", "users")
// is "/realms/demo/users".
func adminPath(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// esc escapes one path segment for a typed gocloak call: gocloak joins the
// segments it is given as they are, so a name holding "#", "?" or "%" would
// otherwise reach another URL.
func esc(segment string) string { return url.PathEscape(segment) }

// responseError reads Keycloak's error body ({"errorMessage": …} from the
// admin API, {"error", "error_description"} from the token endpoint, user
// profile validation errors with a field and parameters).
func responseError(resp *resty.Response) *statusError {
	se := &statusError{status: resp.StatusCode()}
	if msg := validationMessage(resp.Body()); msg != "" {
		se.message = msg
		return se
	}
	if e, ok := resp.Error().(*gocloak.HTTPErrorResponse); ok {
		switch {
		case e.Message != "":
			se.message = e.Message
		case e.Description != "":
			se.message = e.Description
		case e.Error != "":
			se.message = e.Error
		}
	}
	if se.message == "" {
		se.message = strings.TrimSpace(http.StatusText(se.status))
	}
	return se
}

func statusOf(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	return 0
}
