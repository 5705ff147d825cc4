package proxy

// sinkLoop is what a sink needs to stop its background goroutine: stop
// tells the goroutine to flush once more and return, done closes when it
// has. The goroutine itself is the sink's own, as each batches differently.
type sinkLoop struct {
	stop chan struct{}
	done chan struct{}
}

func newSinkLoop() sinkLoop {
	return sinkLoop{stop: make(chan struct{}), done: make(chan struct{})}
}

// Close flushes what is pending and stops the background goroutine.
func (l *sinkLoop) Close() error {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
	return nil
}
