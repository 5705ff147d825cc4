package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newRoutesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "routes",
		Short: "not built yet",
		RunE:  func(*cobra.Command, []string) error { return errors.New("routes: not built yet") },
	}
}
