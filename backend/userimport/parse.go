// Package userimport imports users into a Keycloak realm from CSV: parse,
// plan (dry run) and apply with bounded concurrency, progress and a per-row
// report. One bad row never stops the others.
package userimport

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Row is one user line of the CSV file.
type Row struct {
	Line       int // line number in the file, the header being line 1
	Username   string
	Email      string
	FirstName  string
	LastName   string
	Enabled    *bool // nil: column absent or empty (new users are enabled)
	Groups     []string
	RealmRoles []string
	// TemporaryPassword, when set, becomes a password the user must change
	// at the next login.
	TemporaryPassword string
	// Problem is set when the line itself is unusable (e.g. enabled is not
	// a yes/no value); such a row is skipped with this reason.
	Problem string
}

// Column names, matched case-insensitively with spaces, '_' and '-' ignored
// ("First name", "first_name" and "firstName" are the same column).
var columns = map[string]string{
	"username": "username", "email": "email",
	"firstname": "firstName", "lastname": "lastName",
	"enabled": "enabled", "groups": "groups",
	"realmroles": "realmRoles", "roles": "realmRoles",
	"temporarypassword": "temporaryPassword", "password": "temporaryPassword",
}

// ErrNoUsernameColumn is returned for a file whose header has no username
// column.
var ErrNoUsernameColumn = errors.New("the header has no username column")

// Parse reads a CSV file with a header row. Unknown columns are an error (a
// typo would otherwise drop data silently); a malformed value only marks its
// row.
func Parse(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	index := map[string]int{}
	var unknown []string
	for i, h := range header {
		key := normaliseHeader(h)
		if i == 0 {
			key = strings.TrimPrefix(key, "\ufeff") // a BOM from spreadsheet exports
		}
		name, ok := columns[key]
		switch {
		case key == "":
			continue
		case !ok:
			unknown = append(unknown, strconv.Quote(h))
		case index[name] != 0:
			return nil, fmt.Errorf("column %q appears twice", h)
		default:
			index[name] = i + 1 // 0 means absent
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown columns %s: expected username, email, first name, last name, enabled, groups, realm roles, temporary password",
			strings.Join(unknown, ", "))
	}
	if index["username"] == 0 {
		return nil, ErrNoUsernameColumn
	}

	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		field := func(name string) string {
			i := index[name]
			if i == 0 || i > len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i-1])
		}
		row := Row{
			Line:              line,
			Username:          field("username"),
			Email:             field("email"),
			FirstName:         field("firstName"),
			LastName:          field("lastName"),
			Groups:            splitList(field("groups")),
			RealmRoles:        splitList(field("realmRoles")),
			TemporaryPassword: field("temporaryPassword"),
		}
		if v := field("enabled"); v != "" {
			b, ok := parseBool(v)
			if !ok {
				row.Problem = fmt.Sprintf("enabled %q is not yes/no, true/false or 1/0", v)
			}
			row.Enabled = &b
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func normaliseHeader(h string) string {
	r := strings.NewReplacer(" ", "", "_", "", "-", "")
	return strings.ToLower(r.Replace(strings.TrimSpace(h)))
}

// splitList splits a groups or roles cell on ';' or '|' (not ',', which
// would clash with the CSV separator for users who forget to quote).
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "y", "1", "enabled", "on":
		return true, true
	case "false", "no", "n", "0", "disabled", "off":
		return false, true
	}
	return false, false
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
