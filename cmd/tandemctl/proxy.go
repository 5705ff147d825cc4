package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

func newProxyCmd() *cobra.Command {
	var (
		configPath, profileName, listen string
		adminListen                     string
		cooldown, shutdownTimeout       time.Duration
		watch                           bool
	)
	cmd := &cobra.Command{
		Use:   "proxy (--config FILE [--watch] | --profile NAME) [--listen ADDR] [--admin-listen ADDR]",
		Short: "Run the auth proxy headless",
		Long: `Run Tandem's auth proxy without the desktop app: the same code the app runs.

The route file is validated completely before anything starts; every problem is
listed as FILE: route "NAME": FIELD: message and the command exits with status 2.
Each request is written to standard output as one JSON line; operational
messages go to standard error as JSON lines. SIGINT or SIGTERM stop accepting
connections and let requests in flight finish (at most --shutdown-timeout).

SIGHUP re-reads the route file (or the profile's stored routes) and applies it
without dropping a request: a file with problems changes nothing and each
problem is logged. With --watch, a change of the file (written in place or
replaced by rename) is applied the same way within about a second. The listen
address, admin_listen and the TLS file paths take a restart; the TLS files
themselves are read again when they change.

With admin_listen in the file (or --admin-listen), a second listener serves
/healthz, /readyz and Prometheus /metrics; it must not be the proxy's address.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (configPath == "") == (profileName == "") {
				return invalid(errors.New("give exactly one of --config FILE or --profile NAME"))
			}
			if watch && configPath == "" {
				return invalid(errors.New("--watch needs --config FILE"))
			}
			plan := proxyPlan{
				listen: listen, cooldown: cooldown, shutdownTimeout: shutdownTimeout,
				stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr(),
				logger: slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil)),
			}
			if configPath != "" {
				plan.source = configPath
				plan.read = func() (routes.Config, error) { return routes.CheckFile(configPath, routes.ValidateStandalone) }
				if watch {
					plan.watch = configPath
				}
			} else {
				plan.source = "profile " + profileName
				plan.read = func() (routes.Config, error) { return profileRoutes(cmd, profileName) }
				plan.loginSecrets = profileLoginSecrets(cmd, profileName)
			}
			cfg, err := plan.read()
			if err != nil {
				return problemsErr(plan.source, plan.stderr, err)
			}
			if err := routes.CheckTLSFiles(cfg.TLS); err != nil {
				return problemsErr(plan.source, plan.stderr, err)
			}
			if plan.listen == "" {
				plan.listen = cfg.Listen
			}
			if plan.listen == "" {
				plan.listen = routes.DefaultListen
			}
			plan.adminListen = adminListen
			if plan.adminListen == "" {
				plan.adminListen = cfg.AdminListen
			}
			// The flags are held to the route file's rule for listen and
			// admin_listen (the file's own values passed it already).
			if msg := routes.CheckListen(plan.listen); msg != "" {
				return invalid(fmt.Errorf("listen address %s", msg))
			}
			if msg := routes.CheckListen(plan.adminListen); plan.adminListen != "" && msg != "" {
				return invalid(fmt.Errorf("admin listen address %s", msg))
			}
			if routes.SameListenAddress(plan.listen, plan.adminListen) {
				return invalid(fmt.Errorf("admin listen address %s is also the proxy's: health and metrics need their own", plan.adminListen))
			}
			return runProxy(cmd.Context(), cfg, plan)
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "route file (YAML or JSON)")
	cmd.Flags().StringVar(&profileName, "profile", "", "run the routes of this profile (from --db)")
	cmd.Flags().StringVar(&listen, "listen", "", "listen address (default: the file's listen, else "+routes.DefaultListen+")")
	cmd.Flags().StringVar(&adminListen, "admin-listen", "", "health and metrics address (default: the file's admin_listen; none when both are empty)")
	cmd.Flags().BoolVar(&watch, "watch", false, "apply the route file again whenever it changes on disk (as SIGHUP does)")
	cmd.Flags().DurationVar(&cooldown, "jwks-cooldown", proxy.DefaultJWKSCooldown, "least time between JWKS refetches for unknown key ids (at most 30s)")
	cmd.Flags().DurationVar(&shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long requests in flight may take to finish on stop")
	return cmd
}

// proxyPlan is how one `tandemctl proxy` runs: where its routes come from and
// where it listens and logs.
type proxyPlan struct {
	source          string                        // the file, or "profile NAME", for messages
	read            func() (routes.Config, error) // reads and validates the routes afresh
	watch           string                        // the file to watch for changes ("" for none)
	listen          string
	adminListen     string // health and metrics ("" for none)
	cooldown        time.Duration
	shutdownTimeout time.Duration
	stdout, stderr  io.Writer
	logger          *slog.Logger
	// loginSecrets resolves sign-in's secrets (nil: the files the routes
	// name, else the environment).
	loginSecrets func(routes.Config) (proxy.LoginSecrets, error)
}

func runProxy(ctx context.Context, cfg routes.Config, plan proxyPlan) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// proxy.New validates cfg (a profile's routes are checked there first);
	// its problems are printed like a route file's.
	sink := proxy.NewJSONLinesSink(plan.stdout)
	defer sink.Close()
	opts := proxy.Options{Sink: sink, Logger: plan.logger, JWKSCooldown: plan.cooldown, LoginSecrets: plan.loginSecrets}
	if plan.adminListen != "" {
		opts.Metrics = proxy.NewMetrics()
	}
	srv, err := proxy.New(cfg, opts)
	if err != nil {
		return problemsErr(plan.source, plan.stderr, err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Subscribed before the listener opens: a SIGHUP sent once the address
	// is logged must reload, never kill the process (its default action).
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	if err := srv.Start(plan.listen); err != nil {
		return err
	}
	if plan.adminListen != "" {
		if err := srv.StartAdmin(plan.adminListen); err != nil {
			_ = srv.Shutdown(context.Background())
			return err
		}
	}
	reloads := make(chan string, 1)
	if plan.watch != "" {
		err := watchFile(ctx, plan.watch, plan.logger, func() {
			select {
			case reloads <- "file changed":
			default: // a reload is already due; it will read this change
			}
		})
		if err != nil {
			plan.logger.Error("cannot watch the route file; SIGHUP still reloads it", "err", err.Error())
		}
	}
	for {
		select {
		case <-ctx.Done():
			plan.logger.Info("stopping proxy", "timeout", plan.shutdownTimeout.String())
			sctx, cancel := context.WithTimeout(context.Background(), plan.shutdownTimeout)
			defer cancel()
			return srv.Shutdown(sctx)
		case <-hup:
			reload(srv, plan, "SIGHUP")
		case why := <-reloads:
			reload(srv, plan, why)
		}
	}
}

// reload reads the routes again and applies them; the proxy logs the
// outcome, every problem of a refused file included.
func reload(srv *proxy.Server, plan proxyPlan, why string) {
	plan.logger.Info("reloading routes", "source", plan.source, "trigger", why)
	cfg, err := plan.read()
	if err != nil {
		var ve *routes.ValidationError
		if errors.As(err, &ve) {
			err = ve.WithFile(plan.source)
		}
		srv.RefuseReload(err)
		return
	}
	_ = srv.Reload(cfg) // logged by the proxy either way
}

// loadRouteFile parses and validates a route file that must run on its own;
// unknown keys, wrongly typed values and semantic problems are all listed in
// one run.
func loadRouteFile(path string, stderr io.Writer) (routes.Config, error) {
	cfg, err := routes.CheckFile(path, routes.ValidateStandalone)
	if err != nil {
		return cfg, problemsErr(path, stderr, err)
	}
	return cfg, nil
}

// problemsErr prints every validation problem on its own line and returns
// an exit-status-2 error; other errors pass through.
func problemsErr(file string, w io.Writer, err error) error {
	var ve *routes.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for _, p := range ve.WithFile(file).Problems {
		fmt.Fprintln(w, p.String())
	}
	return invalid(fmt.Errorf("%s: %d problem(s), nothing started", file, len(ve.Problems)))
}

// profileRoutes reads a stored profile's routes; a file without an issuer
// trusts the profile's Keycloak realm.
func profileRoutes(cmd *cobra.Command, name string) (routes.Config, error) {
	svc, done, err := openProfiles(cmd)
	if err != nil {
		return routes.Config{}, err
	}
	defer done()
	ctx := ctxOf(cmd)
	p, err := svc.GetByName(ctx, name)
	if err != nil {
		return routes.Config{}, inputErr(err)
	}
	cfg, err := svc.Routes(ctx, p.ID)
	if err != nil {
		return routes.Config{}, err
	}
	return p.RunnableRoutes(cfg), nil
}
