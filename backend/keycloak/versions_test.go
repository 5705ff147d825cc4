package keycloak

import (
	"strings"
	"testing"
)

func TestVersionNote(t *testing.T) {
	for _, tc := range []struct {
		version, want string
	}{
		{"26.5.6", ""},
		{"26.5.0", ""},
		{"26.7.3", ""},
		{"26.6.1", ""},
		{"26.4.7", "older than Tandem supports (26.5 to 26.7)"},
		{"25.0.6", "older"},
		{"26.8.0", "newer than Tandem was tested with"},
		{"27.0.0", "newer"},
		{"999.0.0-SNAPSHOT", "newer"},
		{"", ""},
		{"unknown", ""},
	} {
		got := VersionNote(tc.version)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("VersionNote(%q) = %q, want it to say %q", tc.version, got, tc.want)
		}
	}
}
