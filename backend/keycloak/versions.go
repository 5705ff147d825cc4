package keycloak

import (
	"fmt"
	"strconv"
	"strings"
)

// The Keycloak releases Tandem is tested against: the local stack runs the
// newest and the integration suite also passes against the oldest (README,
// "Keycloak versions"). Only major.minor decide support.
const (
	OldestSupported = "26.5"
	NewestSupported = "26.7"
)

// VersionNote says in one sentence how a server version stands against the
// supported range, or "" when it is inside it or cannot be read (a build's
// own version string such as "999.0.0-SNAPSHOT" is treated as newer).
func VersionNote(version string) string {
	v, ok := majorMinor(version)
	if !ok {
		return ""
	}
	oldest, _ := majorMinor(OldestSupported)
	newest, _ := majorMinor(NewestSupported)
	switch {
	case v[0] < oldest[0] || (v[0] == oldest[0] && v[1] < oldest[1]):
		return fmt.Sprintf("Keycloak %s is older than Tandem supports (%s to %s): some screens may fail; upgrade Keycloak to use them.", version, OldestSupported, NewestSupported)
	case v[0] > newest[0] || (v[0] == newest[0] && v[1] > newest[1]):
		return fmt.Sprintf("Keycloak %s is newer than Tandem was tested with (%s to %s): most screens should work; report what does not.", version, OldestSupported, NewestSupported)
	}
	return ""
}

func majorMinor(version string) ([2]int, bool) {
	parts := strings.SplitN(strings.TrimSpace(version), ".", 3)
	if len(parts) < 2 {
		return [2]int{}, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return [2]int{}, false
	}
	return [2]int{major, minor}, true
}
