package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchDebounce gathers the events of one save: editors and configuration
// management write a temporary file, rename it over the old one and touch
// it, which is several events for one change.
const watchDebounce = 100 * time.Millisecond

// watchFile calls changed once per burst of changes to the file at path,
// until ctx ends. It watches the file's directory, not the file: a file
// replaced by rename is a new inode, which a watch on the old one would
// never report, while the directory sees the new name arrive.
func watchFile(ctx context.Context, path string, logger *slog.Logger, changed func()) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("watch %s: %w", path, err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", path, err)
	}
	if err := w.Add(filepath.Dir(abs)); err != nil {
		_ = w.Close()
		return fmt.Errorf("watch the directory of %s: %w", path, err)
	}
	go func() {
		defer w.Close()
		timer := time.NewTimer(time.Hour)
		timer.Stop()
		for {
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				// The name leaving (removed, renamed away) or a mode change
				// is not a change to apply; the write or the rename into
				// place that follows is.
				if filepath.Clean(ev.Name) == abs && ev.Has(fsnotify.Write|fsnotify.Create) {
					timer.Reset(watchDebounce)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				logger.Warn("watching the route file", "file", path, "err", err.Error())
			case <-timer.C:
				changed()
			}
		}
	}()
	return nil
}
