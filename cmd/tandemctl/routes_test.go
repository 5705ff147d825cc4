package main

import (
	"strings"
	"testing"
)

// A route kept in the file but disabled counts among the routes, not among
// those the proxy serves.
func TestRoutesValidateCountsOnlyEnabledRoutesAsEnabled(t *testing.T) {
	file := writeFile(t, `version: 1
issuer: http://127.0.0.1:8180/realms/demo
routes:
  - name: on
    path: /on
    upstream: http://127.0.0.1:9090
    auth: public
  - name: off
    path: /off
    upstream: http://127.0.0.1:9090
    auth: public
    disabled: true
`)
	out, err := run(t, newDB(t), "", "routes", "validate", file)
	if err != nil || !strings.Contains(out, "ok, 2 routes (1 enabled)") {
		t.Fatalf("validate = %v, %q; want 2 routes, 1 enabled", err, out)
	}
}
