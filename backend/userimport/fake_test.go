package userimport

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// fakeDirectory is an in-memory realm with the Keycloak semantics the
// importer relies on.
type fakeDirectory struct {
	mu     sync.Mutex
	users  map[string]*fakeUser // by lower-case username
	groups map[string]string    // path → id
	roles  []string
	writes int
	nextID int
	// beforeCreate, when set, runs at the start of CreateUserWith.
	beforeCreate func(username string)
	// fail makes every write for these usernames fail.
	fail map[string]bool
	// beforeImport, when set, runs at the start of ImportUsers with the
	// batch's size.
	beforeImport func(n int)
	imports      int // partial imports asked for
	reads        int // email lookups
	// passwordPolicy is the realm's password policy string.
	passwordPolicy string
}

type fakeUser struct {
	keycloak.User
	groups   []string // ids
	roles    []string
	password string
}

func newFakeDirectory() *fakeDirectory {
	return &fakeDirectory{
		users:  map[string]*fakeUser{},
		groups: map[string]string{"/staff": "g-staff", "/staff/berlin": "g-berlin"},
		roles:  []string{"admin", "user"},
		fail:   map[string]bool{},
	}
}

func (f *fakeDirectory) add(u keycloak.User) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	u.ID = fmt.Sprintf("id-%d", f.nextID)
	f.users[strings.ToLower(u.Username)] = &fakeUser{User: u}
}

func (f *fakeDirectory) user(name string) (*fakeUser, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u, ok := f.users[strings.ToLower(name)]
	return u, ok
}

func (f *fakeDirectory) byID(id string) *fakeUser {
	for _, u := range f.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func notFound(what string) error {
	return &keycloak.Error{Op: "find " + what, Status: 404, Err: keycloak.ErrNotFound}
}

func (f *fakeDirectory) FindUserByUsername(ctx context.Context, realm, username string) (keycloak.User, error) {
	if u, ok := f.user(username); ok {
		return u.User, nil
	}
	return keycloak.User{}, notFound(username)
}

func (f *fakeDirectory) FindUserByEmail(ctx context.Context, realm, email string) (keycloak.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if u := f.byEmail(email); u != nil {
		return u.User, nil
	}
	return keycloak.User{}, notFound(email)
}

func (f *fakeDirectory) byEmail(email string) *fakeUser {
	for _, u := range f.users {
		if email != "" && strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

// ImportUsers is Keycloak's partial import: one transaction, so a batch
// with a user that exists (same username or email) and ifExists FAIL, or a
// user Keycloak refuses, writes nothing; with SKIP existing users are left
// alone.
func (f *fakeDirectory) ImportUsers(ctx context.Context, realm string, users []keycloak.ImportUser, ifExists keycloak.IfExists) (keycloak.PartialImportResult, error) {
	if f.beforeImport != nil {
		f.beforeImport(len(users))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.imports++
	var res keycloak.PartialImportResult
	var add []*fakeUser
	seen := map[string]bool{}
	for _, in := range users {
		if f.fail[in.Username] {
			return keycloak.PartialImportResult{}, &keycloak.Error{Op: "import users", Status: 400, Message: "refused", Err: keycloak.ErrInvalidInput}
		}
		_, exists := f.users[strings.ToLower(in.Username)]
		if exists || f.byEmail(in.Email) != nil {
			if ifExists == keycloak.IfExistsSkip {
				res.Skipped++
				continue
			}
			return keycloak.PartialImportResult{}, &keycloak.Error{Op: "import users", Status: 409,
				Message: fmt.Sprintf("User '%s' already exists", in.Username), Err: keycloak.ErrConflict}
		}
		if seen[strings.ToLower(in.Username)] {
			return keycloak.PartialImportResult{}, &keycloak.Error{Op: "import users", Status: 409, Err: keycloak.ErrConflict}
		}
		seen[strings.ToLower(in.Username)] = true
		u := &fakeUser{User: keycloak.User{Username: in.Username, Email: in.Email, FirstName: in.FirstName, LastName: in.LastName,
			Enabled: in.Enabled, RequiredActions: in.RequiredActions}, password: in.Password}
		if in.TemporaryPassword && in.Password != "" {
			u.RequiredActions = append(u.RequiredActions, "UPDATE_PASSWORD")
		}
		for _, p := range in.Groups {
			id, ok := f.groups[p]
			if !ok {
				return keycloak.PartialImportResult{}, &keycloak.Error{Op: "import users", Status: 404, Err: keycloak.ErrNotFound}
			}
			u.groups = append(u.groups, id)
		}
		for _, r := range in.RealmRoles {
			if !slices.Contains(f.roles, r) {
				return keycloak.PartialImportResult{}, &keycloak.Error{Op: "import users", Status: 404, Err: keycloak.ErrNotFound}
			}
			u.roles = append(u.roles, r)
		}
		add = append(add, u)
	}
	for _, u := range add {
		f.nextID++
		u.ID = fmt.Sprintf("id-%d", f.nextID)
		f.users[strings.ToLower(u.Username)] = u
		f.writes++
	}
	res.Added = len(add)
	return res, nil
}

func (f *fakeDirectory) RealmPasswordHashing(ctx context.Context, realm string) (keycloak.PasswordHashing, error) {
	return keycloak.ParsePasswordHashing(f.passwordPolicy), nil
}

func (f *fakeDirectory) GroupByPath(ctx context.Context, realm, path string) (keycloak.GroupRef, error) {
	if id, ok := f.groups[path]; ok {
		return keycloak.GroupRef{ID: id, Path: path}, nil
	}
	return keycloak.GroupRef{}, notFound(path)
}

func (f *fakeDirectory) AllRealmRoles(ctx context.Context, realm string) ([]keycloak.RoleRef, error) {
	refs := make([]keycloak.RoleRef, len(f.roles))
	for i, r := range f.roles {
		refs[i] = keycloak.RoleRef{ID: "role-" + r, Name: r}
	}
	return refs, nil
}

func (f *fakeDirectory) CreateUserWith(ctx context.Context, realm string, in keycloak.UserInput, extra keycloak.NewUserExtras) (string, error) {
	if f.beforeCreate != nil {
		f.beforeCreate(in.Username)
	}
	if err := ctx.Err(); err != nil {
		return "", err // a row that started must be allowed to finish
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	if f.fail[in.Username] {
		return "", &keycloak.Error{Op: "create user", Status: 400, Message: "refused", Err: keycloak.ErrInvalidInput}
	}
	if _, exists := f.users[strings.ToLower(in.Username)]; exists {
		return "", &keycloak.Error{Op: "create user", Status: 409, Message: "User exists with same username", Err: keycloak.ErrConflict}
	}
	if f.byEmail(in.Email) != nil {
		return "", &keycloak.Error{Op: "create user", Status: 409, Message: "User exists with same email", Err: keycloak.ErrConflict}
	}
	f.nextID++
	u := &fakeUser{User: keycloak.User{ID: fmt.Sprintf("id-%d", f.nextID), Username: in.Username, Email: in.Email,
		FirstName: in.FirstName, LastName: in.LastName, Enabled: in.Enabled}, password: extra.Password}
	if extra.Password != "" && extra.TemporaryPassword {
		u.RequiredActions = []string{"UPDATE_PASSWORD"}
	}
	for _, p := range extra.Groups {
		u.groups = append(u.groups, f.groups[p])
	}
	f.users[strings.ToLower(in.Username)] = u
	return u.ID, nil
}

func (f *fakeDirectory) UpdateUser(ctx context.Context, realm, id string, in keycloak.UserInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	u := f.byID(id)
	if f.fail[u.Username] {
		return &keycloak.Error{Op: "update user", Status: 400, Message: "refused", Err: keycloak.ErrInvalidInput}
	}
	u.Email, u.FirstName, u.LastName, u.Enabled = in.Email, in.FirstName, in.LastName, in.Enabled
	return nil
}

func (f *fakeDirectory) ResetPassword(ctx context.Context, realm, userID, password string, temporary bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	f.byID(userID).password = password
	return nil
}

func (f *fakeDirectory) JoinGroup(ctx context.Context, realm, userID, groupID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	u := f.byID(userID)
	if !slices.Contains(u.groups, groupID) {
		u.groups = append(u.groups, groupID)
	}
	return nil
}

func (f *fakeDirectory) AssignRealmRoleRefs(ctx context.Context, realm, userID string, roles []keycloak.RoleRef) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes++
	u := f.byID(userID)
	for _, r := range roles {
		if r.ID != "role-"+r.Name {
			return fmt.Errorf("role %q without its id", r.Name)
		}
		if !slices.Contains(u.roles, r.Name) {
			u.roles = append(u.roles, r.Name)
		}
	}
	return nil
}

func (f *fakeDirectory) writeCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}
