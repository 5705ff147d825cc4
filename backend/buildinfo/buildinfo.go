// Package buildinfo carries the version stamped into the binaries at link time.
package buildinfo

// Version is set with -ldflags "-X github.com/tandemhq/tandem/backend/buildinfo.Version=...".
var Version = "0.1.0-dev"

// Name is the product name shown in window titles and about panels.
const Name = "Tandem"
