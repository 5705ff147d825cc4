package compare

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/tandemhq/tandem/backend/routes"
)

type phasedStep struct {
	phase int
	Step
}

// ref is the placeholder for the target's id of an entity, resolved when
// the call is sent: {client:web}, {clientRole:web:admin}. Names are
// query-escaped so a ':' or '/' inside one cannot be misread.
func ref(kind string, names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = url.QueryEscape(n)
	}
	return "{" + kind + ":" + strings.Join(parts, ":") + "}"
}

// seg escapes one literal path segment.
func seg(s string) string { return url.PathEscape(s) }

// split2 splits a child key "parent/name" at its last '/'; a parent's own
// name may hold a '/' (client ids can be URLs), role and mapper names
// rarely do.
func split2(key string) (string, string) {
	i := strings.LastIndexByte(key, '/')
	return key[:i], key[i+1:]
}

// stepsFor turns one difference into the steps that make the target like
// the source, for target realm realm.
func stepsFor(d Difference, realm string) ([]phasedStep, error) {
	src, dst := decodeValue(d.From), decodeValue(d.To)
	if src != nil {
		src = obj(unplaceRealm(src, realm))
	}
	if dst != nil {
		dst = obj(unplaceRealm(dst, realm))
	}
	p := "/realms/" + seg(realm)
	step := func(phase int, calls ...Call) phasedStep {
		return phasedStep{phase: phase, Step: Step{DiffRef: d.Ref(), Calls: calls}}
	}
	one := func(phase int, calls ...Call) []phasedStep { return []phasedStep{step(phase, calls...)} }
	name := unplaceName(d.Key, realm)

	switch d.Kind {
	case KindRealm:
		body := map[string]any{}
		for _, f := range d.Fields {
			body[f] = valueOrZero(src, dst, f)
		}
		if smtp := obj(body["smtpServer"]); smtp != nil {
			unmaskSecret(smtp, "password")
		}
		return one(phaseRealm, Call{http.MethodPut, p, body, "update realm settings: " + strings.Join(d.Fields, ", ")}), nil

	case KindRequiredAction:
		path := p + "/authentication/required-actions/" + seg(name)
		switch d.Change {
		case Added:
			return one(phaseRealm,
				Call{http.MethodPost, p + "/authentication/register-required-action", map[string]any{"providerId": src["providerId"], "name": src["name"]}, fmt.Sprintf("register required action %q", name)},
				Call{http.MethodPut, path, src, fmt.Sprintf("configure required action %q", name)}), nil
		case Removed:
			return one(phaseRemovals, Call{http.MethodDelete, path, nil, fmt.Sprintf("remove required action %q", name)}), nil
		}
		return one(phaseRealm, Call{http.MethodPut, path, filled(src, dst, d.Fields), fmt.Sprintf("update required action %q: %s", name, strings.Join(d.Fields, ", "))}), nil

	case KindClientScope:
		path := p + "/client-scopes/" + ref("clientScope", name)
		switch d.Change {
		case Added:
			return one(phaseScopes, Call{http.MethodPost, p + "/client-scopes", src, fmt.Sprintf("create client scope %q", name)}), nil
		case Removed:
			return one(phaseRemovals, Call{http.MethodDelete, path, nil, fmt.Sprintf("delete client scope %q", name)}), nil
		}
		return one(phaseScopes, Call{http.MethodPut, path, filled(src, dst, d.Fields), fmt.Sprintf("update client scope %q: %s", name, strings.Join(d.Fields, ", "))}), nil

	case KindClientScopeMapper, KindClientMapper:
		owner, mapper := split2(name)
		base, ownerRef, what, phase := p+"/client-scopes/", ref("clientScope", owner), "client scope", phaseScopeMappers
		mapperRef := ref("clientScopeMapper", owner, mapper)
		if d.Kind == KindClientMapper {
			base, ownerRef, what, phase = p+"/clients/", ref("client", owner), "client", phaseClientMappers
			mapperRef = ref("clientMapper", owner, mapper)
		}
		models := base + ownerRef + "/protocol-mappers/models"
		switch d.Change {
		case Added:
			return one(phase, Call{http.MethodPost, models, src, fmt.Sprintf("add mapper %q to %s %q", mapper, what, owner)}), nil
		case Removed:
			return one(phaseRemovals, Call{http.MethodDelete, models + "/" + mapperRef, nil, fmt.Sprintf("delete mapper %q of %s %q", mapper, what, owner)}), nil
		}
		body := filled(src, dst, d.Fields)
		body["id"] = mapperRef // Keycloak's mapper PUT wants its id in the body too
		return one(phase, Call{http.MethodPut, models + "/" + mapperRef, body, fmt.Sprintf("update mapper %q of %s %q: %s", mapper, what, owner, strings.Join(d.Fields, ", "))}), nil

	case KindClient:
		return clientSteps(d, src, dst, p, name, step), nil

	case KindRealmRole, KindClientRole:
		return roleSteps(d, src, dst, p, name, step), nil

	case KindGroup:
		return groupSteps(d, src, dst, p, name, step), nil

	case KindIdentityProvider:
		path := p + "/identity-provider/instances/" + seg(name)
		switch d.Change {
		case Added:
			body := copyMap(src)
			// The source's secret never leaves Keycloak: set it in the target.
			if cfg := obj(body["config"]); cfg != nil {
				delete(cfg, "clientSecret")
			}
			return one(phaseRealm, Call{http.MethodPost, p + "/identity-provider/instances", body, fmt.Sprintf("create identity provider %q (without its client secret)", name)}), nil
		case Removed:
			return one(phaseRemovals, Call{http.MethodDelete, path, nil, fmt.Sprintf("delete identity provider %q", name)}), nil
		}
		body := filled(src, dst, d.Fields)
		if cfg := obj(body["config"]); cfg != nil {
			unmaskSecret(cfg, "clientSecret")
		}
		return one(phaseRealm, Call{http.MethodPut, path, body, fmt.Sprintf("update identity provider %q: %s", name, strings.Join(d.Fields, ", "))}), nil

	case KindRoute, KindRouteSettings:
		edit := &RouteEdit{}
		if d.Kind == KindRouteSettings {
			var rf RouteFields
			if err := json.Unmarshal(d.From, &rf); err != nil && len(d.From) > 0 {
				return nil, fmt.Errorf("plan: route settings: %w", err)
			}
			edit.Settings = &rf
		} else {
			edit.Name = d.Key
			if d.Change != Removed {
				var r routes.Route
				if err := json.Unmarshal(d.From, &r); err != nil {
					return nil, fmt.Errorf("plan: route %q: %w", d.Key, err)
				}
				edit.Route = &r
			}
		}
		s := step(phaseRoutes)
		s.Routes = edit
		return []phasedStep{s}, nil
	}
	return nil, fmt.Errorf("plan: %s differences cannot be promoted", d.Kind)
}

func clientSteps(d Difference, src, dst map[string]any, p, clientID string, step func(int, ...Call) phasedStep) []phasedStep {
	path := p + "/clients/" + ref("client", clientID)
	switch d.Change {
	case Added:
		body := copyMap(src)
		// Keycloak generates a new secret for a confidential client; the
		// source's never leaves it.
		delete(body, "secret")
		flowRefs(body)
		return []phasedStep{step(phaseClients, Call{http.MethodPost, p + "/clients", body, fmt.Sprintf("create client %q (Keycloak generates its secret)", clientID)})}
	case Removed:
		return []phasedStep{step(phaseRemovals, Call{http.MethodDelete, path, nil, fmt.Sprintf("delete client %q", clientID)})}
	}
	var calls []Call
	var settings []string
	for _, f := range d.Fields {
		if f != "secret" && f != "defaultClientScopes" && f != "optionalClientScopes" {
			settings = append(settings, f)
		}
	}
	if len(settings) > 0 {
		body := filled(src, dst, settings)
		delete(body, "secret")
		delete(body, "defaultClientScopes")
		delete(body, "optionalClientScopes")
		flowRefs(body)
		// Keycloak keeps a client attribute that an update leaves out and
		// removes one sent empty.
		if attrs := obj(body["attributes"]); attrs != nil {
			for k := range obj(dst["attributes"]) {
				if _, ok := attrs[k]; !ok {
					attrs[k] = ""
				}
			}
		}
		calls = append(calls, Call{http.MethodPut, path, body, fmt.Sprintf("update client %q: %s", clientID, strings.Join(settings, ", "))})
	}
	for _, kind := range []string{"default", "optional"} {
		field := kind + "ClientScopes"
		add, remove := setDiff(strList(src[field]), strList(dst[field]))
		for _, s := range add {
			calls = append(calls, Call{http.MethodPut, path + "/" + kind + "-client-scopes/" + ref("clientScope", s), nil, fmt.Sprintf("add %s scope %q to client %q", kind, s, clientID)})
		}
		for _, s := range remove {
			calls = append(calls, Call{http.MethodDelete, path + "/" + kind + "-client-scopes/" + ref("clientScope", s), nil, fmt.Sprintf("remove %s scope %q from client %q", kind, s, clientID)})
		}
	}
	// A secret that is set on one side only is a client-type change,
	// carried by the settings above; its value is never copied.
	return []phasedStep{step(phaseClients, calls...)}
}

// flowRefs turns a client's flow overrides (compared by flow alias) back
// into references to the target's flow ids.
func flowRefs(body map[string]any) {
	if ov := obj(body["authenticationFlowBindingOverrides"]); ov != nil {
		for k, alias := range ov {
			ov[k] = ref("flow", str(alias))
		}
	}
}

func roleSteps(d Difference, src, dst map[string]any, p, key string, step func(int, ...Call) phasedStep) []phasedStep {
	roles, role, what := p+"/roles", key, fmt.Sprintf("realm role %q", key)
	if d.Kind == KindClientRole {
		client, name := split2(key)
		roles, role, what = p+"/clients/"+ref("client", client)+"/roles", name, fmt.Sprintf("role %q of client %q", name, client)
	}
	path := roles + "/" + seg(role)
	if d.Change == Removed {
		return []phasedStep{step(phaseRemovals, Call{http.MethodDelete, path, nil, "delete " + what})}
	}
	body := map[string]any{"name": role, "description": src["description"], "attributes": src["attributes"]}
	if body["description"] == nil {
		body["description"] = ""
	}
	if body["attributes"] == nil {
		body["attributes"] = map[string]any{}
	}
	var first []Call
	if d.Change == Added {
		first = append(first, Call{http.MethodPost, roles, body, "create " + what})
	} else if containsAny(d.Fields, "name", "description", "attributes") {
		first = append(first, Call{http.MethodPut, path, body, "update " + what})
	}
	add, remove := compositeDiff(obj(src["composites"]), obj(dst["composites"]))
	var second []Call
	if len(add) > 0 {
		second = append(second, Call{http.MethodPost, path + "/composites", add, fmt.Sprintf("add %d composite role(s) to %s", len(add), what)})
	}
	if len(remove) > 0 {
		second = append(second, Call{http.MethodDelete, path + "/composites", remove, fmt.Sprintf("remove %d composite role(s) from %s", len(remove), what)})
	}
	var out []phasedStep
	if len(first) > 0 {
		out = append(out, step(phaseRoles, first...))
	}
	if len(second) > 0 {
		out = append(out, step(phaseComposites, second...))
	}
	return out
}

func groupSteps(d Difference, src, dst map[string]any, p, path string, step func(int, ...Call) phasedStep) []phasedStep {
	gpath := p + "/groups/" + ref("group", path)
	what := fmt.Sprintf("group %q", path)
	if d.Change == Removed {
		return []phasedStep{step(phaseRemovals, Call{http.MethodDelete, gpath, nil, "delete " + what})}
	}
	body := map[string]any{"name": src["name"], "attributes": src["attributes"]}
	if body["attributes"] == nil {
		body["attributes"] = map[string]any{}
	}
	var calls []Call
	if d.Change == Added {
		parent := path[:strings.LastIndexByte(path, '/')]
		create := p + "/groups"
		if parent != "" {
			create = p + "/groups/" + ref("group", parent) + "/children"
		}
		calls = append(calls, Call{http.MethodPost, create, body, "create " + what})
	} else if containsAny(d.Fields, "name", "attributes") {
		calls = append(calls, Call{http.MethodPut, gpath, body, "update " + what})
	}
	addR, remR := setDiff(strList(src["realmRoles"]), strList(dst["realmRoles"]))
	if len(addR) > 0 {
		calls = append(calls, Call{http.MethodPost, gpath + "/role-mappings/realm", roleRefs("", addR), fmt.Sprintf("grant realm roles %s to %s", strings.Join(addR, ", "), what)})
	}
	if len(remR) > 0 {
		calls = append(calls, Call{http.MethodDelete, gpath + "/role-mappings/realm", roleRefs("", remR), fmt.Sprintf("revoke realm roles %s from %s", strings.Join(remR, ", "), what)})
	}
	srcC, dstC := obj(src["clientRoles"]), obj(dst["clientRoles"])
	for _, client := range unionKeys(srcC, dstC) {
		add, rem := setDiff(strList(srcC[client]), strList(dstC[client]))
		mp := gpath + "/role-mappings/clients/" + ref("client", client)
		if len(add) > 0 {
			calls = append(calls, Call{http.MethodPost, mp, roleRefs(client, add), fmt.Sprintf("grant roles %s of client %q to %s", strings.Join(add, ", "), client, what)})
		}
		if len(rem) > 0 {
			calls = append(calls, Call{http.MethodDelete, mp, roleRefs(client, rem), fmt.Sprintf("revoke roles %s of client %q from %s", strings.Join(rem, ", "), client, what)})
		}
	}
	return []phasedStep{step(phaseGroups, calls...)}
}

// roleRefs are role representations naming roles by name and by the
// target's id (Keycloak reads one or the other depending on the endpoint).
func roleRefs(client string, names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		id := ref("realmRole", n)
		if client != "" {
			id = ref("clientRole", client, n)
		}
		out[i] = map[string]any{"id": id, "name": n}
	}
	return out
}

// compositeDiff compares two roles' composites ({"realm": [names],
// "client": {clientId: [names]}}) as role references to add and remove.
func compositeDiff(src, dst map[string]any) (add, remove []any) {
	a, r := setDiff(strList(src["realm"]), strList(dst["realm"]))
	add, remove = roleRefs("", a), roleRefs("", r)
	sc, dc := obj(src["client"]), obj(dst["client"])
	for _, client := range unionKeys(sc, dc) {
		a, r := setDiff(strList(sc[client]), strList(dc[client]))
		add = append(add, roleRefs(client, a)...)
		remove = append(remove, roleRefs(client, r)...)
	}
	return add, remove
}

// filled is src's value with every differing field that src lacks set to
// the empty value of its type on the target, so a PUT clears it rather than
// leaving the target's value in place.
func filled(src, dst map[string]any, fields []string) map[string]any {
	body := copyMap(src)
	for _, f := range fields {
		if _, ok := body[f]; !ok {
			body[f] = zeroOf(dst[f])
		}
	}
	return body
}

func valueOrZero(src, dst map[string]any, f string) any {
	if v, ok := src[f]; ok {
		return v
	}
	return zeroOf(dst[f])
}

func zeroOf(v any) any {
	switch v.(type) {
	case []any:
		return []any{}
	case map[string]any:
		return map[string]any{}
	case string:
		return ""
	case bool:
		return false
	case json.Number:
		return 0
	}
	return nil
}

// unmaskSecret turns a compared secret back into what Keycloak reads on an
// update: its mask keeps the stored secret; unset removes the field.
func unmaskSecret(m map[string]any, key string) {
	switch m[key] {
	case secretSet:
		m[key] = "**********"
	case secretUnset:
		delete(m, key)
	}
}

func unplaceName(key, realm string) string { return strings.ReplaceAll(key, realmPlaceholder, realm) }

func decodeValue(raw json.RawMessage) map[string]any {
	if len(raw) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var m map[string]any
	_ = dec.Decode(&m)
	return m
}

func copyMap(m map[string]any) map[string]any {
	out, _ := toAnyNumber(m).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

// toAnyNumber deep-copies a decoded value.
func toAnyNumber(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = toAnyNumber(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = toAnyNumber(e)
		}
		return out
	}
	return v
}

func strList(v any) []string {
	var out []string
	for _, e := range list(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// setDiff returns what a has and b lacks, and what b has and a lacks, sorted.
func setDiff(a, b []string) (onlyA, onlyB []string) {
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, s := range a {
		inA[s] = true
	}
	for _, s := range b {
		inB[s] = true
	}
	for s := range inA {
		if !inB[s] {
			onlyA = append(onlyA, s)
		}
	}
	for s := range inB {
		if !inA[s] {
			onlyB = append(onlyB, s)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return onlyA, onlyB
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func containsAny(fields []string, names ...string) bool {
	for _, f := range fields {
		for _, n := range names {
			if f == n {
				return true
			}
		}
	}
	return false
}
