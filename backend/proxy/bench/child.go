package main

import (
	"bufio"
	"bytes"
	"github.com/tandemhq/tandem/backend/proxy/bench/benchkit"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// The upstream runs in a child process of its own (this binary with
// -serve-upstream), so that the CPU a proxy spends per request is read
// from the proxy's process alone, and the upstream's, which grows with the
// headers a proxy adds, from the child's.

// serveUpstream is the child's side: it serves the upstream on a free
// loopback port, prints the address, and exits when its parent closes
// its standard input (or dies).
func serveUpstream(kind string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	benchkit.Check(err)
	go func() { _ = (&http.Server{Handler: upstreamHandler(kind)}).Serve(ln) }()
	_, err = os.Stdout.WriteString(ln.Addr().String() + "\n")
	benchkit.Check(err)
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// child is a process the bench started: the upstream or another proxy.
type child struct {
	cmd   *exec.Cmd
	addr  string
	stdin io.Closer // the upstream's: it exits when this closes
}

// startUpstream runs this binary as the upstream of the given kind.
func startUpstream(kind string) *child {
	self, err := os.Executable()
	benchkit.Check(err)
	cmd := exec.Command(self, "-serve-upstream", kind)
	stdin, err := cmd.StdinPipe() // closed when the bench exits, however it exits
	benchkit.Check(err)
	out, err := cmd.StdoutPipe()
	benchkit.Check(err)
	cmd.Stderr = os.Stderr
	dieWithParent(cmd)
	benchkit.Check(cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	benchkit.Check(err)
	return &child{cmd: cmd, addr: strings.TrimSpace(line), stdin: stdin}
}

func (c *child) stop() {
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
}

// cpu is the CPU time the process has used so far (user + system), from
// /proc/PID/stat in clock ticks of 1/100 s (Linux's USER_HZ); 0 where there
// is no /proc.
func (c *child) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(c.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
