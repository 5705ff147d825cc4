package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/privatefile"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/store"
)

func newProfilesCmd() *cobra.Command {
	return group("profiles", "List, add, remove, switch, test, export and import environment profiles",
		`Profiles are the Keycloak connections (and their routes) the desktop app uses.
They live in the same database as the app's (--db or TANDEM_DB). Secrets are read
from standard input only, never from arguments, and are kept in the OS keychain or
encrypted with a key file (TANDEM_SECRET_STORE=file|keychain|auto).`,
		newProfilesListCmd(), newProfilesAddCmd(), newProfilesRemoveCmd(), newProfilesUseCmd(),
		newProfilesTestCmd(), newProfilesExportCmd(), newProfilesImportCmd(), newProfilesForgetSecretsCmd())
}

// openProfiles opens the database named by --db (or the default) with its
// secret stores. The caller must call the returned close function.
func openProfiles(cmd *cobra.Command) (*profile.Service, func(), error) {
	path, _ := cmd.Flags().GetString("db")
	if path == "" {
		var err error
		if path, err = store.DefaultPath(); err != nil {
			return nil, nil, err
		}
	}
	db, err := store.Open(path)
	if err != nil {
		return nil, nil, err
	}
	svc, err := profile.Open(ctxOf(cmd), db)
	if err != nil {
		db.Close()
		if errors.Is(err, profile.ErrSecretMode) {
			return nil, nil, invalid(err)
		}
		return nil, nil, err
	}
	return svc, func() { db.Close() }, nil
}

// withProfiles runs fn with an open profile service.
func withProfiles(fn func(cmd *cobra.Command, svc *profile.Service, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		svc, done, err := openProfiles(cmd)
		if err != nil {
			return err
		}
		defer done()
		return fn(cmd, svc, args)
	}
}

// invalid marks err as the user's input being wrong (exit status 2).
func invalid(err error) error { return &exitError{code: 2, err: err} }

// inputErr gives validation problems and unknown names exit status 2.
func inputErr(err error) error {
	var ve *profile.ValidationError
	if errors.As(err, &ve) || errors.Is(err, profile.ErrNotFound) || errors.Is(err, profile.ErrWrongPassphrase) ||
		errors.Is(err, profile.ErrPassphraseNeeded) || errors.Is(err, profile.ErrNoActiveProfile) {
		return invalid(err)
	}
	return err
}

func ctxOf(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func newProfilesListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List profiles; * marks the active one",
		Args:  cobra.NoArgs,
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, _ []string) error {
			ctx := ctxOf(cmd)
			list, err := svc.List(ctx)
			if err != nil {
				return err
			}
			activeID := int64(0)
			if a, err := svc.Active(ctx); err == nil {
				activeID = a.ID
			}
			out := cmd.OutOrStdout()
			if asJSON {
				type row struct {
					profile.Profile
					Active bool `json:"active"`
				}
				rows := make([]row, len(list))
				for i, p := range list {
					rows[i] = row{p, p.ID == activeID}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			if len(list) == 0 {
				fmt.Fprintln(out, "No profiles. Add one with: tandemctl profiles add NAME --url URL --username USER --password-stdin")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "\tNAME\tKIND\tKEYCLOAK\tLOGIN\tREALM\tREAD-ONLY\tSECRET")
			for _, p := range list {
				mark := ""
				if p.ID == activeID {
					mark = "*"
				}
				login := p.Username + "@" + p.AdminRealm
				if p.AuthMethod == profile.AuthClient {
					login = "client " + p.ClientID + "@" + p.AdminRealm
				}
				ro, secret := "", p.SecretStore
				if p.ReadOnly {
					ro = "yes"
				}
				if secret == "" {
					secret = "none"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", mark, p.Name, p.Kind, p.KeycloakURL, login, p.DefaultRealm, ro, secret)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newProfilesAddCmd() *cobra.Command {
	var in profile.ProfileInput
	var kind, auth, name string
	var passwordStdin, secretStdin bool
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a profile (the password or client secret is read from standard input)",
		Example: `  printf '%s' "$KC_PASSWORD" | tandemctl profiles add Staging --kind staging \
      --url https://kc.staging.example.com --username ops --password-stdin
  printf '%s' "$SECRET" | tandemctl profiles add CI --auth client --client-id tandem \
      --url https://kc.example.com --secret-stdin
  printf '%s' "$PW" | tandemctl profiles add --name local --url http://127.0.0.1:8180 \
      --realm master --username admin --password-stdin`,
		Args: cobra.MaximumNArgs(1),
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, args []string) error {
			// The name comes either as the argument or as --name, never two different ones.
			switch {
			case len(args) == 1 && name != "" && name != args[0]:
				return invalid(fmt.Errorf("two names given: %q and --name %q", args[0], name))
			case len(args) == 1:
				name = args[0]
			case name == "":
				return invalid(errors.New("the profile needs a name: tandemctl profiles add NAME (or --name NAME)"))
			}
			in.Name, in.Kind, in.AuthMethod = name, profile.Kind(kind), profile.AuthMethod(auth)
			if in.AuthMethod == "" {
				in.AuthMethod = profile.AuthPassword
				if in.ClientID != "" {
					in.AuthMethod = profile.AuthClient
				}
			}
			switch {
			case passwordStdin && secretStdin:
				return invalid(errors.New("give either --password-stdin or --secret-stdin, not both"))
			case passwordStdin && in.AuthMethod != profile.AuthPassword:
				return invalid(errors.New("--password-stdin is for --auth password; use --secret-stdin for a client secret"))
			case secretStdin && in.AuthMethod != profile.AuthClient:
				return invalid(errors.New("--secret-stdin is for --auth client; use --password-stdin for a password"))
			case !passwordStdin && !secretStdin:
				return invalid(errors.New("the secret is read from standard input: add --password-stdin (or --secret-stdin with --auth client)"))
			}
			secret, err := readSecret(cmd.InOrStdin())
			if err != nil {
				return err
			}
			in.Secret = secret
			p, err := svc.Create(ctxOf(cmd), in)
			if err != nil {
				return inputErr(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Added profile %q (secret in %s).\n", p.Name, p.SecretStore)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&in.KeycloakURL, "url", "", "Keycloak base URL, e.g. https://kc.example.com (required)")
	f.StringVar(&kind, "kind", string(profile.KindDev), "environment: local, dev, staging or prod")
	f.StringVar(&in.Color, "color", "", "colour as #rrggbb (default: by kind)")
	f.StringVar(&name, "name", "", "profile name (instead of the NAME argument)")
	f.StringVar(&in.AdminRealm, "admin-realm", "master", "realm the credentials belong to")
	f.StringVar(&in.AdminRealm, "realm", "master", "same as --admin-realm")
	f.StringVar(&auth, "auth", "", "login method: password or client (default: client when --client-id is given)")
	f.StringVar(&in.Username, "username", "", "admin username (--auth password)")
	f.StringVar(&in.ClientID, "client-id", "", "service-account client id (--auth client)")
	f.StringVar(&in.DefaultRealm, "default-realm", "", "realm the profile manages by default")
	f.BoolVar(&in.ReadOnly, "read-only", false, "refuse every change to Keycloak and to the routes")
	f.StringVar(&in.Notes, "notes", "", "free text")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the admin password from standard input")
	f.BoolVar(&secretStdin, "secret-stdin", false, "read the client secret from standard input")
	return cmd
}

// readSecret reads standard input up to EOF, dropping one trailing newline
// (what `echo` adds). The value is never echoed back.
func readSecret(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return "", fmt.Errorf("read secret from standard input: %w", err)
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	if s == "" {
		return "", invalid(errors.New("standard input was empty: pipe the secret in"))
	}
	return s, nil
}

func newProfilesRemoveCmd() *cobra.Command {
	return newProfileActionCmd("remove NAME", "Remove a profile with its routes, saved tester cases and secret",
		(*profile.Service).Delete, "Removed profile %q.\n")
}

func newProfilesUseCmd() *cobra.Command {
	return newProfileActionCmd("use NAME", "Make a profile the active one (what the app opens with and tandemctl uses by default)",
		(*profile.Service).SetActive, "Active profile: %s.\n")
}

// newProfileActionCmd builds a command that applies act to the profile its
// one argument names and then prints done, a format given the profile's name.
func newProfileActionCmd(use, short string, act func(*profile.Service, context.Context, int64) error, done string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, args []string) error {
			ctx := ctxOf(cmd)
			p, err := svc.GetByName(ctx, args[0])
			if err != nil {
				return inputErr(err)
			}
			if err := act(svc, ctx, p.ID); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), done, p.Name)
			return nil
		}),
	}
}

func newProfilesTestCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "test [NAME]",
		Short: "Log in to the profile's Keycloak and list its realms (default: the active profile)",
		Args:  cobra.MaximumNArgs(1),
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, args []string) error {
			ctx := ctxOf(cmd)
			var p profile.Profile
			var err error
			if len(args) == 1 {
				p, err = svc.GetByName(ctx, args[0])
			} else if p, err = svc.Active(ctx); errors.Is(err, profile.ErrNoActiveProfile) {
				err = fmt.Errorf("%w: name a profile, or choose one with tandemctl profiles use NAME", err)
			}
			if err != nil {
				return inputErr(err)
			}
			secret, err := svc.Secret(ctx, p.ID)
			if err != nil {
				return err
			}
			res := profile.TestConnection(ctx, p, secret)
			if !res.OK {
				return fmt.Errorf("profile %q: %s", p.Name, res.Problem)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "OK: %s is Keycloak %s; realms: %s.\n", p.KeycloakURL, res.KeycloakVersion, strings.Join(res.Realms, ", "))
			return nil
		}),
	}
}

func newProfilesExportCmd() *cobra.Command {
	var out string
	var withSecrets, passphraseStdin bool
	cmd := &cobra.Command{
		Use:   "export [NAME...]",
		Short: "Write profiles with their routes as JSON (secrets only with --with-secrets, encrypted)",
		Args:  cobra.ArbitraryArgs,
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, args []string) error {
			ctx := ctxOf(cmd)
			opts := profile.ExportOptions{WithSecrets: withSecrets}
			for _, name := range args {
				p, err := svc.GetByName(ctx, name)
				if err != nil {
					return inputErr(err)
				}
				opts.IDs = append(opts.IDs, p.ID)
			}
			if withSecrets {
				if !passphraseStdin {
					return invalid(errors.New("--with-secrets needs --passphrase-stdin: the passphrase that encrypts them is read from standard input"))
				}
				pass, err := readSecret(cmd.InOrStdin())
				if err != nil {
					return err
				}
				opts.Passphrase = pass
			}
			data, err := svc.Export(ctx, opts)
			if err != nil {
				return inputErr(err)
			}
			data = append(data, '\n')
			if out == "" || out == "-" {
				_, err = cmd.OutOrStdout().Write(data)
				return err
			}
			if err := privatefile.Write(out, data); err != nil {
				return fmt.Errorf("export profiles: %w", err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Exported to %s.\n", out)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "file to write (default: standard output)")
	cmd.Flags().BoolVar(&withSecrets, "with-secrets", false, "include secrets, encrypted with a passphrase")
	cmd.Flags().BoolVar(&passphraseStdin, "passphrase-stdin", false, "read the passphrase from standard input")
	return cmd
}

func newProfilesImportCmd() *cobra.Command {
	var passphraseStdin, skipSecrets bool
	var onConflict string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Create the profiles of an export file (all or none)",
		Args:  cobra.ExactArgs(1),
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("read %s: %w", args[0], err)
			}
			opts := profile.ImportOptions{SkipSecrets: skipSecrets, OnConflict: profile.Conflict(onConflict)}
			if passphraseStdin {
				if opts.Passphrase, err = readSecret(cmd.InOrStdin()); err != nil {
					return err
				}
			}
			res, err := svc.Import(ctxOf(cmd), data, opts)
			if err != nil {
				return inputErr(fmt.Errorf("import %s: %w", args[0], err))
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Imported %d profile(s)", len(res.Created))
			if len(res.Created) > 0 {
				fmt.Fprintf(w, ": %s", strings.Join(res.Created, ", "))
			}
			fmt.Fprintln(w, ".")
			for from, to := range res.Renamed {
				fmt.Fprintf(w, "Renamed %q to %q: the name was taken.\n", from, to)
			}
			if len(res.Skipped) > 0 {
				fmt.Fprintf(w, "Skipped (name taken): %s.\n", strings.Join(res.Skipped, ", "))
			}
			if len(res.WithoutSecret) > 0 {
				fmt.Fprintf(w, "Without a secret (set one in the app): %s.\n", strings.Join(res.WithoutSecret, ", "))
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&passphraseStdin, "passphrase-stdin", false, "read the passphrase of the file's secrets from standard input")
	cmd.Flags().BoolVar(&skipSecrets, "skip-secrets", false, "import without the file's secrets")
	cmd.Flags().StringVar(&onConflict, "on-conflict", string(profile.ConflictSkip), "when a name is taken: skip or rename")
	return cmd
}

func newProfilesForgetSecretsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "forget-secrets",
		Short: "Remove every secret encrypted with a lost secret.key, so those profiles ask for their secret again",
		Long: `When secret.key (next to the database) is lost and no backup can be restored,
the secrets encrypted with it can never be read again, and Tandem will not make a
new key while they are stored. This removes them and clears the secret of every
profile that used one; enter those secrets again in the app. It refuses while the
key file is there.`,
		Args: cobra.NoArgs,
		RunE: withProfiles(func(cmd *cobra.Command, svc *profile.Service, _ []string) error {
			names, err := svc.ForgetFileSecrets(ctxOf(cmd))
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if len(names) == 0 {
				fmt.Fprintln(w, "Removed the encrypted secrets; no profile used one.")
				return nil
			}
			fmt.Fprintf(w, "Removed the encrypted secrets of: %s. Enter them again in the app.\n", strings.Join(names, ", "))
			return nil
		}),
	}
}
