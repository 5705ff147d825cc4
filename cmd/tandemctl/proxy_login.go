package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// profileLoginSecrets gives a --profile proxy its sign-in secrets as the
// app does: the files the routes name or the environment first, then the
// profile's own (its cookie keys, made on first use and kept, so a restart
// signs no browser out; its client secret, or the demo secret for a local
// profile signing in with the demo client).
func profileLoginSecrets(cmd *cobra.Command, name string) func(routes.Config) (proxy.LoginSecrets, error) {
	return func(cfg routes.Config) (proxy.LoginSecrets, error) {
		svc, done, err := openProfiles(cmd)
		if err != nil {
			return proxy.LoginSecrets{}, err
		}
		defer done()
		p, err := svc.GetByName(ctxOf(cmd), name)
		if err != nil {
			return proxy.LoginSecrets{}, inputErr(err)
		}
		return svc.LoginSecrets(ctxOf(cmd), p, cfg, os.Getenv)
	}
}
