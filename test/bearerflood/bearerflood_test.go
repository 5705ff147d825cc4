package bearerflood

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tandemhq/tandem/test/nowhere"
)

// Each token is sent once, as a bearer token, and the answers are counted
// by status.
func TestStatusesCountsEachTokensAnswer(t *testing.T) {
	var mu sync.Mutex
	sent := map[string]int{} // Authorization header → requests
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		mu.Lock()
		sent[auth]++
		mu.Unlock()
		if strings.HasPrefix(auth, "Bearer forged-") {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	var tokens []string
	for i := range 50 {
		tokens = append(tokens, fmt.Sprintf("forged-%d", i), fmt.Sprintf("valid-%d", i))
	}
	got, err := Statuses(srv.URL, tokens, 8)
	if err != nil {
		t.Fatal(err)
	}
	if got[401] != 50 || got[200] != 50 || len(got) != 2 {
		t.Errorf("statuses %v, want 50 × 401 and 50 × 200", got)
	}
	for _, tok := range tokens {
		if n := sent["Bearer "+tok]; n != 1 {
			t.Errorf("token %s sent %d times, want once", tok, n)
		}
	}
}

// A request that gets no answer is an error, not a missing count.
func TestStatusesReportsAFailedRequest(t *testing.T) {
	if _, err := Statuses(nowhere.URL(t), []string{"a", "b", "c"}, 2); err == nil {
		t.Fatal("no error when nothing answers")
	}
}
