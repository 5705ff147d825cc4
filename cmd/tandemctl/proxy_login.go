package main

import (
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/proxy"
	"github.com/tandemhq/tandem/backend/routes"
)

// profileLoginSecrets gives a --profile proxy its sign-in secrets as the
// app does: the files the routes name or the environment first; for a
// local profile signing in with the demo client, the demo secret; and,
// without any cookie key, one made for this run, so sessions last until the
// proxy stops.
func profileLoginSecrets(cmd *cobra.Command, name string) func(routes.Config) (proxy.LoginSecrets, error) {
	var (
		once sync.Once
		key  string
	)
	return func(cfg routes.Config) (proxy.LoginSecrets, error) {
		once.Do(func() { key, _ = proxy.NewCookieKey() })
		svc, done, err := openProfiles(cmd)
		if err != nil {
			return proxy.LoginSecrets{}, err
		}
		defer done()
		p, err := svc.GetByName(ctxOf(cmd), name)
		if err != nil {
			return proxy.LoginSecrets{}, inputErr(err)
		}
		return profile.LoginSecrets(p, cfg, os.Getenv, key)
	}
}
