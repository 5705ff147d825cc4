package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/proxy"
)

func newCookieKeyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "cookie-key",
		Short: "Print a fresh random cookie key for the proxy's browser sign-in",
		Long: `Print a fresh random key (standard base64 of 32 bytes) for sealing the proxy's
session cookies, in the form the login block's cookie_keys_file and the
TANDEM_COOKIE_KEYS variable take: one key a line, the first seals, all open.
To rotate, put a new key first and keep the old one second until the sessions
it sealed have ended.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			key, err := proxy.NewCookieKey()
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), key)
			return err
		},
	}
}
