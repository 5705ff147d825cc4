package app

import "github.com/wailsapp/wails/v2/pkg/runtime"

// BrowserOpener opens a URL in the user's browser. It is a seam so services
// stay testable without a window.
type BrowserOpener interface {
	OpenURL(url string)
}

// RuntimeBrowserOpener opens URLs through Wails once the app has started.
type RuntimeBrowserOpener struct {
	life *Lifecycle
}

// NewRuntimeBrowserOpener returns an opener for the window the lifecycle started.
func NewRuntimeBrowserOpener(life *Lifecycle) *RuntimeBrowserOpener {
	return &RuntimeBrowserOpener{life: life}
}

func (o *RuntimeBrowserOpener) OpenURL(url string) {
	if ctx, ok := o.life.window(); ok {
		runtime.BrowserOpenURL(ctx, url)
	}
}
