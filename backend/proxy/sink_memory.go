package proxy

import (
	"sync"
	"time"
)

// Batch is what MemorySink hands to its callback: the records since the
// previous batch (oldest first) and the traffic statistics at that moment.
type Batch struct {
	Records []Record `json:"records"`
	Dropped int      `json:"dropped"` // records left out of this batch because too many arrived
	Stats   Stats    `json:"stats"`
}

// Batching limits of MemorySink.
const (
	memoryFlushEvery   = 250 * time.Millisecond
	memoryFlushRecords = 200
	memoryMaxPending   = 2000
)

// MemorySink keeps the most recent records in a ring buffer for the GUI and
// hands new records to a callback in batches: every 250 ms, or as soon as
// 200 are waiting, never once per request. It also keeps the traffic stats.
type MemorySink struct {
	onBatch func(Batch)
	now     func() time.Time // tells Stats and the batches which second is current

	mu      sync.Mutex
	ring    []Record
	next    int
	full    bool
	pending []Record
	dropped int
	stats   *statsWindow

	kick chan struct{}
	sinkLoop
}

// NewMemorySink keeps the last `capacity` records and starts calling
// onBatch (may be nil) from its own goroutine. Close stops it.
func NewMemorySink(capacity int, onBatch func(Batch)) *MemorySink {
	return newMemorySink(capacity, onBatch, time.Now)
}

// NewMemorySinkAt is NewMemorySink with the clock the statistics read:
// an embedding app's tests move it instead of waiting for seconds to pass.
func NewMemorySinkAt(capacity int, onBatch func(Batch), now func() time.Time) *MemorySink {
	return newMemorySink(capacity, onBatch, now)
}

// newMemorySink is NewMemorySink with the clock the statistics read, so
// tests can pin the current second.
func newMemorySink(capacity int, onBatch func(Batch), now func() time.Time) *MemorySink {
	if capacity <= 0 {
		capacity = 1000
	}
	s := &MemorySink{
		onBatch:  onBatch,
		now:      now,
		ring:     make([]Record, capacity),
		stats:    newStatsWindow(60),
		kick:     make(chan struct{}, 1),
		sinkLoop: newSinkLoop(),
	}
	go s.loop()
	return s
}

// Log implements Sink.
func (s *MemorySink) Log(r Record) {
	s.mu.Lock()
	s.ring[s.next] = r
	s.next++
	if s.next == len(s.ring) {
		s.next, s.full = 0, true
	}
	if len(s.pending) < memoryMaxPending {
		s.pending = append(s.pending, r)
	} else {
		s.dropped++
	}
	s.stats.add(r)
	kick := len(s.pending) == memoryFlushRecords
	s.mu.Unlock()
	if kick {
		select {
		case s.kick <- struct{}{}:
		default:
		}
	}
}

func (s *MemorySink) loop() {
	defer close(s.done)
	t := time.NewTicker(memoryFlushEvery)
	defer t.Stop()
	ticks := 0
	for {
		select {
		case <-t.C:
			ticks++
			s.flush(ticks%4 == 0) // an idle proxy still reports once a second, so the chart moves
		case <-s.kick:
			s.flush(false)
		case <-s.stop:
			s.flush(false)
			return
		}
	}
}

// flush hands pending records to the callback. With force it also sends
// an empty batch so the chart keeps moving while idle.
func (s *MemorySink) flush(force bool) {
	s.mu.Lock()
	if len(s.pending) == 0 && !force {
		s.mu.Unlock()
		return
	}
	b := Batch{Records: s.pending, Dropped: s.dropped, Stats: s.stats.snapshot(s.now())}
	s.pending, s.dropped = make([]Record, 0, memoryFlushRecords), 0 // the callback owns the old slice
	s.mu.Unlock()
	if s.onBatch != nil {
		s.onBatch(b)
	}
}

// Recent returns up to n of the newest records, oldest first.
func (s *MemorySink) Recent(n int) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	size := s.next
	if s.full {
		size = len(s.ring)
	}
	n = min(n, size)
	out := make([]Record, 0, n)
	for i := size - n; i < size; i++ {
		idx := i
		if s.full {
			idx = (s.next + i) % len(s.ring)
		}
		out = append(out, s.ring[idx])
	}
	return out
}

// Stats returns the traffic statistics now.
func (s *MemorySink) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats.snapshot(s.now())
}
