package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

func newRoutesCmd() *cobra.Command {
	return group("routes", "Work with route files", "", newRoutesValidateCmd())
}

func newRoutesValidateCmd() *cobra.Command {
	var profileName string
	validate := &cobra.Command{
		Use:   "validate [FILE] [--profile NAME]",
		Short: "Check a route file and list every problem (exit status 2 when there are any)",
		Long: `Check a route file and list every problem (exit status 2 when there are any).

With --profile, the roles the routes require are also checked against the realm
their tokens come from, read from that profile's Keycloak: a role the realm lacks
is a warning (the file may be meant for another environment), not a problem.
Without FILE, --profile checks the profile's stored routes.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && profileName == "" {
				return invalid(fmt.Errorf("give a route FILE, --profile NAME, or both"))
			}
			var p *profile.Profile
			var svc *profile.Service
			if profileName != "" {
				s, done, err := openProfiles(cmd)
				if err != nil {
					return err
				}
				defer done()
				found, err := s.GetByName(ctxOf(cmd), profileName)
				if err != nil {
					return inputErr(err)
				}
				p, svc = &found, s
			}
			var cfg routes.Config
			name := ""
			if len(args) == 1 {
				var err error
				if cfg, err = loadRouteFile(args[0], cmd.ErrOrStderr()); err != nil {
					return err
				}
				name = args[0]
			} else {
				stored, err := svc.Routes(ctxOf(cmd), p.ID)
				if err != nil {
					return err
				}
				if err := routes.Validate(stored); err != nil {
					return problemsErr("profile "+p.Name, cmd.ErrOrStderr(), err)
				}
				cfg, name = stored, "profile "+p.Name
			}
			if p != nil {
				if err := warnUnknownRoles(cmd, svc, *p, cfg, name, cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok, %d routes (%d enabled)\n", name, len(cfg.Routes), cfg.EnabledRoutes())
			return nil
		},
	}
	validate.Flags().StringVar(&profileName, "profile", "", "check required roles against this profile's realm (and, without FILE, its stored routes)")
	return validate
}

// warnUnknownRoles prints a warning for each required role the realm of
// cfg's tokens lacks. A realm that cannot be read is said, not an error:
// the file itself is valid.
func warnUnknownRoles(cmd *cobra.Command, svc *profile.Service, p profile.Profile, cfg routes.Config, name string, w io.Writer) error {
	realm, ok := p.TokenRealm(cfg)
	if !ok {
		fmt.Fprintf(w, "%s: roles not checked: the issuer %s is not a realm of profile %q's Keycloak\n", name, p.RunnableRoutes(cfg).Issuer, p.Name)
		return nil
	}
	secret, err := svc.Secret(ctxOf(cmd), p.ID)
	if err != nil {
		return fmt.Errorf("secret of profile %q: %w", p.Name, err)
	}
	kc, err := keycloak.New(profile.KeycloakConfig(p, secret))
	if err != nil {
		return inputErr(err)
	}
	cat, err := kc.RoleCatalog(ctxOf(cmd), realm)
	if err != nil {
		fmt.Fprintf(w, "%s: roles not checked: the roles of realm %q could not be read: %v\n", name, realm, err)
		return nil
	}
	for _, pr := range routes.UnknownRoles(cfg, routes.NewKnownRoles(cat.Realm, cat.Clients), realm) {
		pr.File = name
		fmt.Fprintln(w, "warning: "+pr.String())
	}
	return nil
}
