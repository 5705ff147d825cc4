// Command tandem is the desktop console. This file is the composition root:
// it builds every service, binds them to Wails, starts and stops them.
package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/backend/buildinfo"
	"github.com/tandemhq/tandem/backend/tester"
	"github.com/tandemhq/tandem/backend/window"
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
	f, err := parseFlags(os.Args[1:])
	if err != nil {
		return err
	}
	if f.version {
		fmt.Println(buildinfo.Name, buildinfo.Version)
		return nil
	}

	life := app.NewLifecycle()
	emitter := app.NewRuntimeEmitter(life)
	fileSaver := app.NewRuntimeFileSaver(life)
	browser := app.NewRuntimeBrowserOpener(life)

	db, session, startupErr := app.OpenSession(context.Background(), f.db, emitter)
	if startupErr != nil {
		fmt.Fprintln(os.Stderr, "tandem:", startupErr)
	}
	if db != nil {
		defer db.Close()
	}

	system := app.NewSystemService(filepath.Dir(f.db))
	profiles := app.NewProfileService(session, life, fileSaver)
	realms := app.NewRealmService(session, life, fileSaver)
	users := app.NewUserService(session, life, emitter)
	userImport := app.NewUserImportService(session, life, emitter, fileSaver)
	groups := app.NewKeycloakService[app.GroupService](session, life)
	roles := app.NewKeycloakService[app.RoleService](session, life)
	clients := app.NewKeycloakService[app.ClientService](session, life)
	// The saved tester cases live in the database; without one the tester
	// still runs, and its case calls say why they cannot.
	var testerCases tester.CaseRepo
	if db != nil {
		testerCases = db
	}
	routeTester := app.NewTesterService(session, life, fileSaver,
		tester.New(tester.StartProxy, tester.StartEcho, app.TesterOptions(session, life)...), testerCases)
	routeFiles := app.NewRouteService(session, life)
	proxyRunner := app.NewProxyService(session, life, emitter, browser)
	comparer := app.NewCompareService(session, life, emitter, fileSaver)
	realmImport := app.NewRealmImportService(session, life, emitter)
	idps := app.NewKeycloakService[app.IdentityProviderService](session, life)
	userAccess := app.NewUserAccessService(session, life, browser)
	realmEvents := app.NewKeycloakProxyService[app.RealmEventService](session, life, proxyRunner)
	keys := app.NewKeycloakProxyService[app.KeyService](session, life, proxyRunner)
	fromOry := app.NewMigrateService(session, life, emitter, routeFiles, routeTester)

	// Where the window last closed, kept in the database's settings.
	var windowSettings window.Settings
	if db != nil {
		windowSettings = db
	}
	placement := app.NewWindowPlacement(context.Background(), windowSettings)
	width, height := placement.Size()

	return wails.Run(&options.App{
		Title:            buildinfo.Name,
		Width:            width,
		Height:           height,
		MinWidth:         window.MinWidth,
		MinHeight:        window.MinHeight,
		BackgroundColour: app.WindowBackground(),
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
				// Without its database the app can do nothing.
				app.QuitWithError(ctx, startupErr)
			}
		},
		OnDomReady:    placement.Restore,
		OnBeforeClose: placement.Remember,
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
			comparer,
			realmImport,
			idps,
			userAccess,
			realmEvents,
			keys,
			fromOry,
		},
	})
}
