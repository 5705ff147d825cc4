package kratos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// Mapping says where each Keycloak user field comes from. A source is a dot
// path into the identity: "traits.email", "traits.name.first",
// "metadata_public.plan", "id", "schema_id". A field with several sources
// takes the first one the identity has.
type Mapping struct {
	Username  Sources `yaml:"username" json:"username"`
	Email     Sources `yaml:"email" json:"email"`
	FirstName Sources `yaml:"firstName" json:"firstName"`
	LastName  Sources `yaml:"lastName" json:"lastName"`
	// Attributes maps a Keycloak user attribute to its source. The realm
	// must accept the attributes (declared in its user profile, or
	// unmanaged attributes enabled); the import checks before writing.
	Attributes map[string]string `yaml:"attributes" json:"attributes"`
}

// Sources is one source or a list tried in order; in a mapping file a
// single source may be written as a plain string.
type Sources []string

// UnmarshalYAML accepts a string or a list of strings.
func (s *Sources) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = Sources{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*s = list
	return nil
}

// DefaultMapping fits Kratos's standard identity schemas: the username
// trait, or the email when there is none; the email; name.first and
// name.last. No attributes.
func DefaultMapping() Mapping {
	return Mapping{
		Username:  Sources{"traits.username", "traits.email"},
		Email:     Sources{"traits.email"},
		FirstName: Sources{"traits.name.first"},
		LastName:  Sources{"traits.name.last"},
	}
}

// LoadMapping reads a mapping file (YAML or JSON). The fields it names
// replace the default's; the others keep the default. Unknown keys are an
// error, so a misspelt field does not silently fall back to the default.
func LoadMapping(path string) (Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, fmt.Errorf("read mapping: %w", err)
	}
	m, err := ParseMapping(data)
	if err != nil {
		return Mapping{}, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ParseMapping decodes a mapping over DefaultMapping (see LoadMapping).
func ParseMapping(data []byte) (Mapping, error) {
	m := DefaultMapping()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return Mapping{}, fmt.Errorf("decode mapping: %w", err)
	}
	var problems []string
	for _, field := range []struct {
		name string
		srcs Sources
	}{{"username", m.Username}, {"email", m.Email}, {"firstName", m.FirstName}, {"lastName", m.LastName}} {
		for _, s := range field.srcs {
			if msg := checkSource(s); msg != "" {
				problems = append(problems, field.name+": "+msg)
			}
		}
	}
	if len(m.Username) == 0 {
		problems = append(problems, "username: needs at least one source")
	}
	for _, name := range slices.Sorted(maps.Keys(m.Attributes)) {
		if strings.TrimSpace(name) == "" {
			problems = append(problems, "attributes: an attribute has an empty name")
		}
		if msg := checkSource(m.Attributes[name]); msg != "" {
			problems = append(problems, "attributes."+name+": "+msg)
		}
	}
	if len(problems) > 0 {
		return Mapping{}, fmt.Errorf("mapping: %s", strings.Join(problems, "; "))
	}
	return m, nil
}

var sourceRoots = []string{"id", "schema_id", "state", "traits", "metadata_public", "metadata_admin"}

func checkSource(s string) string {
	segs := strings.Split(s, ".")
	if slices.Contains(segs, "") {
		return fmt.Sprintf("%q is not a dot path", s)
	}
	if !slices.Contains(sourceRoots, segs[0]) {
		return fmt.Sprintf("%q must start with one of %s", s, strings.Join(sourceRoots, ", "))
	}
	return ""
}

// mapped is an identity as the mapping turns it into a Keycloak user.
type mapped struct {
	input    keycloak.UserInput
	problems []string // reasons the user cannot be created
	// notImported lists the identity's traits and metadata that no field
	// or attribute takes, and credentials other than the password.
	notImported []string
}

// apply maps one identity. It never fails: what cannot be mapped is a
// problem of that identity.
func (m Mapping) apply(id Identity) mapped {
	doc := map[string]any{
		"id": id.ID, "schema_id": id.SchemaID, "state": id.State,
		"traits": id.Traits, "metadata_public": id.MetadataPublic, "metadata_admin": id.MetadataAdmin,
	}
	used := map[string]bool{}
	var out mapped
	text := func(field string, srcs Sources) string {
		for _, s := range srcs {
			v, ok := lookup(doc, s)
			if !ok {
				continue
			}
			str, isStr := v.(string)
			if !isStr {
				out.problems = append(out.problems, fmt.Sprintf("%s: %s is not a string", field, s))
				return ""
			}
			if str == "" {
				continue
			}
			used[s] = true
			return str
		}
		return ""
	}
	in := keycloak.UserInput{
		Username:  text("username", m.Username),
		Email:     text("email", m.Email),
		FirstName: text("firstName", m.FirstName),
		LastName:  text("lastName", m.LastName),
		Enabled:   id.State != "inactive",
	}
	if in.Username == "" {
		out.problems = append(out.problems, fmt.Sprintf("no username: none of %s is set (name one with a mapping file)", strings.Join(m.Username, ", ")))
	}
	if in.Email != "" {
		if err := keycloak.ValidEmail(in.Email); err != nil {
			out.problems = append(out.problems, "email: "+err.Error())
		}
		for _, a := range id.VerifiableAddresses {
			if a.Verified && strings.EqualFold(a.Value, in.Email) {
				in.EmailVerified = true
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.Attributes)) {
		src := m.Attributes[name]
		v, ok := lookup(doc, src)
		if !ok {
			continue
		}
		vals, err := attributeValues(v)
		if err != nil {
			out.problems = append(out.problems, fmt.Sprintf("attribute %s: %s %v", name, src, err))
			continue
		}
		used[src] = true
		if in.Attributes == nil {
			in.Attributes = map[string][]string{}
		}
		in.Attributes[name] = vals
	}
	out.input = in
	for _, root := range []string{"traits", "metadata_public", "metadata_admin"} {
		for _, leaf := range leaves(root, doc[root]) {
			if !coveredBy(leaf, used) {
				out.notImported = append(out.notImported, leaf)
			}
		}
	}
	for _, typ := range slices.Sorted(maps.Keys(id.Credentials)) {
		if typ != "password" {
			out.notImported = append(out.notImported, "credentials."+typ)
		}
	}
	return out
}

// lookup walks a dot path through nested objects.
func lookup(doc map[string]any, path string) (any, bool) {
	var cur any = doc
	for _, seg := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[seg]; !ok || cur == nil {
			return nil, false
		}
	}
	return cur, true
}

// attributeValues turns a scalar or a list of scalars into attribute values.
func attributeValues(v any) ([]string, error) {
	scalar := func(x any) (string, bool) {
		switch t := x.(type) {
		case string:
			return t, true
		case json.Number:
			return t.String(), true
		case bool:
			return fmt.Sprint(t), true
		}
		return "", false
	}
	if s, ok := scalar(v); ok {
		return []string{s}, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errors.New("is an object: name one of its fields")
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := scalar(x)
		if !ok {
			return nil, errors.New("is a list holding objects or lists")
		}
		out = append(out, s)
	}
	return out, nil
}

// leaves lists the dot paths of v's non-object values under prefix.
func leaves(prefix string, v any) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return nil
		}
		return []string{prefix}
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		out = append(out, leaves(prefix+"."+k, obj[k])...)
	}
	return out
}

// coveredBy reports whether a leaf was taken, itself or through a source
// naming a list or scalar above it.
func coveredBy(leaf string, used map[string]bool) bool {
	for src := range used {
		if leaf == src || strings.HasPrefix(leaf, src+".") {
			return true
		}
	}
	return false
}
