package userimport

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteReportCSV writes the per-row results as CSV with a header row:
// line, username, action, status, message.
func WriteReportCSV(w io.Writer, results []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"line", "username", "action", "status", "message"}); err != nil {
		return err
	}
	for _, r := range results {
		if err := cw.Write([]string{strconv.Itoa(r.Line), safeCell(r.Username), string(r.Action), string(r.Status), safeCell(r.Message)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCell keeps a spreadsheet from reading a cell as a formula: the report
// echoes usernames from an untrusted file.
func safeCell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
