package progress

import (
	"slices"
	"sync"
	"testing"
	"time"
)

type count struct{ Done, Total int }

func TestUpdatesAreSentAtMostEveryIntervalAndTheEndAlways(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var sent []count
	pc := New(count{Total: 5}, func(c count) { sent = append(sent, c) }, func() time.Time { return now })
	done := func() { pc.Update(func(c *count) { c.Done++ }) }
	for range 3 {
		done()
	}
	now = now.Add(Interval - time.Millisecond)
	done()
	now = now.Add(time.Millisecond)
	done()
	pc.Flush()
	want := []count{{1, 5}, {5, 5}, {5, 5}}
	if !slices.Equal(sent, want) {
		t.Fatalf("sent %v, want %v: the first update, the next one an interval later, and the end", sent, want)
	}
}

func TestWithoutACallbackNothingIsSentAndUpdatesStillCount(t *testing.T) {
	pc := New(count{Total: 100}, nil, nil)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() { pc.Update(func(c *count) { c.Done++ }) })
	}
	wg.Wait()
	pc.Flush()
	var got count
	pc.Update(func(c *count) { got = *c })
	if got.Done != 100 {
		t.Fatalf("done = %d after 100 concurrent updates, want 100", got.Done)
	}
}
