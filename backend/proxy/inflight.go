package proxy

import (
	"context"
	"sync"
)

// flight runs one call at a time and hands its result to every caller that
// arrives while it runs. However many requests queue behind an unreachable
// identity provider, each waits for at most the one attempt in flight, never
// for attempts of its own one after another. (golang.org/x/sync/singleflight
// shares results the same way; this adds what the proxy also needs: a
// caller whose request ends stops waiting without cancelling the attempt for
// the others, and tests can see a caller join.)
type flight struct {
	mu     sync.Mutex
	cur    *flightCall
	joined func() // tests: called when a caller joins a call in flight
}

type flightCall struct {
	done chan struct{}
	err  error
}

// do runs fn unless a call is in flight, and returns that call's result. fn
// runs on its own goroutine, detached from ctx: a caller that gives up (its
// ctx is done) leaves the attempt to finish for the others.
func (f *flight) do(ctx context.Context, fn func() error) error {
	f.mu.Lock()
	c := f.cur
	joined := c != nil
	if !joined {
		c = &flightCall{done: make(chan struct{})}
		f.cur = c
		go f.run(c, fn)
	}
	f.mu.Unlock()
	if joined && f.joined != nil {
		f.joined()
	}
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// busy reports whether a call is in flight: a caller that would not start
// one (its attempt is not due) still joins it, since it was probably that
// very call that made the next one not due.
func (f *flight) busy() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cur != nil
}

func (f *flight) run(c *flightCall, fn func() error) {
	defer func() {
		f.mu.Lock()
		f.cur = nil
		f.mu.Unlock()
		close(c.done)
	}()
	c.err = fn()
}
