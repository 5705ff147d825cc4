// Command tandemctl is Tandem's headless companion: the same proxy, routes and
// profiles as the desktop app, without any GUI library, so it runs on a server.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/buildinfo"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "tandemctl:", err)
		os.Exit(exitCode(err))
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "tandemctl",
		Short:         "Headless companion of the Tandem console: proxy, echo upstream, routes and profiles",
		Version:       buildinfo.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("db", os.Getenv("TANDEM_DB"), "SQLite database file (default: the user's config dir; env TANDEM_DB)")
	root.AddCommand(newEchoCmd(), newProxyCmd(), newRoutesCmd(), newProfilesCmd(), newDiffCmd(), newImportCmd())
	root.AddCommand(newCookieKeyCmd())
	return root
}

// group is a command that only holds subcommands: run alone, it prints its
// help.
func group(use, short, long string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Long: long}
	cmd.AddCommand(subs...)
	return cmd
}

// exitError carries a specific exit status (2 for invalid input).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if e, ok := err.(*exitError); ok {
		return e.code
	}
	return 1
}
