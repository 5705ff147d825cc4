// Package nowhere gives tests an address where nothing answers, for as long
// as the test runs.
//
// Closing a listener and using its port as "nothing listens here" is a race:
// the kernel may hand the freed port to another server of the same (often
// parallel) test run, and the dead upstream turns into a live one. These
// addresses stay held by the test until its cleanup, so no one else can be
// given them.
package nowhere

import "testing"

// Addr is a 127.0.0.1 host:port that refuses every connection until the end
// of the test, as a stopped server does: a dial fails with "connection
// refused".
func Addr(t testing.TB) string {
	t.Helper()
	addr, release, err := hold()
	if err != nil {
		t.Fatalf("hold an address where nothing answers: %v", err)
	}
	t.Cleanup(release)
	return addr
}

// URL is "http://" + Addr(t).
func URL(t testing.TB) string {
	t.Helper()
	return "http://" + Addr(t)
}
