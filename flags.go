package main

import (
	"flag"
	"os"
	"strings"

	"github.com/tandemhq/tandem/backend/store"
)

// flags is the desktop binary's own command line.
type flags struct {
	db      string // the SQLite database file
	version bool   // print the version and exit
}

// parseFlags reads -db and -version from args, ignoring every other flag:
// Wails' dev build passes its own (-devserver, -assetdir ...).
func parseFlags(args []string) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("tandem", flag.ContinueOnError)
	fs.StringVar(&f.db, "db", os.Getenv("TANDEM_DB"), "SQLite database file (default: the user's config dir; env TANDEM_DB)")
	fs.BoolVar(&f.version, "version", false, "print the version and exit")
	fs.SetOutput(os.Stderr)
	if err := fs.Parse(knownArgs(args, "db", "version")); err != nil {
		return flags{}, err
	}
	if f.version || f.db != "" {
		return f, nil
	}
	path, err := store.DefaultPath()
	if err != nil {
		return flags{}, err
	}
	f.db = path
	return f, nil
}

// knownArgs keeps only the flags named, with their values, so flags meant
// for the Wails runtime in dev builds do not make parsing fail.
func knownArgs(args []string, names ...string) []string {
	known := map[string]bool{}
	for _, n := range names {
		known["-"+n] = true
		known["--"+n] = true
	}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(a, "=")
		if !known[name] {
			continue
		}
		out = append(out, a)
		if !hasValue && name != "-version" && name != "--version" && i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
	}
	return out
}
