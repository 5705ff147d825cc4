package app

import (
	"context"
	"os"
	"os/exec"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/tandemhq/tandem/backend/buildinfo"
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
