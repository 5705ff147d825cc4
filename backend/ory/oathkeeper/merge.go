package oathkeeper

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

// Into says how imported routes enter an existing route file.
type Into string

const (
	// IntoReplace makes the imported routes the file's only routes.
	IntoReplace Into = "replace"
	// IntoMerge replaces the file's routes of the same name and adds the
	// others after the file's own.
	IntoMerge Into = "merge"
)

// Place puts a conversion's routes into an existing route file and says,
// in notes, what of the conversion the result does not carry as it was.
// Both ways keep the file's deployment settings (listen, admin listen,
// trusted proxies, timeouts, header size, sign-in, TLS, authorized
// parties), which access rules do not describe. Replace takes the
// conversion's issuer (the file's when the rules gave none), audiences and
// identity headers. Merge keeps the file's issuer, audiences and identity
// headers, and pins on each imported route the headers its rule sent where
// the file's identity headers would send something else.
func Place(current, imported routes.Config, into Into) (routes.Config, []string, error) {
	out := current
	notes := []string{}
	switch into {
	case IntoReplace:
		out.Routes = slices.Clone(imported.Routes)
		out.Audiences = imported.Audiences
		out.IdentityHeaders = imported.IdentityHeaders
		if imported.Issuer != "" {
			out.Issuer = imported.Issuer
		} else if current.Issuer != "" {
			notes = append(notes, "the rules gave no issuer: the file keeps "+current.Issuer)
		}
		if out.Version == 0 {
			out.Version = routes.Version
		}
		return out, notes, nil
	case IntoMerge:
	default:
		return routes.Config{}, nil, fmt.Errorf("import routes: %q is neither replace nor merge", into)
	}
	if out.Version == 0 {
		out.Version = routes.Version
	}
	switch {
	case out.Issuer == "":
		out.Issuer = imported.Issuer
	case imported.Issuer != "" && imported.Issuer != out.Issuer:
		notes = append(notes, fmt.Sprintf("the file keeps its issuer %s: the imported routes verify its tokens, not %s's", out.Issuer, imported.Issuer))
	}
	if !slices.Equal(current.Audiences, imported.Audiences) && len(imported.Audiences) > 0 {
		notes = append(notes, fmt.Sprintf("the file keeps its audiences (%s), not the rules' (%s)", strings.Join(current.Audiences, ", "), strings.Join(imported.Audiences, ", ")))
	}
	fileHeaders := current.EffectiveIdentityHeaders()
	out.Routes = slices.Clone(current.Routes)
	for _, r := range imported.Routes {
		r = pinHeaders(imported, fileHeaders, r, &notes)
		if i := slices.IndexFunc(out.Routes, func(x routes.Route) bool { return x.Name == r.Name }); i >= 0 {
			out.Routes[i] = r
		} else {
			out.Routes = append(out.Routes, r)
		}
	}
	return out, notes, nil
}

// pinHeaders gives an imported route, as route headers, every header its
// rule sent that the file's identity headers would not send the same way,
// and notes the file's headers it will send besides.
func pinHeaders(imported routes.Config, fileHeaders map[string]string, r routes.Route, notes *[]string) routes.Route {
	if r.Auth == routes.AuthPublic {
		r.Headers = nil // a public route injects nothing
		return r
	}
	want := routes.EffectiveRouteHeaders(imported, r)
	file := map[string]string{}
	for name, claim := range fileHeaders {
		file[routes.NormalizeHeaderName(name)] = claim
	}
	pinned := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if file[routes.NormalizeHeaderName(name)] != want[name] {
			pinned[name] = want[name]
		}
	}
	r.Headers = nil
	if len(pinned) > 0 {
		r.Headers = pinned
	}
	var extra []string
	for _, name := range slices.Sorted(maps.Keys(fileHeaders)) {
		if _, own := want[routes.SentHeaderName(name)]; !own {
			extra = append(extra, routes.SentHeaderName(name)+" ("+fileHeaders[name]+")")
		}
	}
	if len(extra) > 0 {
		*notes = append(*notes, fmt.Sprintf("route %s also sends the file's %s", r.Name, strings.Join(extra, ", ")))
	}
	return r
}
