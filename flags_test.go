package main

import (
	"path/filepath"
	"testing"
)

func TestParseFlagsIgnoresTheWailsDevFlags(t *testing.T) {
	f, err := parseFlags([]string{"-devserver", "127.0.0.1:34115", "-db", "/tmp/x.db", "-assetdir=frontend/dist", "-loglevel", "debug"})
	if err != nil {
		t.Fatal(err)
	}
	if f.db != "/tmp/x.db" || f.version {
		t.Errorf("flags = %+v, want db /tmp/x.db", f)
	}
	f, err = parseFlags([]string{"--db=/tmp/y.db", "--version"})
	if err != nil || f.db != "/tmp/y.db" || !f.version {
		t.Errorf("flags = %+v, %v; want db /tmp/y.db and version", f, err)
	}
}

func TestParseFlagsDefaultsTheDatabaseToTheConfigDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TANDEM_DB", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	f, err := parseFlags(nil)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(f.db) != "tandem.db" || filepath.Base(filepath.Dir(f.db)) != "tandem" {
		t.Errorf("default database %q, want <config dir>/tandem/tandem.db", f.db)
	}
	t.Setenv("TANDEM_DB", "/tmp/env.db")
	if f, _ := parseFlags(nil); f.db != "/tmp/env.db" {
		t.Errorf("TANDEM_DB ignored: %q", f.db)
	}
}
