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

// defaultListen is where the proxy listens when neither the flag nor the
// route file says.
const defaultListen = "127.0.0.1:8080"

func newProxyCmd() *cobra.Command {
	var (
		configPath, profileName, listen string
		cooldown, shutdownTimeout       time.Duration
	)
	cmd := &cobra.Command{
		Use:   "proxy (--config FILE | --profile NAME) [--listen ADDR]",
		Short: "Run the auth proxy headless",
		Long: `Run Tandem's auth proxy without the desktop app: the same code the app runs.

The route file is validated completely before anything starts; every problem is
listed as FILE: route "NAME": FIELD: message and the command exits with status 2.
Each request is written to standard output as one JSON line; operational
messages go to standard error. SIGINT or SIGTERM stop accepting connections and
let requests in flight finish (at most --shutdown-timeout).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (configPath == "") == (profileName == "") {
				return invalid(errors.New("give exactly one of --config FILE or --profile NAME"))
			}
			var (
				cfg    routes.Config
				source string
				err    error
			)
			if configPath != "" {
				cfg, err = loadRouteFile(configPath, cmd.ErrOrStderr())
				source = configPath
			} else {
				cfg, err = profileRoutes(cmd, profileName)
				source = "profile " + profileName
			}
			if err != nil {
				return err
			}
			if listen == "" {
				listen = cfg.Listen
			}
			if listen == "" {
				listen = defaultListen
			}
			logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			return runProxy(cmd.Context(), cfg, source, listen, cooldown, shutdownTimeout, cmd.OutOrStdout(), cmd.ErrOrStderr(), logger)
		},
	}
	cmd.Flags().StringVar(&configPath, "config", "", "route file (YAML or JSON)")
	cmd.Flags().StringVar(&profileName, "profile", "", "run the routes of this profile (from --db)")
	cmd.Flags().StringVar(&listen, "listen", "", "listen address (default: the file's listen, else "+defaultListen+")")
	cmd.Flags().DurationVar(&cooldown, "jwks-cooldown", proxy.DefaultJWKSCooldown, "least time between JWKS refetches for unknown key ids (at most 30s)")
	cmd.Flags().DurationVar(&shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long requests in flight may take to finish on stop")
	return cmd
}

func runProxy(ctx context.Context, cfg routes.Config, source, listen string, cooldown, shutdownTimeout time.Duration,
	stdout, stderr io.Writer, logger *slog.Logger) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := routes.ValidateStandalone(cfg); err != nil {
		return problemsErr(source, stderr, err)
	}
	sink := proxy.NewJSONLinesSink(stdout)
	defer sink.Close()
	srv, err := proxy.New(cfg, proxy.Options{Sink: sink, Logger: logger, JWKSCooldown: cooldown})
	if err != nil {
		return problemsErr(source, stderr, err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Start(listen); err != nil {
		return err
	}
	<-ctx.Done()
	logger.Info("stopping proxy", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return srv.Shutdown(sctx)
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
	if cfg.Issuer == "" {
		cfg.Issuer = IssuerFor(p.KeycloakURL, p.DefaultRealm)
	}
	return cfg, nil
}
