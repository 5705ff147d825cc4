package profile

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// ProfileInput is what a user fills in to create or edit a profile. Secret is
// the admin password or client secret; on Update an empty Secret keeps the
// stored one.
type ProfileInput struct {
	Details
	Secret string `json:"secret"`
}

// MaxNameLength bounds a profile name so it fits in the header bar.
const MaxNameLength = 64

// maxNotesLength keeps notes a note, not a document.
const maxNotesLength = 4000

// Kinds lists every environment kind in display order.
var Kinds = []Kind{KindLocal, KindDev, KindStaging, KindProd}

// DefaultColor is the colour a profile gets when none is chosen: prod is red
// so it cannot be mistaken for anything else.
func DefaultColor(k Kind) string {
	switch k {
	case KindLocal:
		return "#52c41a"
	case KindDev:
		return "#1677ff"
	case KindStaging:
		return "#fa8c16"
	case KindProd:
		return "#f5222d"
	}
	return "#8c8c8c"
}

// Code names the rule a profile problem breaks. The strings are a contract
// with the desktop app and its forms: never rename one.
type Code string

const (
	CodeRequired       Code = "required"        // a value that must be given is missing
	CodeTooLong        Code = "too_long"        // longer than the field allows
	CodeNotOneLine     Code = "not_one_line"    // a name with a line break or tab
	CodeNotAllowed     Code = "not_allowed"     // not one of the values the field takes
	CodeColorFormat    Code = "color_format"    // not #rrggbb
	CodeURLInvalid     Code = "url_invalid"     // not a URL
	CodeURLScheme      Code = "url_scheme"      // not http:// or https://
	CodeURLNoHost      Code = "url_no_host"     // a URL without a host
	CodeURLQuery       Code = "url_query"       // a URL with a query or fragment
	CodeURLCredentials Code = "url_credentials" // user:password@ in the URL
	CodeNameTaken      Code = "name_taken"      // another profile has the name
	CodeSecretNeeded   Code = "secret_needed"   // a changed login method needs its secret
	CodeUnreadable     Code = "unreadable"      // an export file or its secrets cannot be read
	CodeTooShort       Code = "too_short"       // a passphrase shorter than allowed
	CodeInvalidRoutes  Code = "routes_invalid"  // an exported profile's routes do not validate
)

// Problem is one thing wrong with a profile, tied to the form field it is
// about: the rule it breaks (Code) and what a person reads (Message).
type Problem struct {
	Field   string `json:"field"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Field + ": " + p.Message }

// ValidationError lists every problem with a profile input at once.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	if len(parts) == 1 {
		return "invalid profile: " + parts[0]
	}
	return fmt.Sprintf("invalid profile (%d problems): %s", len(parts), strings.Join(parts, "; "))
}

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// normalize trims what a user may have typed with stray spaces and fills
// defaults, so validation and storage see the same values.
func (in ProfileInput) normalize() ProfileInput {
	in.Name = strings.TrimSpace(in.Name)
	in.Kind = Kind(strings.ToLower(strings.TrimSpace(string(in.Kind))))
	in.Color = strings.ToLower(strings.TrimSpace(in.Color))
	if in.Color == "" {
		in.Color = DefaultColor(in.Kind)
	}
	in.KeycloakURL = strings.TrimRight(strings.TrimSpace(in.KeycloakURL), "/")
	in.AdminRealm = strings.TrimSpace(in.AdminRealm)
	in.AuthMethod = AuthMethod(strings.ToLower(strings.TrimSpace(string(in.AuthMethod))))
	if in.AuthMethod == "" {
		in.AuthMethod = AuthPassword
	}
	in.Username = strings.TrimSpace(in.Username)
	in.ClientID = strings.TrimSpace(in.ClientID)
	in.DefaultRealm = strings.TrimSpace(in.DefaultRealm)
	// Only one credential kind is kept, so a switched method leaves nothing stale.
	switch in.AuthMethod {
	case AuthPassword:
		in.ClientID = ""
	case AuthClient:
		in.Username = ""
	}
	return in
}

// validate checks the input on its own; requireSecret is true on create.
// Name uniqueness needs the database and is checked by the Service.
func (in ProfileInput) validate(requireSecret bool) []Problem {
	var ps []Problem
	add := func(field string, code Code, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case in.Name == "":
		add("name", CodeRequired, "is required")
	case len([]rune(in.Name)) > MaxNameLength:
		add("name", CodeTooLong, "is longer than %d characters", MaxNameLength)
	case strings.ContainsAny(in.Name, "\n\r\t"):
		add("name", CodeNotOneLine, "must be on one line")
	}
	if !validKind(in.Kind) {
		add("kind", CodeNotAllowed, "must be one of local, dev, staging, prod (got %q)", in.Kind)
	}
	if !colorPattern.MatchString(in.Color) {
		add("color", CodeColorFormat, "must be a colour like #1677ff (got %q)", in.Color)
	}
	if code, msg := checkURL(in.KeycloakURL); code != "" {
		add("keycloakUrl", code, "%s", msg)
	}
	if in.AdminRealm == "" {
		add("adminRealm", CodeRequired, "is required (usually master)")
	}
	switch in.AuthMethod {
	case AuthPassword:
		if in.Username == "" {
			add("username", CodeRequired, "is required when logging in with a password")
		}
		if requireSecret && in.Secret == "" {
			add("secret", CodeRequired, "the password is required")
		}
	case AuthClient:
		if in.ClientID == "" {
			add("clientId", CodeRequired, "is required when logging in with a client")
		}
		if requireSecret && in.Secret == "" {
			add("secret", CodeRequired, "the client secret is required")
		}
	default:
		add("authMethod", CodeNotAllowed, "must be password or client (got %q)", in.AuthMethod)
	}
	if len(in.Notes) > maxNotesLength {
		add("notes", CodeTooLong, "is longer than %d characters", maxNotesLength)
	}
	return ps
}

func validKind(k Kind) bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// checkURL says which rule a Keycloak URL breaks and how, or "" for none.
func checkURL(raw string) (Code, string) {
	if raw == "" {
		return CodeRequired, "is required, e.g. http://127.0.0.1:8180"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return CodeURLInvalid, fmt.Sprintf("is not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return CodeURLScheme, "must start with http:// or https://"
	}
	if u.Host == "" {
		return CodeURLNoHost, "must include a host, e.g. https://keycloak.example.com"
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return CodeURLQuery, "must not have a query or fragment"
	}
	if u.User != nil {
		return CodeURLCredentials, "must not contain credentials: use the username and password fields"
	}
	return "", ""
}
