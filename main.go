// Command tandem is the desktop console. This file is the composition root:
// it parses flags, builds every service, binds them to Wails and nothing else.
package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/backend/buildinfo"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
)

//go:embed all:frontend/dist
var assets embed.FS

// The window and taskbar icon on Linux (other platforms take it from build/ at packaging time).
//
//go:embed build/appicon.png
var appIcon []byte

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tandem:", err)
		os.Exit(1)
	}
}

func run() error {
	fs := flag.NewFlagSet("tandem", flag.ContinueOnError)
	dbPath := fs.String("db", os.Getenv("TANDEM_DB"), "SQLite database file (default: the user's config dir; env TANDEM_DB)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	// Wails' dev build passes its own flags (-devserver, -assetdir ...); keep unknown ones for it.
	fs.SetOutput(os.Stderr)
	args := knownArgs(os.Args[1:], "db", "version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Println(buildinfo.Name, buildinfo.Version)
		return nil
	}
	if *dbPath == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("find config dir: %w", err)
		}
		*dbPath = filepath.Join(dir, "tandem", "tandem.db")
	}

	life := app.NewLifecycle()
	emitter := app.NewRuntimeEmitter(life)
	fileSaver := app.NewRuntimeFileSaver(life)
	system := app.NewSystemService(filepath.Dir(*dbPath))

	db, session, startupErr := openProfiles(*dbPath, emitter)
	if db != nil {
		defer db.Close()
	}
	profiles := app.NewProfileService(session, life, fileSaver)
	realms := app.NewRealmService(session, life, fileSaver)
	users := app.NewUserService(session, life)
	userImport := app.NewUserImportService(session, life, emitter, fileSaver)
	groups := app.NewGroupService(session, life)
	roles := app.NewRoleService(session, life)
	clients := app.NewClientService(session, life)
	routeTester := app.NewTesterService(session, life, fileSaver, db)
	routeFiles := app.NewRouteService(session, life)
	proxyRunner := app.NewProxyService(session, life, emitter)

	return wails.Run(&options.App{
		Title:     buildinfo.Name,
		Width:     1280,
		Height:    820,
		MinWidth:  960,
		MinHeight: 600,
		// Painted until the page is: the UI's own page colour, so a dark desktop gets no white flash.
		BackgroundColour: windowBackground(),
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		Linux: &linux.Options{
			Icon:        appIcon,
			ProgramName: "tandem",
			// What Wails chooses when Linux options are nil; setting the struct would otherwise
			// switch GPU acceleration on, which is known to leave blank windows on some drivers.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
		OnStartup: func(ctx context.Context) {
			life.Start(ctx)
			if startupErr != nil {
				// Without its database the app can do nothing: say why, then quit.
				runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
					Type: runtime.ErrorDialog, Title: buildinfo.Name + " cannot start", Message: startupErr.Error(),
				})
				runtime.Quit(ctx)
			}
		},
		// Stops the tester's and the Proxy screen's proxies, letting requests finish.
		OnShutdown: life.Stop,
		Bind: []any{
			system,
			profiles,
			realms,
			users,
			userImport,
			groups,
			roles,
			clients,
			routeTester,
			routeFiles,
			proxyRunner,
		},
	})
}

// windowBackground is the page colour of the UI's light or dark theme (frontend/src/app/theme.tsx,
// colorBgLayout), chosen by the desktop's preference, which the UI also follows until the user picks a theme.
func windowBackground() *options.RGBA {
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

// knownArgs keeps only the flags this file defines, so flags meant for the
// Wails runtime in dev builds do not make parsing fail.
func knownArgs(args []string, names ...string) []string {
	known := map[string]bool{}
	for _, n := range names {
		known["-"+n] = true
		known["--"+n] = true
	}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := cut(a)
		if !known[name] {
			continue
		}
		out = append(out, a)
		if !hasValue && name != "-version" && name != "--version" && i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
	}
	return out
}

func cut(a string) (name, value string, ok bool) {
	for i := 0; i < len(a); i++ {
		if a[i] == '=' {
			return a[:i], a[i+1:], true
		}
	}
	return a, "", false
}

// openProfiles opens the database and the secret stores, creates the Local
// profile on first run and loads the active profile. On failure it still
// returns a usable (empty) session so the window can open and show the error,
// and the database when it opened (nil otherwise), for the caller to close.
func openProfiles(dbPath string, emitter app.Emitter) (*store.DB, *app.Session, error) {
	ctx := context.Background()
	db, err := store.Open(dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tandem:", err)
		return nil, app.NewSession(nil, emitter), err
	}
	fail := func(err error) (*store.DB, *app.Session, error) {
		fmt.Fprintln(os.Stderr, "tandem:", err)
		return db, app.NewSession(nil, emitter), err
	}
	svc, err := profile.Open(ctx, db)
	if err != nil {
		return fail(err)
	}
	if _, err := svc.EnsureLocal(ctx); err != nil {
		return fail(fmt.Errorf("create the Local profile: %w", err))
	}
	session := app.NewSession(svc, emitter)
	if err := session.Start(ctx); err != nil {
		return fail(err)
	}
	return db, session, nil
}
