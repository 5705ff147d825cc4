// Package compare tells how two environments differ — two realms, each read
// through its own Keycloak admin client, and two profiles' routes — and
// promotes chosen differences from one to the other.
//
// Entities are matched by natural keys (client id, role name, group path,
// scope name, alias, route name), never by generated ids. Values are
// normalised before comparing: ids, timestamps and secrets are taken out (a
// secret is only "set" or "unset"), the realm's own name inside built-in
// values is replaced by "{realm}", and empty lists and maps count as absent,
// so two realms imported from the same file compare equal.
package compare

import "encoding/json"

// Kind is what sort of entity a difference is about.
type Kind string

// The kinds, in the order a result lists them.
const (
	KindRealm             Kind = "realm"             // realm settings (one entity, key "settings")
	KindRequiredAction    Kind = "requiredAction"    // key: alias
	KindClientScope       Kind = "clientScope"       // key: scope name
	KindClientScopeMapper Kind = "clientScopeMapper" // key: scope name / mapper name
	KindClient            Kind = "client"            // key: client id
	KindClientMapper      Kind = "clientMapper"      // key: client id / mapper name
	KindRealmRole         Kind = "realmRole"         // key: role name
	KindClientRole        Kind = "clientRole"        // key: client id / role name
	KindGroup             Kind = "group"             // key: group path
	KindIdentityProvider  Kind = "identityProvider"  // key: alias
	KindRouteSettings     Kind = "routeSettings"     // the route file's shared settings (key "settings")
	KindRoute             Kind = "route"             // key: route name
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindRealm, KindRequiredAction, KindClientScope, KindClientScopeMapper, KindClient, KindClientMapper,
	KindRealmRole, KindClientRole, KindGroup, KindIdentityProvider, KindRouteSettings, KindRoute}

// Change says how an entity differs, seen from the source ("from") side:
// added exists only in the source, removed only in the target, changed in
// both with different values. Promoting makes the target like the source.
type Change string

const (
	Added   Change = "added"
	Removed Change = "removed"
	Changed Change = "changed"
)

// Difference is one entity that differs. From and To are its normalised
// values on the source and target side (absent on the side that lacks it).
type Difference struct {
	// ID is kind + ":" + key, stable across runs: promote selects by it.
	ID     string `json:"id"`
	Kind   Kind   `json:"kind"`
	Key    string `json:"key"`
	Change Change `json:"change"`
	// Parent is the ID of the entity this one belongs to (a mapper's client
	// or scope, a client role's client, a subgroup's parent group), or "".
	Parent string `json:"parent,omitempty"`
	// Fields are the top-level fields whose values differ (changed only).
	Fields []string        `json:"fields,omitempty"`
	From   json.RawMessage `json:"from,omitempty"`
	To     json.RawMessage `json:"to,omitempty"`
}

// Counts is how many entities of one kind differ, by change.
type Counts struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
	Changed int `json:"changed"`
}

// Side names one side of a comparison.
type Side struct {
	Profile string `json:"profile,omitempty"`
	Realm   string `json:"realm"`
}

// Result is a comparison: every difference, ordered by kind (in Kinds order)
// then key, and a count per kind that has any.
type Result struct {
	From        Side            `json:"from"`
	To          Side            `json:"to"`
	InSync      bool            `json:"inSync"`
	Counts      map[Kind]Counts `json:"counts"`
	Differences []Difference    `json:"differences"`
}

func entityID(k Kind, key string) string { return string(k) + ":" + key }
