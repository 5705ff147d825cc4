// Package crashtest runs one test of the current test binary as a child
// process and kills it with SIGKILL at a chosen point of its progress: how
// the store's and the profile service's crash tests show that a kill -9
// leaves whole data behind.
//
// The child reports on standard output: a number per unit of work done
// (Progress), or "error ..." before it exits (Fail). Anything else is the
// test framework's chatter.
package crashtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Progress reports, from the child, how much it has done and committed.
func Progress(n int) { fmt.Println(n) }

// Fail reports, from the child, why it cannot go on, and exits.
func Fail(err error) {
	fmt.Println("error", err)
	os.Exit(3)
}

// Child is a running child test.
type Child struct {
	t     testing.TB
	name  string
	cmd   *exec.Cmd
	lines *bufio.Scanner
}

// Start runs the test named test of this binary (alone, once) with env
// added to the environment. name says which child it is in failures.
func Start(t testing.TB, name, test string, env ...string) *Child {
	t.Helper()
	//nolint:gosec // G204: this very test binary, running a test the calling test names
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: start: %v", name, err)
	}
	return &Child{t: t, name: name, cmd: cmd, lines: bufio.NewScanner(out)}
}

// Until reads the child's progress until enough says it is enough, or the
// child's output ends, and returns the last progress read (0: none). A
// reported error fails the test.
func (c *Child) Until(enough func(n int) bool) int {
	c.t.Helper()
	last := 0
	for c.lines.Scan() {
		line := c.lines.Text()
		if strings.HasPrefix(line, "error") {
			c.t.Fatalf("%s: child: %s", c.name, line)
		}
		n, err := strconv.Atoi(line)
		if err != nil {
			continue // test framework chatter
		}
		last = n
		if enough(n) {
			break
		}
	}
	return last
}

// Kill kills the child with SIGKILL, reaps it, and reports whether the
// kill is what ended it (false: it had exited by itself first).
func (c *Child) Kill() bool {
	c.t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		c.t.Fatalf("%s: kill: %v", c.name, err)
	}
	_ = c.cmd.Wait() // its error is the kill itself, read from the state below
	ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// State is how the child ended, for failure messages.
func (c *Child) State() *os.ProcessState { return c.cmd.ProcessState }
