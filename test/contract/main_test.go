package contract

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tandemctl is the binary under test, built once by TestMain.
var tandemctl string

func TestMain(m *testing.M) {
	// The tests spend their time waiting on sockets and on a proxy process,
	// not on the CPU: on a two-core machine the default of GOMAXPROCS
	// parallel tests would serialise the few that must wait for a cooldown
	// or an expiry. An explicit -parallel is respected.
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		_ = flag.Set("test.parallel", "16")
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "tandem-contract-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	tandemctl = filepath.Join(dir, "tandemctl")
	build := exec.Command("go", "build", "-o", tandemctl, "./cmd/tandemctl")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build tandemctl: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// repoRoot is the directory of the module's go.mod.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("find module root: not inside a module")
	}
	return filepath.Dir(mod), nil
}
