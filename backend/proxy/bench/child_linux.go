package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill the child when the bench exits, even
// through log.Fatal, which runs no deferred stop: an oauth2-proxy left
// behind would keep its port and its CPU.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
