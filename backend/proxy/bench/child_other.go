//go:build !linux

package main

import "os/exec"

// dieWithParent: only Linux can tie a child's life to its parent's; the
// upstream child still exits when its standard input closes.
func dieWithParent(*exec.Cmd) {}
