package contract

import "time"

// pollUntil asks cond every 20 ms until it holds (true) or `within` has
// passed (false). It is for what only the proxy process's own clock decides
// (a cooldown, an expiry): that clock cannot be injected from here, so the
// test waits for the effect instead of sleeping for a guessed time.
func pollUntil(within time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(within)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
