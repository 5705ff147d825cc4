package main

import (
	"strings"
	"testing"

	"github.com/tandemhq/tandem/backend/proxy"
)

// cookie-key prints one key the proxy accepts, different each time.
func TestCookieKeyPrintsAUsableKey(t *testing.T) {
	out1, err := run(t, newDB(t), "", "cookie-key")
	if err != nil {
		t.Fatal(err)
	}
	out2, _ := run(t, newDB(t), "", "cookie-key")
	keys, err := proxy.ParseCookieKeys(out1 + out2)
	if err != nil || len(keys) != 2 || strings.Count(out1, "\n") != 1 || out1 == out2 {
		t.Fatalf("out %q %q: %v", out1, out2, err)
	}
}
