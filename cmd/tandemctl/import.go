package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/ory/kratos"
	"github.com/tandemhq/tandem/backend/ory/oathkeeper"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

func newImportCmd() *cobra.Command {
	return group("import", "Import an Ory setup: Oathkeeper access rules as routes, Kratos identities as Keycloak users", "",
		newImportOathkeeperCmd(), newImportKratosCmd())
}

func newImportOathkeeperCmd() *cobra.Command {
	var configPath, issuer, strategy, output string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "oathkeeper RULES.{json,yaml}",
		Short: "Turn Oathkeeper access rules into a route file; the report (on stderr) lists what has no equivalent and what behaves differently",
		Long: `Writes a route file (to -o, or standard output) and a report on standard error:
per rule, what was mapped, what has no Tandem equivalent and why (such a rule becomes a
disabled route, or is left out), and the behaviour changes to expect. The issuer comes from
--issuer, else from Oathkeeper's own config (--oathkeeper-config: its jwt authenticator's
trusted_issuers or a Keycloak jwks_urls entry).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rules, err := oathkeeper.LoadRules(args[0])
			if err != nil {
				return invalid(err)
			}
			opts := oathkeeper.Options{Issuer: issuer, MatchingStrategy: strategy}
			if configPath != "" {
				if opts.Config, err = oathkeeper.LoadConfig(configPath); err != nil {
					return invalid(err)
				}
			}
			res, err := oathkeeper.Convert(rules, opts)
			if err != nil {
				return invalid(err)
			}
			data, err := routes.Marshal(res.Routes)
			if err != nil {
				return err
			}
			if err := writeReport(cmd.ErrOrStderr(), asJSON, res, res.Lines()); err != nil {
				return err
			}
			if output == "" {
				_, err = cmd.OutOrStdout().Write(data)
				return err
			}
			// A route file holds no secret (it names the files that do), so it is readable like any configuration.
			if err := os.WriteFile(output, data, 0o644); err != nil { //nolint:gosec // G306: see above
				return fmt.Errorf("write route file: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&configPath, "oathkeeper-config", "", "Oathkeeper's config file (oathkeeper.yml): matching strategy, jwt issuer, global handler config")
	cmd.Flags().StringVar(&issuer, "issuer", "", "the route file's token issuer (overrides the Oathkeeper config)")
	cmd.Flags().StringVar(&strategy, "matching-strategy", "", "glob or regexp (default: the Oathkeeper config's access_rules.matching_strategy)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the route file here instead of standard output")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write the report as JSON")
	return cmd
}

func newImportKratosCmd() *cobra.Command {
	var profileName, realm, mappingPath string
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "kratos IDENTITIES.json --profile P --realm R",
		Short: "Create Keycloak users from Kratos identities, keeping argon2id and pbkdf2 passwords",
		Long: `Reads identities as Kratos's admin API lists them (GET /admin/identities?include_credential=password)
and creates one Keycloak user each in the realm, through the profile's connection. Users already
there (same username or email) are skipped. argon2id and pbkdf2 (sha1, sha256, sha512) hashes are
stored as they are, so users sign in with their old password; any other password (bcrypt...) and
identities without one get the UPDATE_PASSWORD required action. --mapping names a YAML or JSON file
mapping traits to username, email, firstName, lastName and attributes. Ctrl-C stops after the
users being written; the report says which were not run. Exit status 1 when any identity failed.`,
		Args: cobra.ExactArgs(1),
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, args []string) error {
			ids, err := kratos.LoadFile(args[0])
			if err != nil {
				return invalid(err)
			}
			mapping := kratos.DefaultMapping()
			if mappingPath != "" {
				if mapping, err = kratos.LoadMapping(mappingPath); err != nil {
					return invalid(err)
				}
			}
			ctx, stop := signal.NotifyContext(ctxOf(cmd), os.Interrupt, syscall.SIGTERM)
			defer stop()
			var p profile.Profile
			if profileName != "" {
				p, err = svc.GetByName(ctx, profileName)
			} else if p, err = svc.Active(ctx); errors.Is(err, profile.ErrNoActiveProfile) {
				err = fmt.Errorf("%w: name one with --profile", err)
			}
			if err != nil {
				return inputErr(err)
			}
			if realm == "" {
				realm = p.DefaultRealm
			}
			if realm == "" {
				return invalid(errors.New("name the realm with --realm"))
			}
			secret, err := svc.Secret(ctx, p.ID)
			if err != nil {
				return err
			}
			client, err := keycloak.New(profile.KeycloakConfig(p, secret))
			if err != nil {
				return err
			}
			stderr := cmd.ErrOrStderr()
			rep, err := kratos.Import(ctx, client, ids, kratos.Options{
				Realm: realm, Mapping: mapping, DryRun: dryRun,
				Progress: func(pr kratos.Progress) { fmt.Fprintf(stderr, "%d/%d identities\n", pr.Done, pr.Total) },
			})
			if err != nil {
				return err
			}
			if err := writeReport(cmd.OutOrStdout(), asJSON, rep, rep.Lines()); err != nil {
				return err
			}
			switch {
			case rep.Cancelled:
				return fmt.Errorf("cancelled: %d identities not run", rep.NotRun)
			case rep.Failed > 0:
				return fmt.Errorf("%d of %d identities failed", rep.Failed, len(rep.Results))
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&profileName, "profile", "", "the profile whose Keycloak receives the users (default: the active profile)")
	cmd.Flags().StringVar(&realm, "realm", "", "the realm to create the users in (default: the profile's realm)")
	cmd.Flags().StringVar(&mappingPath, "mapping", "", "YAML or JSON file mapping traits to user fields and attributes")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "look everything up and report, write nothing")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write the report as JSON")
	return cmd
}

// writeReport writes v as indented JSON, or the report's lines.
func writeReport(w io.Writer, asJSON bool, v any, lines []string) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}
