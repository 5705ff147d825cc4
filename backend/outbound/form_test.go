package outbound

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// The endpoint reads the form as a server parses one: the method, the
// content type and every value, escaped characters included; it is asked
// for JSON, as a token endpoint answers.
func TestPostFormSendsAnURLEncodedForm(t *testing.T) {
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
			r.Header.Get("Accept") != "application/json" {
			http.Error(w, r.Method+" "+r.Header.Get("Content-Type")+" "+r.Header.Get("Accept"), http.StatusBadRequest)
			return
		}
		_ = r.ParseForm()
		got = r.PostForm
	}))
	defer srv.Close()
	form := url.Values{"client_id": {"web"}, "refresh_token": {"a+b/c=&d"}}
	resp, err := PostForm(t.Context(), srv.Client(), srv.URL, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || got.Encode() != form.Encode() {
		t.Fatalf("status %d, server read %v, want %v", resp.StatusCode, got, form)
	}
}

// A cancelled context stops the request: a logout or token call never
// outlives its caller.
func TestPostFormHonoursItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := PostForm(ctx, http.DefaultClient, "http://127.0.0.1:1/token", url.Values{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
