// Package window decides where the desktop window opens: the size and
// position it had when it last closed, kept in the settings table, made to
// fit the screen it opens on. The Wails calls that read and move the window
// are app/window.go's; everything here is plain Go.
package window

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tandemhq/tandem/backend/store"
)

// The window's default and smallest sizes, in logical pixels. Below the
// minimum the screens' tables and side panels stop fitting.
const (
	DefaultWidth  = 1280
	DefaultHeight = 820
	MinWidth      = 1024
	MinHeight     = 700
)

// Geometry is where the window is: its top-left corner and its size, in
// the logical pixels the Wails runtime uses. Maximised windows keep the
// size they return to.
type Geometry struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised,omitempty"`
}

// Default is the window of a first start: the default size, where the
// desktop places it.
func Default() Geometry { return Geometry{Width: DefaultWidth, Height: DefaultHeight} }

// Settings is where the geometry is kept; *store.DB implements it.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Load returns the geometry saved last and true, or Default and false when
// none was saved (first start, no database) or it cannot be read: a window
// must open whatever the settings hold.
func Load(ctx context.Context, st Settings) (Geometry, bool) {
	if st == nil {
		return Default(), false
	}
	v, err := st.Setting(ctx, store.SettingWindow)
	if err != nil {
		return Default(), false
	}
	var g Geometry
	if err := json.Unmarshal([]byte(v), &g); err != nil || g.Width <= 0 || g.Height <= 0 {
		return Default(), false
	}
	return g, true
}

// Save keeps g for the next start.
func Save(ctx context.Context, st Settings, g Geometry) error {
	if st == nil {
		return errors.New("no settings to keep the window's geometry in")
	}
	b, err := json.Marshal(g)
	if err != nil {
		return fmt.Errorf("encode the window's geometry: %w", err)
	}
	if err := st.SetSetting(ctx, store.SettingWindow, string(b)); err != nil {
		return fmt.Errorf("keep the window's geometry: %w", err)
	}
	return nil
}

// Screen is the size of the screen the window opens on, in logical pixels;
// zero when unknown.
type Screen struct {
	Width  int
	Height int
}

// Fit returns g made to open visibly on screen: never below the minimum
// size, no larger than the screen (unless the screen is smaller than the
// minimum), and moved so that all of it is on the screen. A window saved
// on a monitor that is gone, or on a larger one, so opens where it can be
// seen. With the screen unknown only the minimum applies.
func Fit(g Geometry, screen Screen) Geometry {
	g.Width, g.Height = fitSize(g.Width, MinWidth, screen.Width), fitSize(g.Height, MinHeight, screen.Height)
	if screen.Width > 0 {
		g.X = fitOffset(g.X, g.Width, screen.Width)
	}
	if screen.Height > 0 {
		g.Y = fitOffset(g.Y, g.Height, screen.Height)
	}
	return g
}

// fitSize bounds a window's side by the screen's, then by the minimum.
func fitSize(size, minimum, screen int) int {
	if screen > 0 && size > screen {
		size = screen
	}
	return max(size, minimum)
}

// fitOffset moves a window's side onto the screen: its far edge no further
// than the screen's, its near edge no less than 0 (which wins when the
// window is larger than the screen, so its title bar stays reachable).
func fitOffset(offset, size, screen int) int {
	return max(min(offset, screen-size), 0)
}

// AtClose is the geometry to keep when the window closes as shown (its
// place and size as the desktop reports them). A maximised window reports
// the screen's size, so the place and size it returns to, last, are kept
// instead, marked maximised.
func AtClose(last, shown Geometry, maximised bool) Geometry {
	if maximised {
		last.Maximised = true
		return last
	}
	shown.Maximised = false
	return shown
}
