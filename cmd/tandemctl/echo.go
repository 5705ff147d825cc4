package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newEchoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "echo",
		Short: "not built yet",
		RunE:  func(*cobra.Command, []string) error { return errors.New("echo: not built yet") },
	}
}
