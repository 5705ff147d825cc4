package contract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// req is one request written byte for byte: the target and header names go
// on the wire exactly as given (no client-side cleaning or canonicalisation).
type req struct {
	Method  string
	Target  string      // request-target, e.g. "/api/feed/../x?q=1"
	Host    string      // default: the proxy's address
	Headers [][2]string // in order, names as written
	Body    string
	Chunked bool        // send Body chunked ...
	Trailer [][2]string // ... with these trailer fields
}

// resp is what came back, plus the tag to find what the upstream saw.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
	Tag    string
}

// errBody is the contract's JSON error body.
type errBody struct {
	Error         string   `json:"error"`
	Message       string   `json:"message"`
	RequestID     string   `json:"request_id"`
	RequiredRoles []string `json:"required_roles"`
}

func (r resp) String() string {
	return fmt.Sprintf("%d %s", r.Status, strings.TrimSpace(string(r.Body)))
}

var caseSeq atomic.Int64

// send writes r to the proxy on a fresh connection and reads the answer.
func (p *proxyProc) send(t *testing.T, r req) resp {
	t.Helper()
	res, err := p.do(t.Name(), r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// do is send for any goroutine: it returns errors instead of failing.
func (p *proxyProc) do(name string, r req) (resp, error) {
	if r.Method == "" {
		r.Method = "GET"
	}
	if r.Host == "" {
		r.Host = p.addr
	}
	tag := fmt.Sprintf("%s#%d", name, caseSeq.Add(1))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n%s: %s\r\n", r.Method, r.Target, r.Host, caseHeader, tag)
	hasConnection := false
	for _, h := range r.Headers {
		if strings.EqualFold(h[0], "Connection") {
			hasConnection = true
		}
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if !hasConnection {
		b.WriteString("Connection: close\r\n")
	}
	switch {
	case r.Chunked:
		b.WriteString("Transfer-Encoding: chunked\r\n")
		if len(r.Trailer) > 0 {
			names := make([]string, len(r.Trailer))
			for i, h := range r.Trailer {
				names[i] = h[0]
			}
			b.WriteString("Trailer: " + strings.Join(names, ", ") + "\r\n")
		}
		b.WriteString("\r\n")
		if r.Body != "" {
			fmt.Fprintf(&b, "%x\r\n%s\r\n", len(r.Body), r.Body)
		}
		b.WriteString("0\r\n")
		for _, h := range r.Trailer {
			fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
		}
		b.WriteString("\r\n")
	case r.Body != "":
		b.WriteString("Content-Length: " + strconv.Itoa(len(r.Body)) + "\r\n\r\n" + r.Body)
	default:
		b.WriteString("\r\n")
	}

	conn, err := net.DialTimeout("tcp", p.addr, 2*time.Second)
	if err != nil {
		return resp{}, fmt.Errorf("connect to proxy: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return resp{}, fmt.Errorf("%s %s: write request: %w", r.Method, r.Target, err)
	}
	hr, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: r.Method})
	if err != nil {
		return resp{}, fmt.Errorf("%s %s: read response: %w", r.Method, r.Target, err)
	}
	defer hr.Body.Close()
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		return resp{}, fmt.Errorf("%s %s: read body: %w", r.Method, r.Target, err)
	}
	return resp{Status: hr.StatusCode, Header: hr.Header, Body: body, Tag: tag}, nil
}

// get is a GET with optional headers.
func (p *proxyProc) get(t *testing.T, target string, headers ...[2]string) resp {
	t.Helper()
	return p.send(t, req{Target: target, Headers: headers})
}

func bearer(tok string) [2]string { return [2]string{"Authorization", "Bearer " + tok} }

// errorOf checks that a refusal carries the contract's JSON error body with
// the response's request id, and returns the body.
func errorOf(t *testing.T, what string, r resp) errBody {
	t.Helper()
	var eb errBody
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want application/json", what, ct)
	}
	if err := json.Unmarshal(r.Body, &eb); err != nil {
		t.Errorf("%s: body is not JSON: %v: %q", what, err, r.Body)
		return eb
	}
	var raw map[string]any
	_ = json.Unmarshal(r.Body, &raw)
	for _, k := range []string{"error", "message", "request_id"} {
		if s, _ := raw[k].(string); s == "" {
			t.Errorf("%s: error body lacks a non-empty %q: %s", what, k, r.Body)
		}
	}
	if id := r.Header.Get("X-Request-Id"); eb.RequestID != id {
		t.Errorf("%s: body request_id %q differs from X-Request-Id header %q", what, eb.RequestID, id)
	}
	return eb
}

// authParams parses a WWW-Authenticate challenge `Scheme a="b", c="d"`.
func authParams(h string) (scheme string, params map[string]string, ok bool) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	params = map[string]string{}
	rest = strings.TrimSpace(rest)
	for rest != "" {
		name, after, found := strings.Cut(rest, "=")
		if !found {
			return scheme, params, false
		}
		name = strings.TrimSpace(name)
		after = strings.TrimSpace(after)
		var val string
		if strings.HasPrefix(after, `"`) {
			end := 1
			for end < len(after) && after[end] != '"' {
				if after[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(after) {
				return scheme, params, false
			}
			val, after = after[1:end], after[end+1:]
		} else {
			val, after, _ = strings.Cut(after, ",")
			after = "," + after
		}
		params[strings.ToLower(name)] = val
		after = strings.TrimSpace(after)
		if after != "" {
			if after[0] != ',' {
				return scheme, params, false
			}
			after = strings.TrimSpace(after[1:])
		}
		rest = after
	}
	return scheme, params, true
}
