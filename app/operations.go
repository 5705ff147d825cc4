package app

import (
	"context"
	"sync"
)

// operations are the long jobs of one service that the UI can cancel by
// the op id it chose (imports, promotions, bulk actions): the one place
// that tracks them, so every such job refuses a second start under the same
// id and forgets its cancel function when it ends.
type operations struct {
	mu      sync.Mutex
	running map[string]context.CancelFunc
}

// start derives a cancellable context for opID from parent. what names the
// job in the refusal when opID already runs ("This import is already
// running."). The caller defers done.
func (o *operations) start(parent context.Context, opID, what string) (ctx context.Context, done func(), err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, busy := o.running[opID]; busy {
		return nil, nil, &UIError{Code: CodeConflict, Message: "This " + what + " is already running."}
	}
	if o.running == nil {
		o.running = map[string]context.CancelFunc{}
	}
	ctx, cancel := context.WithCancel(parent)
	o.running[opID] = cancel
	return ctx, func() {
		o.mu.Lock()
		delete(o.running, opID)
		o.mu.Unlock()
		cancel()
	}, nil
}

// cancel stops the job running under opID; an unknown id is ignored (it
// may have ended already).
func (o *operations) cancel(opID string) {
	o.mu.Lock()
	cancel := o.running[opID]
	o.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}
