package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestJSONLinesSinkWritesValidJSON(t *testing.T) {
	var buf bytes.Buffer
	s := NewJSONLinesSink(&buf)
	in := Record{Time: time.Unix(1_750_000_000, 5).UTC(), RequestID: "id-1", Method: "GET", Path: "/a\"b\\c\n\u2028é\x01", Route: "r",
		Mode: "required", Decision: DecisionForbidden, Status: 403, LatencyMS: 1.25, Subject: "s", User: "bob", Reason: "<needs> admin & more",
		Via: ViaSession, Client: "198.51.100.7"}
	s.Log(in)
	s.Log(Record{RequestID: "id-2", Time: in.Time})
	s.Close()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), buf.String())
	}
	var out Record
	if err := json.Unmarshal([]byte(lines[0]), &out); err != nil {
		t.Fatalf("%v: %s", err, lines[0])
	}
	if out != in {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
}

func TestMemorySinkBatchesAndKeepsRecent(t *testing.T) {
	var mu sync.Mutex
	var batches []Batch
	// The sink's clock is pinned to the records' second: with the wall
	// clock, the second could roll over between logging and Stats, and the
	// last point would be an empty new second.
	now := time.Unix(1_750_000_000, 250_000_000)
	s := newMemorySink(5, func(b Batch) {
		mu.Lock()
		batches = append(batches, b)
		mu.Unlock()
	}, func() time.Time { return now })
	for i := range 450 {
		s.Log(Record{Time: now, RequestID: string(rune('a' + i%26)), Decision: Decisions[i%len(Decisions)], LatencyMS: float64(i%10 + 1)})
	}
	s.Close()
	mu.Lock()
	defer mu.Unlock()
	total := 0
	for _, b := range batches {
		total += len(b.Records)
		if len(b.Records) > memoryMaxPending {
			t.Errorf("batch of %d", len(b.Records))
		}
	}
	if total != 450 {
		t.Errorf("%d records delivered, want 450", total)
	}
	if len(batches) > 450/memoryFlushRecords+2 {
		t.Errorf("%d batches for 450 records: not batched", len(batches))
	}
	recent := s.Recent(10)
	if len(recent) != 5 || recent[4].RequestID != string(rune('a'+449%26)) {
		t.Errorf("recent %+v", recent)
	}
	st := s.Stats()
	last := st.Points[len(st.Points)-1]
	sum := 0
	for _, c := range last.Counts {
		sum += c
	}
	if sum != 450 || st.P50MS < 5 || st.P50MS > 7 || st.P99MS < 10 || st.P99MS > 12.5 {
		t.Errorf("stats: sum %d p50 %v p99 %v", sum, st.P50MS, st.P99MS)
	}
}

func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	slow := newUpstream(t)
	slow.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		_, _ = w.Write([]byte("done")) // a failed write shows on the client's side as a broken response
	})
	e := newEnv(t)
	cfg := e.srv.Config()
	cfg.Routes[4].Upstream = slow.srv.URL // "pub"
	srv, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + srv.Addr() + "/api/pub")
		if err != nil {
			got <- 0
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	<-started
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(context.Background()) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if code := <-got; code != 200 {
		t.Fatalf("in-flight request got %d", code)
	}
	if srv.Addr() != "" || srv.Status().Listening {
		t.Error("still listening after Shutdown")
	}
}
