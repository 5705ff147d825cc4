// Package testclock is a clock for tests that moves only when told: code
// under test reads Now through an injected func() time.Time, and the test
// calls Advance instead of sleeping. It is safe to read from the goroutines
// of the code under test.
package testclock

import (
	"sync"
	"time"
)

// Clock is a settable clock; its zero value is not useful, use New.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock standing at start.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now is the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
