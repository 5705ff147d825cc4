package proxy

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"
)

// logWait bounds how long a test waits for a request's log record before it
// fails: a bound on a hang, never a measure of speed.
const logWait = 5 * time.Second

// recordLog is a test's request log: a Sink that keeps every record and
// wakes whoever waits for one. The proxy logs a request once its handler
// returns, which can be after the client has read the response, so a test
// waits for the record it needs rather than reading the last one.
type recordLog struct {
	mu      sync.Mutex
	recs    []Record
	changed chan struct{} // closed and replaced on every record
}

func newRecordLog() *recordLog { return &recordLog{changed: make(chan struct{})} }

func (l *recordLog) Log(r Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r)
	close(l.changed)
	l.changed = make(chan struct{})
}

func (l *recordLog) records() []Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Record(nil), l.recs...)
}

// await waits until found picks a record from those logged so far.
func (l *recordLog) await(t testing.TB, what string, found func([]Record) (Record, bool)) Record {
	t.Helper()
	for {
		l.mu.Lock()
		recs, changed := append([]Record(nil), l.recs...), l.changed
		l.mu.Unlock()
		if rec, ok := found(recs); ok {
			return rec
		}
		select {
		case <-changed:
		case <-time.After(logWait):
			t.Fatalf("%s: not among the %d records logged", what, len(recs))
			return Record{}
		}
	}
}

// nth waits until n requests were logged and returns the n-th record.
func (l *recordLog) nth(t testing.TB, n int) Record {
	t.Helper()
	return l.await(t, fmt.Sprintf("record %d", n), func(recs []Record) (Record, bool) {
		if len(recs) < n {
			return Record{}, false
		}
		return recs[n-1], true
	})
}

// recordOf waits for the record of the request r answered, by its
// X-Request-Id.
func (l *recordLog) recordOf(t testing.TB, r result) Record {
	t.Helper()
	id := r.header.Get("X-Request-Id")
	return l.await(t, "the record of request "+id, func(recs []Record) (Record, bool) {
		for _, rec := range recs {
			if rec.RequestID == id {
				return rec, true
			}
		}
		return Record{}, false
	})
}

// logBuffer collects the proxy's server log.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
