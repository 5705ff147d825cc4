package compare

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Admin sends one admin call (keycloak.Client.AdminCall). A read-only
// profile's client refuses every write in its one request path, which is
// what keeps a promotion out of a read-only target.
type Admin interface {
	AdminCall(ctx context.Context, method, path string, body any) (json.RawMessage, error)
}

// resolver finds the target's ids for {kind:name} references.
type resolver struct {
	kc    Admin
	realm string
	ids   map[string]string // reference → id, found ones only
}

// path resolves each {kind:name} segment of p.
func (r *resolver) path(ctx context.Context, p string) (string, error) {
	q := ""
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p, q = p[:i], p[i:]
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if isRef(s) {
			id, err := r.id(ctx, s)
			if err != nil {
				return "", err
			}
			segs[i] = url.PathEscape(id)
		}
	}
	return strings.Join(segs, "/") + q, nil
}

// body resolves references where a body carries ids: "id" fields and a
// client's flow overrides.
func (r *resolver) body(ctx context.Context, v any) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if s, ok := e.(string); ok && k == "id" && isRef(s) {
				id, err := r.id(ctx, s)
				if err != nil {
					return nil, err
				}
				out[k] = id
				continue
			}
			if k == "authenticationFlowBindingOverrides" {
				ov := map[string]any{}
				for fk, fv := range obj(e) {
					id, err := r.id(ctx, str(fv))
					if err != nil {
						return nil, err
					}
					ov[fk] = id
				}
				out[k] = ov
				continue
			}
			n, err := r.body(ctx, e)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			n, err := r.body(ctx, e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	}
	return v, nil
}

func isRef(s string) bool {
	return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && strings.IndexByte(s, ':') > 0
}

// id looks up the target's id of a reference by name.
func (r *resolver) id(ctx context.Context, ref string) (string, error) {
	if id, ok := r.ids[ref]; ok {
		return id, nil
	}
	kind, rest, _ := strings.Cut(ref[1:len(ref)-1], ":")
	var names []string
	for _, n := range strings.Split(rest, ":") {
		u, err := url.QueryUnescape(n)
		if err != nil {
			return "", fmt.Errorf("reference %s: %w", ref, err)
		}
		names = append(names, u)
	}
	p := "/realms/" + url.PathEscape(r.realm)
	var id string
	var err error
	switch {
	case kind == "client" && len(names) == 1:
		id, err = r.find(ctx, p+"/clients?clientId="+url.QueryEscape(names[0]), "clientId", names[0])
	case kind == "clientScope" && len(names) == 1:
		id, err = r.find(ctx, p+"/client-scopes", "name", names[0])
	case kind == "flow" && len(names) == 1:
		id, err = r.find(ctx, p+"/authentication/flows", "alias", names[0])
	case kind == "realmRole" && len(names) == 1:
		id, err = r.get(ctx, p+"/roles/"+url.PathEscape(names[0]))
	case kind == "group" && len(names) == 1:
		id, err = r.get(ctx, p+"/group-by-path"+escapePath(names[0]))
	case kind == "clientRole" && len(names) == 2:
		var client string
		if client, err = r.id(ctx, refOf("client", names[0])); err == nil {
			id, err = r.get(ctx, p+"/clients/"+url.PathEscape(client)+"/roles/"+url.PathEscape(names[1]))
		}
	case (kind == "clientMapper" || kind == "clientScopeMapper") && len(names) == 2:
		owner, base := refOf("client", names[0]), "/clients/"
		if kind == "clientScopeMapper" {
			owner, base = refOf("clientScope", names[0]), "/client-scopes/"
		}
		var oid string
		if oid, err = r.id(ctx, owner); err == nil {
			id, err = r.find(ctx, p+base+url.PathEscape(oid)+"/protocol-mappers/models", "name", names[1])
		}
	default:
		return "", fmt.Errorf("unknown reference %s", ref)
	}
	if err != nil {
		return "", fmt.Errorf("find %s in the target: %w", ref, err)
	}
	r.ids[ref] = id
	return id, nil
}

func refOf(kind, name string) string { return ref(kind, name) }

// escapePath escapes each segment of a group path ("/a/b c" → "/a/b%20c").
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// errMissing is a reference the target does not have.
type errMissing struct{ what string }

func (e errMissing) Error() string { return e.what + " does not exist in the target" }

// get reads one representation and returns its id.
func (r *resolver) get(ctx context.Context, path string) (string, error) {
	raw, err := r.kc.AdminCall(ctx, http.MethodGet, path, nil)
	if err != nil {
		return "", err
	}
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.ID == "" {
		return "", errMissing{path}
	}
	return v.ID, nil
}

// find reads a list and returns the id of the item whose field is name.
func (r *resolver) find(ctx context.Context, path, field, name string) (string, error) {
	raw, err := r.kc.AdminCall(ctx, http.MethodGet, path, nil)
	if err != nil {
		return "", err
	}
	var items []map[string]any
	if err := json.Unmarshal(raw, &items); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	for _, it := range items {
		if it[field] == name {
			return str(it["id"]), nil
		}
	}
	return "", errMissing{fmt.Sprintf("%s %q", field, name)}
}
