package tester

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/tokenclaims"
)

// Severity of a lint finding.
type Severity string

const (
	// SeverityError: the route cannot work as written (nobody can pass, a
	// role does not exist).
	SeverityError Severity = "error"
	// SeverityWarning: something will be missing (a header never injected).
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Finding is one lint result about a route.
type Finding struct {
	Severity Severity `json:"severity"`
	// Subject is what it is about: a role, a header, "aud".
	Subject string `json:"subject"`
	Message string `json:"message"`
	// Fix names the Keycloak change that would resolve it, when there is one.
	Fix string `json:"fix,omitempty"`
	// Apply is that change as data the UI can apply, when it is one protocol
	// mapper on the token's client.
	Apply *MapperFix `json:"apply,omitempty"`
}

// MapperFix is a protocol mapper to add to a client's own mappers: Keycloak's
// mapper type id and config keys, as the client's mapper form takes them.
type MapperFix struct {
	Client string            `json:"client"` // clientId, "web"
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Config map[string]string `json:"config"`
}

// RealmRoles is what the realm defines: its realm roles and, per client id,
// that client's roles. ClientsKnown lists client ids that exist.
type RealmRoles struct {
	Realm   []string            `json:"realm"`
	Clients map[string][]string `json:"clients"`
}

// LintRoles reports route roles that do not exist in the realm. A role is a
// realm role, or "client:role" for a client role.
func LintRoles(r routes.Route, defined RealmRoles) []Finding {
	var out []Finding
	for _, role := range r.Roles {
		if client, name, ok := routes.ClientRole(role); ok {
			roles, exists := defined.Clients[client]
			switch {
			case !exists:
				out = append(out, Finding{SeverityError, role, fmt.Sprintf("route %q requires client role %q, but the realm has no client %q", r.Name, role, client),
					fmt.Sprintf("create client %q with role %q, or correct the route's roles", client, name), nil})
			case !slices.Contains(roles, name):
				out = append(out, Finding{SeverityError, role, fmt.Sprintf("route %q requires client role %q, but client %q has no role %q", r.Name, role, client, name),
					fmt.Sprintf("create role %q on client %q, or correct the route's roles", name, client), nil})
			}
			continue
		}
		if !slices.Contains(defined.Realm, role) {
			out = append(out, Finding{SeverityError, role, fmt.Sprintf("route %q requires realm role %q, which does not exist in the realm", r.Name, role),
				fmt.Sprintf("create realm role %q, or correct the route's roles", role), nil})
		}
	}
	if len(r.Roles) > 0 && len(out) == len(r.Roles) {
		out = append(out, Finding{SeverityError, "roles", fmt.Sprintf("none of route %q's roles exists: nobody can pass it", r.Name), "", nil})
	}
	return out
}

// Mapper is the Keycloak client scope and protocol mapper type that put a
// claim into tokens.
type Mapper struct {
	Scope string `json:"scope"` // default client scope that carries it ("" if none does by default)
	Type  string `json:"type"`  // protocol mapper type id
	Note  string `json:"note"`
}

// MapperFor names what would add a claim path to a Keycloak 2x token.
func MapperFor(path string) Mapper {
	if m, ok := claimMappers[path]; ok {
		return m
	}
	// Role claims are nested (realm_access.roles, resource_access.web.roles):
	// their top-level name says which mapper adds them.
	top, _, _ := strings.Cut(path, ".")
	if m, ok := roleClaimMappers[top]; ok {
		return m
	}
	return Mapper{"", "oidc-usermodel-attribute-mapper", fmt.Sprintf("a \"User Attribute\" mapper with token claim name %s (a custom attribute)", path)}
}

// The mappers several claims share.
var (
	profileAttribute = Mapper{"profile", "oidc-usermodel-attribute-mapper", "the \"profile\" scope"}
	phoneAttribute   = Mapper{"phone", "oidc-usermodel-attribute-mapper", "the optional \"phone\" scope"}
	setByKeycloak    = Mapper{"", "", "set by Keycloak itself for the requesting client"}
)

// claimMappers names, by claim, what adds each claim Keycloak knows of.
var claimMappers = map[string]Mapper{
	"sub":                   {"basic", "oidc-sub-mapper", "the \"basic\" scope (default since Keycloak 25) adds sub"},
	"email":                 {"email", "oidc-usermodel-attribute-mapper", "the \"email\" scope's \"email\" mapper (user attribute email)"},
	"email_verified":        {"email", "oidc-usermodel-property-mapper", "the \"email\" scope's \"email verified\" mapper"},
	"preferred_username":    {"profile", "oidc-usermodel-attribute-mapper", "the \"profile\" scope's \"username\" mapper"},
	"name":                  {"profile", "oidc-full-name-mapper", "the \"profile\" scope's \"full name\" mapper"},
	"given_name":            profileAttribute,
	"family_name":           profileAttribute,
	"middle_name":           profileAttribute,
	"nickname":              profileAttribute,
	"locale":                profileAttribute,
	"picture":               profileAttribute,
	"website":               profileAttribute,
	"zoneinfo":              profileAttribute,
	"birthdate":             profileAttribute,
	"gender":                profileAttribute,
	"phone_number":          phoneAttribute,
	"phone_number_verified": phoneAttribute,
	"groups":                {"", "oidc-group-membership-mapper", "a \"Group Membership\" mapper with claim name groups (the optional \"microprofile-jwt\" scope's groups claim carries realm roles, not groups)"},
	"aud":                   {"", "oidc-audience-mapper", "an \"Audience\" mapper naming the accepted audience"},
	"azp":                   setByKeycloak,
	"client_id":             setByKeycloak,
	"organization":          {"organization", "oidc-organization-membership-mapper", "the optional \"organization\" scope"},
}

// roleClaimMappers names, by top-level claim, what adds the role claims.
var roleClaimMappers = map[string]Mapper{
	"realm_access":    {"roles", "oidc-usermodel-realm-role-mapper", "the \"roles\" scope's \"realm roles\" mapper"},
	"resource_access": {"roles", "oidc-usermodel-client-role-mapper", "the \"roles\" scope's \"client roles\" mapper (only roles of clients the user holds roles in)"},
}

// TokenSample is a real token obtained for a test user through a client: the
// ground truth of which claims that client's tokens carry.
type TokenSample struct {
	Client string         `json:"client"`
	User   string         `json:"user"`
	Claims map[string]any `json:"-"`
	// Mappers are the client's effective protocol mappers (its own and its
	// default scopes'); nil when unknown. They only refine the advice: the
	// token decides what is missing.
	Mappers []ClientMapper `json:"-"`
}

// ClientMapper is one protocol mapper that shapes a client's tokens.
type ClientMapper struct {
	Name  string
	Type  string
	Scope string // client scope it comes from; "" for the client's own
	// Claim is the claim path it writes ("resource_access.${client_id}.roles").
	Claim       string
	AccessToken bool
}

// existingMapper finds the client's mapper writing a claim path.
func (s TokenSample) existingMapper(path string) (ClientMapper, bool) {
	for _, m := range s.Mappers {
		claim := strings.ReplaceAll(m.Claim, "${client_id}", s.Client)
		if claim == path || (strings.HasPrefix(path, "resource_access.") && m.Claim == "resource_access.${client_id}.roles") {
			return m, true
		}
	}
	return ClientMapper{}, false
}

// advise names the fix for a missing claim, using the client's mappers when known.
func (s TokenSample) advise(path string) string {
	if m, ok := s.existingMapper(path); ok {
		where := "its own mappers"
		if m.Scope != "" {
			where = fmt.Sprintf("scope %q", m.Scope)
		}
		if !m.AccessToken {
			return fmt.Sprintf("client %q has mapper %q (%s, from %s) for this claim, but it is not added to access tokens: turn on \"Add to access token\"", s.Client, m.Name, m.Type, where)
		}
		return fmt.Sprintf("client %q already has mapper %q (%s, from %s) for this claim: %s has no value for it (set the user's attribute), or the mapper's source is wrong", s.Client, m.Name, m.Type, where, s.User)
	}
	return fixFor(MapperFor(path), s.Client)
}

// LintClaims compares the route's identity headers, roles and the file's
// accepted audiences/parties with the claims a real token carries. Deciding
// from a real token (not from the client's scope configuration) also catches
// mappers that exist but yield nothing for this user.
func LintClaims(cfg routes.Config, r routes.Route, sample TokenSample) []Finding {
	var out []Finding
	who := fmt.Sprintf("tokens of client %q (checked on %s's token)", sample.Client, sample.User)
	mapping := HeaderMapping(cfg.IdentityHeaders, r.Headers)
	for _, h := range slices.Sorted(maps.Keys(mapping)) {
		path := mapping[h]
		if _, ok := claimAt(sample.Claims, path); ok {
			continue
		}
		f := Finding{Severity: SeverityWarning, Subject: h, Message: fmt.Sprintf("%s carry no %s claim, so %s will never be injected", who, path, h), Fix: sample.advise(path)}
		f.Apply = sample.mapperFix(path)
		out = append(out, f)
	}
	var realmRoles, clientRoles bool
	for _, role := range r.Roles {
		if _, _, isClient := routes.ClientRole(role); isClient {
			clientRoles = true
		} else {
			realmRoles = true
		}
	}
	if authMode(r) == routes.AuthRequired {
		if realmRoles {
			if _, ok := claimAt(sample.Claims, "realm_access.roles"); !ok {
				out = append(out, Finding{SeverityError, "realm_access.roles", fmt.Sprintf("%s carry no realm_access.roles claim: the proxy cannot see realm roles, so nobody passes route %q", who, r.Name), sample.advise("realm_access.roles"), nil})
			}
		}
		if clientRoles {
			for _, role := range r.Roles {
				client, _, ok := routes.ClientRole(role)
				if !ok {
					continue
				}
				if _, has := claimAt(sample.Claims, "resource_access"); !has {
					out = append(out, Finding{SeverityWarning, role, fmt.Sprintf("%s carry no resource_access claim: client role %s cannot be seen (the user may simply hold no client roles)", who, role), sample.advise("resource_access." + client + ".roles"), nil})
					break
				}
			}
		}
	}
	if len(cfg.Audiences) > 0 {
		aud := tokenclaims.Audience(sample.Claims)
		if !anyIn(aud, cfg.Audiences) {
			out = append(out, Finding{SeverityError, "aud", fmt.Sprintf("%s have aud %v, but the proxy accepts only %v: they will be refused", who, aud, cfg.Audiences),
				fmt.Sprintf("add an Audience mapper (oidc-audience-mapper) naming %q to client %q or to a scope it uses", cfg.Audiences[0], sample.Client),
				audienceFix(sample.Client, cfg.Audiences[0])})
		}
	}
	if len(cfg.AuthorizedParties) > 0 {
		azp, _ := sample.Claims["azp"].(string)
		if !slices.Contains(cfg.AuthorizedParties, azp) {
			out = append(out, Finding{SeverityError, "azp", fmt.Sprintf("%s have azp %q, but the proxy accepts only %v: they will be refused", who, azp, cfg.AuthorizedParties),
				fmt.Sprintf("add %q to authorized_parties, or test with one of the accepted clients", azp), nil})
		}
	}
	return out
}

// mapperFix is the client mapper that would add a missing claim, when one
// mapper of the client's own does it and no mapper for the claim exists yet:
// group membership, or a user attribute of the claim's name. Claims that a
// built-in client scope carries are fixed by assigning that scope (Fix says
// which), not by a copy of its mapper.
func (s TokenSample) mapperFix(path string) *MapperFix {
	if s.Client == "" {
		return nil
	}
	if _, ok := s.existingMapper(path); ok {
		return nil
	}
	m := MapperFor(path)
	if m.Scope != "" {
		return nil
	}
	tokens := map[string]string{"access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true"}
	with := func(extra map[string]string) map[string]string {
		for k, v := range tokens {
			extra[k] = v
		}
		return extra
	}
	switch m.Type {
	case "oidc-group-membership-mapper":
		// Group names, not paths: a header joins them with commas.
		return &MapperFix{Client: s.Client, Name: path, Type: m.Type, Config: with(map[string]string{"claim.name": path, "full.path": "false"})}
	case "oidc-usermodel-attribute-mapper":
		attr := path[strings.LastIndex(path, ".")+1:]
		return &MapperFix{Client: s.Client, Name: path, Type: m.Type, Config: with(map[string]string{
			"user.attribute": attr, "claim.name": path, "jsonType.label": "String",
		})}
	}
	return nil
}

// audienceFix adds aud to the client's access tokens.
func audienceFix(client, aud string) *MapperFix {
	if client == "" {
		return nil
	}
	return &MapperFix{Client: client, Name: "audience " + aud, Type: "oidc-audience-mapper", Config: map[string]string{
		"included.custom.audience": aud, "access.token.claim": "true", "id.token.claim": "false",
	}}
}

func fixFor(m Mapper, client string) string {
	switch {
	case m.Type == "":
		return m.Note
	case m.Scope != "":
		return fmt.Sprintf("add the %q client scope to client %q as a default scope (mapper type %s; %s)", m.Scope, client, m.Type, m.Note)
	}
	return fmt.Sprintf("add a protocol mapper of type %s to client %q: %s", m.Type, client, m.Note)
}

func anyIn(have, want []string) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}
