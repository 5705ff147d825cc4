// Package progress paces the progress callbacks of a long operation whose
// workers finish items concurrently (an import, a bulk change).
package progress

import (
	"sync"
	"time"
)

// Interval is the least time between two progress callbacks: often enough
// for a bar to look live, rare enough not to flood the window's events.
const Interval = 100 * time.Millisecond

// Pacer holds an operation's progress P and passes it to a callback at most
// every Interval, and once more at the end (Flush), so the last callback
// always shows where the operation ended. Its methods are safe for
// concurrent use by the operation's workers.
type Pacer[P any] struct {
	mu   sync.Mutex
	p    P
	send func(P)
	now  func() time.Time
	last time.Time
}

// New returns a pacer starting at p. send may be nil (nothing is reported);
// now may be nil (time.Now).
func New[P any](p P, send func(P), now func() time.Time) *Pacer[P] {
	if now == nil {
		now = time.Now
	}
	return &Pacer[P]{p: p, send: send, now: now}
}

// Update applies change to the progress, then sends it when Interval has
// passed since the last send (the first update is always sent).
func (pc *Pacer[P]) Update(change func(*P)) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	change(&pc.p)
	if pc.send == nil {
		return
	}
	if t := pc.now(); t.Sub(pc.last) >= Interval {
		pc.last = t
		pc.send(pc.p)
	}
}

// Flush sends the progress as it ends, whenever the last send was.
func (pc *Pacer[P]) Flush() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.send != nil {
		pc.send(pc.p)
	}
}
