package keycloak

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// reachWalkBatch is the page size of each member or holder request.
const reachWalkBatch = 100

// reachSourceKind is what a pending step of the walk reads.
type reachSourceKind int

const (
	sourceUsers  reachSourceKind = iota // a list of users: a role's holders or a group's members
	sourceGroups                        // a list of groups: a role's groups or a group's children
	sourceGroup                         // one group: its members, then its subgroups
)

// reachSource is one pending step. Lists remember the offset they reached,
// so a walk resumed for the next page goes on from there.
type reachSource struct {
	kind  reachSourceKind
	path  string // sourceUsers, sourceGroups: the list's admin path
	first int    // sourceUsers, sourceGroups: the next offset to read
	// via says how the users of a sourceUsers or a sourceGroup came to be
	// in the list.
	via string
	// label is the via of each group a sourceGroups lists.
	label func(groupNodeRep) string
	group groupNodeRep // sourceGroup
}

// reachWalk yields the distinct holders of a set of roles in a fixed order:
// for each role its direct users, then its groups' members, each group
// followed by its subgroups. It is a stack of pending sources rather than a
// recursion, so that it can stop after any user and resume later.
type reachWalk struct {
	realm    string
	stack    []reachSource // the top is read next
	batch    []UserRef     // users read and not yet looked at
	batchVia string
	pending  []UserRef       // users handed back by unread, returned first
	seen     map[string]bool // user ids met so far
	groups   map[string]bool // group ids walked already
	read     int             // distinct users returned so far: the walk's offset
}

func newReachWalk(realm string, roles []reachedRole) *reachWalk {
	w := &reachWalk{realm: realm, seen: map[string]bool{}, groups: map[string]bool{}}
	for i := len(roles) - 1; i >= 0; i-- {
		n := roles[i].node
		roleVia := "role " + n.label()
		if roles[i].via != "" {
			roleVia = fmt.Sprintf("role %s (includes %s)", n.label(), roles[i].via)
		}
		w.push(reachSource{kind: sourceGroups, path: rolePath(realm, n.ClientUUID, n.Name, "groups"),
			label: func(g groupNodeRep) string { return fmt.Sprintf("group %s (%s)", g.Path, roleVia) }})
		w.push(reachSource{kind: sourceUsers, path: rolePath(realm, n.ClientUUID, n.Name, "users"), via: roleVia})
	}
	return w
}

func (w *reachWalk) push(s reachSource) { w.stack = append(w.stack, s) }

// next returns the next distinct user, or false when the walk is over.
func (w *reachWalk) next(ctx context.Context, c *Client, op string) (UserRef, bool, error) {
	if n := len(w.pending); n > 0 {
		u := w.pending[n-1]
		w.pending = w.pending[:n-1]
		w.read++
		return u, true, nil
	}
	for {
		for len(w.batch) > 0 {
			r := w.batch[0]
			w.batch = w.batch[1:]
			if w.seen[r.ID] {
				continue
			}
			w.seen[r.ID] = true
			w.read++
			r.Via = w.batchVia
			return r, true, nil
		}
		if len(w.stack) == 0 {
			return UserRef{}, false, nil
		}
		s := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		if err := w.expand(ctx, c, op, s); err != nil {
			return UserRef{}, false, err
		}
	}
}

// readBatch reads one batch of a source and, when it came back full, puts
// the rest of the source back on the stack.
func readBatch[T any](ctx context.Context, c *Client, op string, w *reachWalk, s reachSource) ([]T, error) {
	// raw: role holders, group members, a role's groups and a group's children
	// by path, one pager for all; gocloak cannot page a role's groups or a
	// group's children.
	reps, err := getJSON[[]T](ctx, c, op, s.path, briefQuery(s.first, reachWalkBatch))
	if err != nil {
		return nil, err
	}
	if len(reps) == reachWalkBatch {
		s.first += reachWalkBatch
		w.push(s) // the rest of the list, after this batch
	}
	return reps, nil
}

// expand reads one batch of a source, or opens one group.
func (w *reachWalk) expand(ctx context.Context, c *Client, op string, s reachSource) error {
	switch s.kind {
	case sourceUsers:
		reps, err := readBatch[userRep](ctx, c, op, w, s)
		if err != nil {
			return err
		}
		w.batch, w.batchVia = mapItems(reps, userRep.ref), s.via
	case sourceGroups:
		reps, err := readBatch[groupNodeRep](ctx, c, op, w, s)
		if err != nil {
			return err
		}
		for i := len(reps) - 1; i >= 0; i-- {
			w.push(reachSource{kind: sourceGroup, group: reps[i], via: s.label(reps[i])})
		}
	case sourceGroup:
		// A group reached twice (two roles, or a parent and a child both
		// holding roles) is walked once.
		if w.groups[s.group.ID] {
			return nil
		}
		w.groups[s.group.ID] = true
		via := s.via
		w.push(reachSource{kind: sourceGroups, path: adminPath("realms", w.realm, "groups", s.group.ID, "children"),
			label: func(child groupNodeRep) string {
				return fmt.Sprintf("group %s (inherits from %s)", child.Path, strings.TrimPrefix(via, "group "))
			}})
		w.push(reachSource{kind: sourceUsers, path: adminPath("realms", w.realm, "groups", s.group.ID, "members"), via: via})
	}
	return nil
}

// skip reads past the first n distinct users.
func (w *reachWalk) skip(ctx context.Context, c *Client, op string, n int) error {
	for w.read < n {
		if _, ok, err := w.next(ctx, c, op); err != nil || !ok {
			return err
		}
	}
	return nil
}

// unread hands a user back: the next call of next returns it again.
func (w *reachWalk) unread(u UserRef) {
	w.pending = append(w.pending, u)
	w.read--
}

// reachCursorLimit is how many unfinished walks a client keeps: enough for
// a few "who can reach" lists paged side by side.
const reachCursorLimit = 4

// reachCursors keeps unfinished walks between pages, keyed by realm and
// roles and found by the offset they reached. The zero value is ready.
type reachCursors struct {
	mu    sync.Mutex
	walks []reachCursor // oldest first
}

type reachCursor struct {
	key  string
	walk *reachWalk
}

func reachKey(realm string, roles []string) string {
	return realm + "\x00" + strings.Join(roles, "\x00")
}

// take removes and returns the walk of key that stopped at offset first.
// A first page always starts afresh, so reloading a list shows the realm as
// it is now.
func (r *reachCursors) take(key string, first int) *reachWalk {
	if first == 0 {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, cur := range r.walks {
		if cur.key == key && cur.walk.read == first {
			r.walks = append(r.walks[:i], r.walks[i+1:]...)
			return cur.walk
		}
	}
	return nil
}

// keep stores a walk for the next page, forgetting the oldest beyond the
// limit.
func (r *reachCursors) keep(key string, w *reachWalk) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.walks = append(r.walks, reachCursor{key: key, walk: w})
	if len(r.walks) > reachCursorLimit {
		r.walks = append([]reachCursor(nil), r.walks[len(r.walks)-reachCursorLimit:]...)
	}
}
