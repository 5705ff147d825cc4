package app

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	goruntime "runtime"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/tandemhq/tandem/backend/buildinfo"
	"github.com/tandemhq/tandem/backend/window"
)

// WindowBackground is the page colour of the UI's light or dark theme
// (frontend/src/app/theme.tsx, colorBgLayout), chosen by the desktop's
// preference, which the UI also follows until the user picks a theme. The
// window is painted with it until the page is, so a dark desktop gets no
// white flash.
func WindowBackground() *options.RGBA {
	if desktopPrefersDark() {
		return &options.RGBA{R: 0x0f, G: 0x11, B: 0x15, A: 255}
	}
	return &options.RGBA{R: 0xf4, G: 0xf6, B: 0xf9, A: 255}
}

// desktopPrefersDark answers as WebKitGTK does for prefers-color-scheme: a dark GTK theme, from
// GTK_THEME ("Adwaita:dark") or else the desktop's theme name. Off Linux it says no.
func desktopPrefersDark() bool {
	if goruntime.GOOS != "linux" {
		return false
	}
	if theme := os.Getenv("GTK_THEME"); theme != "" {
		return strings.Contains(strings.ToLower(theme), "dark")
	}
	// Bounded: a missing or hung gsettings must not hold the window back.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	out, err := exec.CommandContext(ctx, "gsettings", "get", "org.gnome.desktop.interface", "gtk-theme").Output()
	return err == nil && strings.Contains(strings.ToLower(string(out)), "dark")
}

// QuitWithError says in a dialog why the app cannot start, then quits.
func QuitWithError(ctx context.Context, err error) {
	// The app quits next whatever the dialog answers, and a dialog that fails to show has nowhere else to report.
	_, _ = runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type: runtime.ErrorDialog, Title: buildinfo.Name + " cannot start", Message: err.Error(),
	})
	runtime.Quit(ctx)
}

// WindowPlacement opens the window with the size and position it had when
// it last closed, fitted to the screen (backend/window decides; this only
// reads and moves the window). main.go wires it; it is never bound.
type WindowPlacement struct {
	settings window.Settings
	last     window.Geometry
	saved    bool // false on a first start: the desktop places the window
	restore  sync.Once
}

// NewWindowPlacement loads the geometry kept in settings (nil: none, the
// database did not open).
func NewWindowPlacement(ctx context.Context, settings window.Settings) *WindowPlacement {
	g, ok := window.Load(ctx, settings)
	return &WindowPlacement{settings: settings, last: window.Fit(g, window.Screen{}), saved: ok}
}

// Size is the size to open the window with (options.App Width, Height).
func (w *WindowPlacement) Size() (width, height int) { return w.last.Width, w.last.Height }

// Restore moves the window, once it first shows (OnDomReady; a page reload
// leaves it where the user put it), to its saved place and size, fitted to
// the screen it opened on.
func (w *WindowPlacement) Restore(ctx context.Context) {
	w.restore.Do(func() { w.restoreNow(ctx) })
}

func (w *WindowPlacement) restoreNow(ctx context.Context) {
	if !w.saved {
		return
	}
	g := window.Fit(w.last, currentScreen(ctx))
	runtime.WindowSetSize(ctx, g.Width, g.Height)
	runtime.WindowSetPosition(ctx, g.X, g.Y)
	if g.Maximised {
		runtime.WindowMaximise(ctx)
	}
}

// Remember keeps the window's place and size as it closes (OnBeforeClose).
// It never prevents the close: failing to keep them costs only a default
// window next time.
func (w *WindowPlacement) Remember(ctx context.Context) (prevent bool) {
	if w.settings == nil {
		return false // no database: the start-up error said so already
	}
	var shown window.Geometry
	shown.X, shown.Y = runtime.WindowGetPosition(ctx)
	shown.Width, shown.Height = runtime.WindowGetSize(ctx)
	g := window.AtClose(w.last, shown, runtime.WindowIsMaximised(ctx))
	if err := window.Save(ctx, w.settings, g); err != nil {
		slog.Warn("keep the window's size and position", "err", err)
	}
	return false
}

// currentScreen is the screen the window is on (else the primary one), or
// zero when the runtime cannot say.
func currentScreen(ctx context.Context) window.Screen {
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil {
		return window.Screen{}
	}
	var out window.Screen
	for _, sc := range screens {
		if sc.IsCurrent || sc.IsPrimary && out == (window.Screen{}) {
			out = window.Screen{Width: sc.Size.Width, Height: sc.Size.Height}
		}
		if sc.IsCurrent {
			break
		}
	}
	return out
}
