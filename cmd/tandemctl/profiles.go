package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newProfilesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "profiles",
		Short: "not built yet",
		RunE:  func(*cobra.Command, []string) error { return errors.New("profiles: not built yet") },
	}
}
