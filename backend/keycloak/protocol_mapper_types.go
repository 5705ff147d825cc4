package keycloak

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Kinds of a mapper config field, which decide the input the form shows.
const (
	FieldText   = "text"
	FieldBool   = "bool"
	FieldSelect = "select"
	// FieldClient holds a clientId of the realm ("web").
	FieldClient = "client"
)

// MapperField is one config key of a mapper type as Tandem's form edits it.
type MapperField struct {
	Key      string   `json:"key"` // Keycloak's config key: "claim.name"
	Label    string   `json:"label"`
	Kind     string   `json:"kind"` // one of the Field* constants
	Required bool     `json:"required"`
	Options  []string `json:"options,omitempty"` // for FieldSelect
	// Default is what a new mapper gets when the input leaves the key out.
	Default string `json:"default,omitempty"`
	Help    string `json:"help,omitempty"`
}

// MapperType is a protocol mapper type Tandem creates and edits, with the
// config fields it shows. Config keys outside Fields are never written by
// Tandem: an edit keeps them as Keycloak has them.
type MapperType struct {
	ID     string        `json:"id"` // "oidc-audience-mapper"
	Label  string        `json:"label"`
	Help   string        `json:"help"`
	Fields []MapperField `json:"fields"`
}

// Config keys of OIDC mappers that more than one type uses.
const (
	cfgClaimName    = "claim.name"
	cfgJSONType     = "jsonType.label"
	cfgMultivalued  = "multivalued"
	cfgUserAttr     = "user.attribute"
	cfgAccessToken  = "access.token.claim"
	cfgIDToken      = "id.token.claim"
	cfgUserInfo     = "userinfo.token.claim"
	cfgIntrospect   = "introspection.token.claim"
	cfgAudClient    = "included.client.audience"
	cfgAudCustom    = "included.custom.audience"
	cfgClaimValue   = "claim.value"
	cfgFullPath     = "full.path"
	cfgRealmPrefix  = "usermodel.realmRoleMapping.rolePrefix"
	cfgClientID     = "usermodel.clientRoleMapping.clientId"
	cfgClientPrefix = "usermodel.clientRoleMapping.rolePrefix"
)

func claimField(def string) MapperField {
	return MapperField{Key: cfgClaimName, Label: "Token claim name", Kind: FieldText, Required: true, Default: def,
		Help: "Dots nest the claim (realm_access.roles); a literal dot is written \\."}
}

var jsonTypeField = MapperField{Key: cfgJSONType, Label: "Claim JSON type", Kind: FieldSelect,
	Options: []string{"String", "long", "int", "boolean", "JSON"}, Default: "String"}

func multivaluedField(def string) MapperField {
	return MapperField{Key: cfgMultivalued, Label: "Multivalued", Kind: FieldBool, Default: def,
		Help: "A list claim; off keeps only one value."}
}

// tokenFields are the "add to … token" switches; Keycloak's console turns
// them on for a new mapper, and so does Tandem.
func tokenFields(userInfo bool) []MapperField {
	fs := []MapperField{
		{Key: cfgAccessToken, Label: "Add to access token", Kind: FieldBool, Default: "true",
			Help: "The proxy reads identity headers from the access token."},
		{Key: cfgIDToken, Label: "Add to ID token", Kind: FieldBool, Default: "true"},
	}
	if userInfo {
		fs = append(fs, MapperField{Key: cfgUserInfo, Label: "Add to userinfo", Kind: FieldBool, Default: "true"})
	}
	return append(fs, MapperField{Key: cfgIntrospect, Label: "Add to token introspection", Kind: FieldBool, Default: "true"})
}

// oidcMapperType is a mapper type whose fields are own followed by the
// token switches (see tokenFields).
func oidcMapperType(id, label, help string, userInfo bool, own ...MapperField) MapperType {
	return MapperType{ID: id, Label: label, Help: help, Fields: append(own, tokenFields(userInfo)...)}
}

// rolesMapperType puts the user's roles into a multivalued claim, each
// prefixed by the value of prefixKey; scope comes first (which client's).
func rolesMapperType(id, label, help, claim, prefixKey string, scope ...MapperField) MapperType {
	own := append(scope, claimField(claim), jsonTypeField, multivaluedField("true"),
		MapperField{Key: prefixKey, Label: "Role prefix", Kind: FieldText})
	return oidcMapperType(id, label, help, true, own...)
}

// mapperTypes are the types the proxy's identity headers need.
var mapperTypes = []MapperType{
	oidcMapperType("oidc-usermodel-attribute-mapper", "User attribute",
		"A user attribute (custom, or email, firstName…) as a claim.", true,
		MapperField{Key: cfgUserAttr, Label: "User attribute", Kind: FieldText, Required: true},
		claimField(""), jsonTypeField, multivaluedField("false")),
	oidcMapperType("oidc-usermodel-property-mapper", "User property",
		"A built-in property of the user (username, email, emailVerified, firstName, lastName) as a claim.", true,
		MapperField{Key: cfgUserAttr, Label: "Property", Kind: FieldText, Required: true, Help: "username, email, emailVerified, firstName, lastName…"},
		claimField(""), jsonTypeField),
	rolesMapperType("oidc-usermodel-realm-role-mapper", "Realm roles",
		"The user's realm roles, composites expanded.", "realm_access.roles", cfgRealmPrefix),
	rolesMapperType("oidc-usermodel-client-role-mapper", "Client roles",
		"The user's roles of one client, or of every client when none is chosen.", "resource_access.${client_id}.roles", cfgClientPrefix,
		MapperField{Key: cfgClientID, Label: "Client", Kind: FieldClient, Help: "Empty: roles of every client."}),
	oidcMapperType("oidc-group-membership-mapper", "Group membership",
		"The groups the user is a member of.", true,
		claimField("groups"),
		MapperField{Key: cfgFullPath, Label: "Full group path", Kind: FieldBool, Default: "true", Help: "/staff/ops instead of ops."}),
	oidcMapperType("oidc-audience-mapper", "Audience",
		"Adds a client, or any string, to the token's aud claim. Give exactly one of the two.", false,
		MapperField{Key: cfgAudClient, Label: "Included client audience", Kind: FieldClient},
		MapperField{Key: cfgAudCustom, Label: "Included custom audience", Kind: FieldText}),
	oidcMapperType("oidc-hardcoded-claim-mapper", "Hardcoded claim",
		"The same value in every token.", true,
		claimField(""),
		MapperField{Key: cfgClaimValue, Label: "Claim value", Kind: FieldText, Required: true},
		jsonTypeField),
}

// MapperTypes lists the protocol mapper types Tandem creates and edits.
func MapperTypes() []MapperType {
	out := make([]MapperType, len(mapperTypes))
	copy(out, mapperTypes)
	return out
}

func mapperType(id string) (MapperType, bool) {
	for _, t := range mapperTypes {
		if t.ID == id {
			return t, true
		}
	}
	return MapperType{}, false
}

// MapperInput is a protocol mapper as Tandem writes it: a name, a type from
// MapperTypes and values for that type's fields. A field left out (or
// empty) gets its default on creation and is cleared by an edit.
type MapperInput struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Config map[string]string `json:"config"`
}

// ValidateMapper checks a mapper input against its type and lists every
// problem at once.
func ValidateMapper(in MapperInput) error {
	var problems []string
	if strings.TrimSpace(in.Name) == "" {
		problems = append(problems, "the mapper name is empty")
	}
	t, ok := mapperType(in.Type)
	if !ok {
		ids := make([]string, len(mapperTypes))
		for i, mt := range mapperTypes {
			ids[i] = mt.ID
		}
		problems = append(problems, fmt.Sprintf("mapper type %q is not one Tandem edits (%s)", in.Type, strings.Join(ids, ", ")))
		return problemsError(problems)
	}
	known := map[string]MapperField{}
	for _, f := range t.Fields {
		known[f.Key] = f
	}
	keys := make([]string, 0, len(in.Config))
	for k := range in.Config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := known[k]
		v := in.Config[k]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s has no field %q", t.Label, k))
		case v == "":
		case f.Kind == FieldBool && v != "true" && v != "false":
			problems = append(problems, fmt.Sprintf("%s must be true or false, not %q", f.Label, v))
		case f.Kind == FieldSelect && !slices.Contains(f.Options, v):
			problems = append(problems, fmt.Sprintf("%s must be one of %s, not %q", f.Label, strings.Join(f.Options, ", "), v))
		case strings.ContainsAny(v, "\r\n"):
			problems = append(problems, fmt.Sprintf("%s contains a line break", f.Label))
		}
	}
	for _, f := range t.Fields {
		if f.Required && strings.TrimSpace(in.Config[f.Key]) == "" && f.Default == "" {
			problems = append(problems, fmt.Sprintf("%s is required", f.Label))
		}
	}
	if t.ID == "oidc-audience-mapper" && (in.Config[cfgAudClient] == "") == (in.Config[cfgAudCustom] == "") {
		problems = append(problems, "give either an included client audience or a custom audience, not both or neither")
	}
	return problemsError(problems)
}

// newConfig returns the config a new mapper is created with: the input's
// values over the type's defaults.
func (in MapperInput) newConfig(t MapperType) map[string]string {
	cfg := map[string]string{}
	for _, f := range t.Fields {
		if v := strings.TrimSpace(in.Config[f.Key]); v != "" {
			cfg[f.Key] = v
		} else if f.Default != "" {
			cfg[f.Key] = f.Default
		}
	}
	return cfg
}

// overlay writes the input's fields onto the config Keycloak has: a shown
// field takes the input's value or is removed when the input leaves it
// empty (a required one falls back to its default); every other key stays
// as it is.
func (in MapperInput) overlay(t MapperType, current map[string]string) map[string]string {
	cfg := make(map[string]string, len(current)+len(t.Fields))
	for k, v := range current {
		cfg[k] = v
	}
	for _, f := range t.Fields {
		if v := strings.TrimSpace(in.Config[f.Key]); v != "" {
			cfg[f.Key] = v
		} else if f.Required && f.Default != "" {
			cfg[f.Key] = f.Default
		} else {
			delete(cfg, f.Key)
		}
	}
	return cfg
}
