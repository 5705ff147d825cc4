package contract

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// problem is one problem the validator must report: a line of its output
// naming the route (when there is one) and the field.
type problem struct {
	route string // "" for file-level problems
	field string
}

func (p problem) foundIn(lines []string) bool {
	for _, l := range lines {
		if (p.route == "" || strings.Contains(l, `"`+p.route+`"`) || strings.Contains(l, "route "+p.route)) &&
			strings.Contains(l, p.field) {
			return true
		}
	}
	return false
}

// runCLI runs tandemctl with a time limit and returns exit status and output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(tandemctl, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return exitCode(err), out.String(), errb.String()
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		waitErr := <-done // the kill's own report, once the process is gone
		t.Fatalf("tandemctl %s still running after 5s (it must refuse the file and exit; then %v); stderr:\n%s", strings.Join(args, " "), waitErr, errb.String())
		return 0, "", ""
	}
}

// TestValidation: a file with several problems is refused by `routes
// validate` and by `proxy`, each listing every problem with the file, route
// name and field; the proxy never starts listening.
func TestValidation(t *testing.T) {
	t.Parallel()
	up := deadURL(t)
	semantic := `version: 1
listen: LISTEN
issuer: "not a url"
routes:
  - name: bad-url
    path: /a
    upstream: "ftp//nowhere"
    auth: required
  - name: twin
    path: /b
    upstream: ` + up + `
    auth: public
  - name: twin
    path: /c
    upstream: ` + up + `
    auth: public
  - name: same-path-1
    path: /d
    upstream: ` + up + `
    auth: public
  - name: same-path-2
    path: /d
    upstream: ` + up + `
    auth: public
  - name: opt-roles
    path: /e
    upstream: ` + up + `
    auth: optional
    roles: [admin]
  - name: pub-roles
    path: /f
    upstream: ` + up + `
    auth: public
    roles: [admin]
  - name: bad-mode
    path: /g
    upstream: ` + up + `
    auth: sometimes
`
	semanticProblems := []problem{
		{"", "issuer"},
		{"bad-url", "upstream"},
		{"twin", "name"},
		{"same-path-2", "path"}, // two routes with the same host, path and methods
		{"opt-roles", "roles"},
		{"pub-roles", "roles"},
		{"bad-mode", "auth"},
	}
	// Unknown keys together with the other problems: all of them must be
	// listed in one run, not the unknown keys first and the rest after they
	// are fixed. backend/routes checks the same file line by line.
	mixed := readTestdata(t, "mixed-problems.yaml")
	mixedProblems := []problem{
		{"", "colour"},
		{"typo", "strip_prefx"},
		{"bad-url", "upstream"},
		{"bad-url", "name"},
		{"opt-roles", "roles"},
	}

	for _, c := range []struct {
		name     string
		file     string
		problems []problem
	}{
		{"semantic problems", semantic, semanticProblems},
		{"unknown keys mixed with other problems", mixed, mixedProblems},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "bad-routes.yaml", strings.ReplaceAll(c.file, "LISTEN", anyPort))
			for _, args := range [][]string{
				{"routes", "validate", path},
				{"proxy", "--config", path, "--listen", anyPort},
			} {
				cmdline := "tandemctl " + args[0]
				code, _, stderr := runCLI(t, args...)
				if code == 0 {
					t.Errorf("%s: exit status 0 for an invalid file", cmdline)
				}
				lines := strings.Split(stderr, "\n")
				var missing []string
				for _, p := range c.problems {
					if !p.foundIn(lines) {
						missing = append(missing, fmt.Sprintf("route %q field %q", p.route, p.field))
					}
				}
				if len(missing) > 0 {
					t.Errorf("%s: exit %d, but these problems are not listed: %s; stderr:\n%s", cmdline, code, strings.Join(missing, ", "), stderr)
				}
				named := false
				for _, l := range lines {
					if strings.Contains(l, "bad-routes.yaml") {
						named = true
					}
				}
				if !named {
					t.Errorf("%s: the problems do not name the file; stderr:\n%s", cmdline, stderr)
				}
				// runCLI fails the test when the command is still running
				// after 5 s: a refused file must end the proxy, not leave it
				// serving. (Dialling the address afterwards would prove
				// nothing: another test may own that port by then.)
			}
		})
	}

	t.Run("valid file", func(t *testing.T) {
		t.Parallel()
		idp := newIdP(t, false)
		path := writeFile(t, "routes.yaml", strings.ReplaceAll(mainRouteFile(t, idp.issuer, newUpstreams(t), up), "LISTEN", "127.0.0.1:8080"))
		if code, _, stderr := runCLI(t, "routes", "validate", path); code != 0 {
			t.Errorf("routes validate on the main route file: exit %d, stderr:\n%s", code, stderr)
		}
	})
}
