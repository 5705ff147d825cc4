package keycloak

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/Nerzal/gocloak/v13"
)

// fakeRealm is an in-memory realm behind the admin endpoints that
// UsersWithAnyRole reads: roles with composites, clients, groups with
// subgroups and members, users. It records every request.
type fakeRealm struct {
	t       *testing.T
	roles   []fakeRole
	clients []fakeClientApp
	users   map[string]userRep
	groups  map[string]*fakeGroup
	top     []string // top-level group ids

	mu       sync.Mutex
	requests []string
}

type fakeRole struct {
	id, name, clientUUID string
	composites           []string // ids
	users                []string // ids of direct holders
	groups               []string // ids of groups holding it
}

type fakeClientApp struct {
	id, clientID   string
	serviceAccount bool
}

type fakeGroup struct {
	id, name, path string
	members        []string
	children       []string
}

func newFakeRealm(t *testing.T) *fakeRealm {
	return &fakeRealm{t: t, users: map[string]userRep{}, groups: map[string]*fakeGroup{}}
}

func (f *fakeRealm) user(id, username string, enabled bool) {
	f.users[id] = userRep{ID: gocloak.StringP(id), Username: gocloak.StringP(username), Enabled: gocloak.BoolP(enabled)}
}

// holders gives role n enabled users who hold it directly.
func (f *fakeRealm) holders(role *fakeRole, n int) {
	for i := range n {
		id := fmt.Sprintf("u-%04d", i)
		f.user(id, fmt.Sprintf("user%04d", i), true)
		role.users = append(role.users, id)
	}
}

func (f *fakeRealm) role(id, name, clientUUID string, composites ...string) *fakeRole {
	f.roles = append(f.roles, fakeRole{id: id, name: name, clientUUID: clientUUID, composites: composites})
	return &f.roles[len(f.roles)-1]
}

func (f *fakeRealm) findRole(id string) *fakeRole {
	for i := range f.roles {
		if f.roles[i].id == id {
			return &f.roles[i]
		}
	}
	f.t.Fatalf("no role %s", id)
	return nil
}

func (f *fakeRealm) group(id, parentID, name string, members ...string) {
	path := "/" + name
	if parentID != "" {
		p := f.groups[parentID]
		path = p.path + "/" + name
		p.children = append(p.children, id)
	} else {
		f.top = append(f.top, id)
	}
	f.groups[id] = &fakeGroup{id: id, name: name, path: path, members: members}
}

func (f *fakeRealm) requestsMatching(part string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		if strings.Contains(r, part) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeRealm) rep(r fakeRole) roleDetailRep {
	rep := roleDetailRep{ID: r.id, Name: r.name, Composite: len(r.composites) > 0, ClientRole: r.clientUUID != "", ContainerID: r.clientUUID}
	if r.clientUUID == "" {
		rep.ContainerID = "realm-id"
	}
	return rep
}

func (f *fakeRealm) groupRep(id string) groupNodeRep {
	g := f.groups[id]
	return groupNodeRep{ID: g.id, Name: g.name, Path: g.path, SubGroupCount: len(g.children)}
}

// paged applies Keycloak's first/max to a list.
func paged[T any](r *http.Request, items []T) []T {
	first, _ := strconv.Atoi(r.URL.Query().Get("first"))
	max, err := strconv.Atoi(r.URL.Query().Get("max"))
	if err != nil {
		max = 100
	}
	if first > len(items) {
		first = len(items)
	}
	end := first + max
	if end > len(items) {
		end = len(items)
	}
	return append([]T{}, items[first:end]...)
}

func (f *fakeRealm) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.URL.Path+"?"+r.URL.RawQuery)
	f.mu.Unlock()
	rest, ok := strings.CutPrefix(r.URL.Path, "/admin/realms/r/")
	if !ok || r.Method != http.MethodGet {
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	seg := strings.Split(rest, "/")
	users := func(ids []string) []userRep {
		out := make([]userRep, 0, len(ids))
		for _, id := range ids {
			out = append(out, f.users[id])
		}
		return out
	}
	groups := func(ids []string) []groupNodeRep {
		out := make([]groupNodeRep, 0, len(ids))
		for _, id := range ids {
			out = append(out, f.groupRep(id))
		}
		return out
	}
	roleIn := func(clientUUID, name string) *fakeRole {
		for i := range f.roles {
			if f.roles[i].clientUUID == clientUUID && f.roles[i].name == name {
				return &f.roles[i]
			}
		}
		return nil
	}
	holders := func(role *fakeRole, what string) {
		if role == nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"errorMessage": "Could not find role"})
			return
		}
		if what == "users" {
			writeJSON(w, http.StatusOK, paged(r, users(role.users)))
		} else {
			writeJSON(w, http.StatusOK, paged(r, groups(role.groups)))
		}
	}

	switch {
	case len(seg) == 1 && seg[0] == "roles":
		var reps []roleDetailRep
		for _, ro := range f.roles {
			if ro.clientUUID == "" {
				reps = append(reps, f.rep(ro))
			}
		}
		writeJSON(w, http.StatusOK, paged(r, reps))
	case len(seg) == 3 && seg[0] == "roles":
		holders(roleIn("", seg[1]), seg[2])
	case len(seg) == 1 && seg[0] == "clients":
		type clientRep struct {
			ID                     string `json:"id"`
			ClientID               string `json:"clientId"`
			ServiceAccountsEnabled bool   `json:"serviceAccountsEnabled"`
		}
		var reps []clientRep
		want := strings.ToLower(r.URL.Query().Get("clientId"))
		for _, c := range f.clients {
			if want == "" || strings.Contains(strings.ToLower(c.clientID), want) {
				reps = append(reps, clientRep{c.id, c.clientID, c.serviceAccount})
			}
		}
		writeJSON(w, http.StatusOK, paged(r, reps))
	case len(seg) == 3 && seg[0] == "clients" && seg[2] == "roles":
		var reps []roleDetailRep
		for _, ro := range f.roles {
			if ro.clientUUID == seg[1] {
				reps = append(reps, f.rep(ro))
			}
		}
		writeJSON(w, http.StatusOK, paged(r, reps))
	case len(seg) == 5 && seg[0] == "clients" && seg[2] == "roles":
		holders(roleIn(seg[1], seg[3]), seg[4])
	case len(seg) == 3 && seg[0] == "roles-by-id" && seg[2] == "composites":
		var reps []roleDetailRep
		for _, id := range f.findRole(seg[1]).composites {
			reps = append(reps, f.rep(*f.findRole(id)))
		}
		writeJSON(w, http.StatusOK, reps)
	case len(seg) == 3 && seg[0] == "groups" && seg[2] == "members":
		writeJSON(w, http.StatusOK, paged(r, users(f.groups[seg[1]].members)))
	case len(seg) == 3 && seg[0] == "groups" && seg[2] == "children":
		writeJSON(w, http.StatusOK, paged(r, groups(f.groups[seg[1]].children)))
	default:
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	}
}
