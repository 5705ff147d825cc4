package compare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// entity is one normalised thing of a realm or route file.
type entity struct {
	kind   Kind
	key    string
	parent string // parent entity's ID, or ""
	value  map[string]any
}

// snapshot is one side: every entity by ID.
type snapshot map[string]entity

func (s snapshot) add(k Kind, key, parent string, v map[string]any) {
	if v == nil {
		v = map[string]any{}
	}
	s[entityID(k, key)] = entity{kind: k, key: key, parent: parent, value: v}
}

// addWithMappers adds the entity m of kind under key, and each of its
// protocol mappers as an entity of mapperKind under it (key/mapper name), so
// a changed mapper is its own difference rather than a change of its owner.
func (s snapshot) addWithMappers(kind, mapperKind Kind, key string, m map[string]any) {
	for _, pm := range list(m["protocolMappers"]) {
		pmm := obj(pm)
		s.add(mapperKind, key+"/"+str(pmm["name"]), entityID(kind, key), pmm)
	}
	delete(m, "protocolMappers")
	s.add(kind, key, "", m)
}

// realmSettings are the realm fields compared and promoted as "settings":
// what an operator tunes per environment (lifespans, login options, password
// policy, brute-force detection, SMTP, themes, locales). The realm's name,
// display name, keys, flows and events are left out: they name or belong to
// the environment itself.
var realmSettings = []string{
	"enabled", "sslRequired",
	"accessTokenLifespan", "accessTokenLifespanForImplicitFlow", "accessCodeLifespan", "accessCodeLifespanUserAction",
	"accessCodeLifespanLogin", "actionTokenGeneratedByAdminLifespan", "actionTokenGeneratedByUserLifespan",
	"ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "ssoSessionIdleTimeoutRememberMe", "ssoSessionMaxLifespanRememberMe",
	"offlineSessionIdleTimeout", "offlineSessionMaxLifespanEnabled", "offlineSessionMaxLifespan",
	"clientSessionIdleTimeout", "clientSessionMaxLifespan", "clientOfflineSessionIdleTimeout", "clientOfflineSessionMaxLifespan",
	"oauth2DeviceCodeLifespan", "oauth2DevicePollingInterval", "revokeRefreshToken", "refreshTokenMaxReuse",
	"registrationAllowed", "registrationEmailAsUsername", "rememberMe", "verifyEmail", "loginWithEmailAllowed",
	"duplicateEmailsAllowed", "resetPasswordAllowed", "editUsernameAllowed",
	"passwordPolicy", "otpPolicyType", "otpPolicyAlgorithm", "otpPolicyDigits", "otpPolicyPeriod",
	"bruteForceProtected", "permanentLockout", "maxTemporaryLockouts", "bruteForceStrategy", "maxFailureWaitSeconds",
	"minimumQuickLoginWaitSeconds", "waitIncrementSeconds", "quickLoginCheckMilliSeconds", "maxDeltaTimeSeconds", "failureFactor",
	"smtpServer", "loginTheme", "accountTheme", "adminTheme", "emailTheme",
	"internationalizationEnabled", "supportedLocales", "defaultLocale", "defaultSignatureAlgorithm",
}

// realmSnapshot turns a partial export (keycloak.Client.ExportRealm) into
// entities. realm is the realm's name, replaced by realmPlaceholder.
func realmSnapshot(export []byte, realm string) (snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(export))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("read export of realm %q: %w", realm, err)
	}
	s := snapshot{}

	settings := map[string]any{}
	for _, k := range realmSettings {
		if v, ok := raw[k]; ok {
			settings[k] = v
		}
	}
	if smtp := obj(settings["smtpServer"]); smtp != nil {
		maskSecret(smtp, "password")
	}
	s.add(KindRealm, "settings", "", obj(normalise(settings, realm)))

	for _, ra := range list(raw["requiredActions"]) {
		m := obj(normalise(ra, realm))
		s.add(KindRequiredAction, str(m["alias"]), "", m)
	}

	for _, sc := range list(raw["clientScopes"]) {
		m := obj(normalise(sc, realm))
		s.addWithMappers(KindClientScope, KindClientScopeMapper, str(m["name"]), m)
	}

	flowAlias := map[string]string{}
	for _, f := range list(raw["authenticationFlows"]) {
		fm := obj(f)
		flowAlias[str(fm["id"])] = str(fm["alias"])
	}
	for _, c := range list(raw["clients"]) {
		cm := obj(c)
		// Flow overrides name flows by generated id; compare their aliases.
		if ov := obj(cm["authenticationFlowBindingOverrides"]); ov != nil {
			for k, id := range ov {
				ov[k] = flowAlias[str(id)]
			}
		}
		maskSecret(cm, "secret")
		m := obj(normalise(cm, realm))
		s.addWithMappers(KindClient, KindClientMapper, str(m["clientId"]), m)
	}

	roles := obj(raw["roles"])
	for _, r := range list(roles["realm"]) {
		m := roleValue(r, realm)
		s.add(KindRealmRole, str(m["name"]), "", m)
	}
	clientRoles := obj(roles["client"])
	for clientID, rs := range clientRoles {
		for _, r := range list(rs) {
			m := roleValue(r, realm)
			s.add(KindClientRole, clientID+"/"+str(m["name"]), entityID(KindClient, clientID), m)
		}
	}

	var walk func(groups []any, parent string)
	walk = func(groups []any, parent string) {
		for _, g := range groups {
			gm := obj(g)
			subs := list(gm["subGroups"])
			m := obj(normalise(gm, realm))
			delete(m, "subGroups")
			path := str(m["path"])
			s.add(KindGroup, path, parent, m)
			walk(subs, entityID(KindGroup, path))
		}
	}
	walk(list(raw["groups"]), "")

	for _, idp := range list(raw["identityProviders"]) {
		im := obj(idp)
		maskSecret(obj(im["config"]), "clientSecret")
		m := obj(normalise(im, realm))
		s.add(KindIdentityProvider, str(m["alias"]), "", m)
	}
	return s, nil
}

// roleValue is a role without the derived "composite" flag and
// "clientRole" flag (its kind says that).
func roleValue(r any, realm string) map[string]any {
	m := obj(normalise(r, realm))
	delete(m, "composite")
	delete(m, "clientRole")
	return m
}

// sortedIDs returns the union of both snapshots' IDs in result order.
func sortedIDs(a, b snapshot) []string {
	seen := map[string]bool{}
	var ids []string
	for _, s := range []snapshot{a, b} {
		for id := range s {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	order := map[Kind]int{}
	for i, k := range Kinds {
		order[k] = i
	}
	kindOf := func(id string) Kind { return Kind(id[:strings.IndexByte(id, ':')]) }
	sort.Slice(ids, func(i, j int) bool {
		ki, kj := order[kindOf(ids[i])], order[kindOf(ids[j])]
		if ki != kj {
			return ki < kj
		}
		return ids[i] < ids[j]
	})
	return ids
}
