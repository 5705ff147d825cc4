package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newRoutesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "routes",
		Short: "Work with route files",
	}
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a route file and list every problem (exit status 2 when there are any)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadRouteFile(args[0], cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			enabled := 0
			for _, r := range cfg.Routes {
				if !r.Disabled {
					enabled++
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok, %d routes (%d enabled)\n", args[0], len(cfg.Routes), enabled)
			return nil
		},
	}
	cmd.AddCommand(validate)
	return cmd
}
