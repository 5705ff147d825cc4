package keycloak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// IfExistsOverwrite replaces an existing resource with the file's version.
const IfExistsOverwrite IfExists = "OVERWRITE"

// Resource types as Keycloak's partial import names them in its results.
const (
	ResourceClient     = "CLIENT"
	ResourceRealmRole  = "REALM_ROLE"
	ResourceClientRole = "CLIENT_ROLE"
	ResourceIDP        = "IDP"
	ResourceIDPMapper  = "IDP_MAPPER"
	ResourceGroup      = "GROUP"
	ResourceUser       = "USER"
)

// Actions of a PartialImportEntry: Keycloak's three, and Tandem's FAILED for
// an entity Keycloak refused on its own.
const (
	ActionAdded       = "ADDED"
	ActionSkipped     = "SKIPPED"
	ActionOverwritten = "OVERWRITTEN"
	ActionFailed      = "FAILED"
)

// realmImportBatch is how many entities one partialImport request carries
// when the policy allows splitting (about 100 is the fast size, see
// ImportUsers).
const realmImportBatch = 100

// maskedSecret is what Keycloak writes in an export instead of a secret.
const maskedSecret = "**********"

// ImportFileOptions says how a realm file is written.
type ImportFileOptions struct {
	// IfExists is FAIL (nothing is written when one resource exists), SKIP
	// or OVERWRITE.
	IfExists IfExists `json:"ifExists"`
	// NewIDs drops the file's generated ids so Keycloak makes new ones:
	// needed when the file was exported from a realm of this same server,
	// whose ids are taken.
	NewIDs bool `json:"newIds"`
}

// ImportPlan is what a realm file holds, read without asking Keycloak.
type ImportPlan struct {
	Realm  string         `json:"realm"`  // the file's realm name
	Counts map[string]int `json:"counts"` // resource type → entities
	Total  int            `json:"total"`
	// Problems are entities Keycloak would refuse (no name, a duplicate),
	// each with where it is in the file; an import with problems sends
	// nothing.
	Problems []string `json:"problems"`
	// Masked names the entities whose secrets the file holds masked: they
	// are imported with the literal mask and must be set again.
	Masked []string `json:"masked"`
	// Ignored are the file's sections a partial import does not carry
	// (authentication flows, client scopes, realm settings…); creating a
	// new realm from the file carries them.
	Ignored []string `json:"ignored"`
}

// PartialImportEntry is what happened to one entity of the file.
type PartialImportEntry struct {
	Action string `json:"action"` // ADDED, SKIPPED, OVERWRITTEN or FAILED
	Type   string `json:"type"`   // CLIENT, REALM_ROLE, CLIENT_ROLE, IDP, IDP_MAPPER, GROUP, USER
	Name   string `json:"name"`
	Error  string `json:"error,omitempty"` // why Keycloak refused it, for FAILED
}

// PartialImportReport counts and lists what a file's partial import did.
type PartialImportReport struct {
	Added       int                  `json:"added"`
	Overwritten int                  `json:"overwritten"`
	Skipped     int                  `json:"skipped"`
	Failed      int                  `json:"failed"`
	Entries     []PartialImportEntry `json:"entries"`
}

// importEntity is one entity of a realm file, in its section.
type importEntity struct {
	typ    string
	name   string
	client string // the clientId of a client role
	rep    map[string]any
}

// importSection describes one array of a PartialImportRepresentation, in
// the order Keycloak applies them (clients before the roles and mappers
// that refer to them, users last).
type importSection struct {
	key     string // JSON key in the file
	typ     string
	nameKey string
}

var importSections = []importSection{
	{"clients", ResourceClient, "clientId"},
	{"roles.realm", ResourceRealmRole, "name"},
	{"roles.client", ResourceClientRole, "name"},
	{"identityProviders", ResourceIDP, "alias"},
	{"identityProviderMappers", ResourceIDPMapper, "name"},
	{"groups", ResourceGroup, "name"},
	{"users", ResourceUser, "username"},
}

// generatedIDKeys are the keys that hold ids Keycloak generated: dropped by
// NewIDs. Every cross-reference in an export is by name, never by these.
var generatedIDKeys = []string{"id", "containerId", "internalId"}

// realmFile is a parsed realm file.
type realmFile struct {
	top      map[string]any
	entities []importEntity
	plan     ImportPlan
}

// PlanRealmFile reads a realm file (an export of Tandem or Keycloak) and
// says what an import of it would write, without asking Keycloak.
func PlanRealmFile(file []byte) (ImportPlan, error) {
	f, err := parseRealmFile(file, false)
	if err != nil {
		return ImportPlan{}, invalidInput("read the realm file", err)
	}
	return f.plan, nil
}

func parseRealmFile(file []byte, newIDs bool) (*realmFile, error) {
	dec := json.NewDecoder(bytes.NewReader(file))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("the file is not a JSON object: %w", err)
	}
	if top == nil {
		return nil, fmt.Errorf("the file is not a JSON object")
	}
	if newIDs {
		dropGeneratedIDs(top)
	}
	f := &realmFile{top: top, plan: ImportPlan{Counts: map[string]int{}, Problems: []string{}, Masked: []string{}, Ignored: []string{}}}
	f.plan.Realm, _ = top["realm"].(string)

	seen := map[string]bool{}
	add := func(sec importSection, where, client string, item any) {
		rep, ok := item.(map[string]any)
		if !ok {
			f.plan.Problems = append(f.plan.Problems, fmt.Sprintf("%s: not an object", where))
			return
		}
		name, _ := rep[sec.nameKey].(string)
		if strings.TrimSpace(name) == "" {
			f.plan.Problems = append(f.plan.Problems, fmt.Sprintf("%s: no %s", where, sec.nameKey))
			return
		}
		display := name
		if client != "" {
			display = client + " " + name
		}
		key := sec.typ + "\x00" + client + "\x00" + name
		if seen[key] {
			f.plan.Problems = append(f.plan.Problems, fmt.Sprintf("%s: %s %q appears twice", where, strings.ToLower(sec.typ), display))
			return
		}
		seen[key] = true
		if sec.typ == ResourceGroup {
			if p, _ := rep["path"].(string); p == "" {
				f.plan.Problems = append(f.plan.Problems, fmt.Sprintf("%s: group %q has no path (e.g. \"/%s\")", where, name, name))
			}
		}
		if holdsMasked(rep) {
			f.plan.Masked = append(f.plan.Masked, fmt.Sprintf("%s %q", strings.ToLower(strings.ReplaceAll(sec.typ, "_", " ")), display))
		}
		f.entities = append(f.entities, importEntity{typ: sec.typ, name: name, client: client, rep: rep})
		f.plan.Counts[sec.typ]++
		f.plan.Total++
	}
	list := func(sec importSection, where string, v any, client string) {
		if v == nil {
			return
		}
		items, ok := v.([]any)
		if !ok {
			f.plan.Problems = append(f.plan.Problems, fmt.Sprintf("%s: not a list", where))
			return
		}
		for i, it := range items {
			add(sec, fmt.Sprintf("%s[%d]", where, i), client, it)
		}
	}
	roles, _ := top["roles"].(map[string]any)
	if top["roles"] != nil && roles == nil {
		f.plan.Problems = append(f.plan.Problems, "roles: not an object")
	}
	for _, sec := range importSections {
		switch sec.key {
		case "roles.realm":
			list(sec, "roles.realm", roles["realm"], "")
		case "roles.client":
			byClient, ok := roles["client"].(map[string]any)
			if roles["client"] != nil && !ok {
				f.plan.Problems = append(f.plan.Problems, "roles.client: not an object")
			}
			clients := make([]string, 0, len(byClient))
			for c := range byClient {
				clients = append(clients, c)
			}
			sort.Strings(clients)
			for _, c := range clients {
				list(sec, fmt.Sprintf("roles.client[%q]", c), byClient[c], c)
			}
		default:
			list(sec, sec.key, top[sec.key], "")
		}
	}
	for k, v := range top {
		if isImportSection(k) {
			continue
		}
		switch t := v.(type) {
		case []any:
			if len(t) > 0 {
				f.plan.Ignored = append(f.plan.Ignored, k)
			}
		case map[string]any:
			if len(t) > 0 {
				f.plan.Ignored = append(f.plan.Ignored, k)
			}
		}
	}
	sort.Strings(f.plan.Ignored)
	return f, nil
}

func isImportSection(key string) bool {
	if key == "roles" {
		return true
	}
	for _, s := range importSections {
		if s.key == key {
			return true
		}
	}
	return false
}

// holdsMasked reports whether a representation carries Keycloak's secret
// mask anywhere (a client's secret, an identity provider's client secret).
func holdsMasked(v any) bool {
	switch t := v.(type) {
	case string:
		return t == maskedSecret
	case map[string]any:
		for _, e := range t {
			if holdsMasked(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if holdsMasked(e) {
				return true
			}
		}
	}
	return false
}

func dropGeneratedIDs(v any) {
	switch t := v.(type) {
	case map[string]any:
		for _, k := range generatedIDKeys {
			delete(t, k)
		}
		for _, e := range t {
			dropGeneratedIDs(e)
		}
	case []any:
		for _, e := range t {
			dropGeneratedIDs(e)
		}
	}
}

// body is the PartialImportRepresentation holding entities.
func partialImportBody(entities []importEntity, ifExists IfExists) map[string]any {
	body := map[string]any{"ifResourceExists": string(ifExists)}
	roles := map[string]any{}
	for _, e := range entities {
		switch e.typ {
		case ResourceRealmRole:
			realm, _ := roles["realm"].([]any)
			roles["realm"] = append(realm, e.rep)
		case ResourceClientRole:
			byClient, _ := roles["client"].(map[string]any)
			if byClient == nil {
				byClient = map[string]any{}
				roles["client"] = byClient
			}
			cur, _ := byClient[e.client].([]any)
			byClient[e.client] = append(cur, e.rep)
		default:
			key := sectionKey(e.typ)
			cur, _ := body[key].([]any)
			body[key] = append(cur, e.rep)
		}
	}
	if len(roles) > 0 {
		body["roles"] = roles
	}
	return body
}

func sectionKey(typ string) string {
	for _, s := range importSections {
		if s.typ == typ {
			return s.key
		}
	}
	return ""
}

// ImportRealm creates a new realm from a realm file (POST /admin/realms with
// the whole representation): settings, flows, client scopes and every
// resource come with it. name, when not empty, replaces the file's realm
// name. It returns the new realm's name.
func (c *Client) ImportRealm(ctx context.Context, file []byte, name string, newIDs bool) (string, error) {
	op := "create a realm from a file"
	if err := c.writable(op); err != nil {
		return "", err
	}
	f, err := parseRealmFile(file, newIDs)
	if err != nil {
		return "", invalidInput(op, err)
	}
	if name != "" {
		f.top["realm"] = name
		// The file's realm id belongs to the realm it came from.
		delete(f.top, "id")
	}
	realm, _ := f.top["realm"].(string)
	op = fmt.Sprintf("create realm %q from a file", realm)
	if err := validRealmName(realm); err != nil {
		return "", invalidInput(op, err)
	}
	if len(f.plan.Problems) > 0 {
		return "", &Error{Op: op, Message: strings.Join(f.plan.Problems, "; "), Err: ErrInvalidInput}
	}
	// raw: the file's realm as it is; gocloak.RealmRepresentation drops Keycloak 26 fields.
	if err := c.do(ctx, op, request{method: http.MethodPost, path: "/realms", body: f.top}); err != nil {
		return "", err
	}
	return realm, nil
}

// ImportRealmFile writes a realm file's clients, roles, identity providers
// and their mappers, groups and users into an existing realm through its
// partial import, and reports what happened to each entity. Realm settings
// and the sections ImportPlan.Ignored lists are not written.
//
// With IfExistsFail the file goes in one request, which Keycloak applies in
// one transaction: one existing or refused entity writes nothing. With SKIP
// or OVERWRITE it goes in batches of about 100 entities (identity providers
// and their mappers one at a time, see importBatches), and progress(done,
// total) is called after each; a batch Keycloak refuses is sent again one
// entity at a time, so every bad entity gets its own error and the others
// are written. A cancelled ctx stops between batches; the report holds what
// was written until then.
func (c *Client) ImportRealmFile(ctx context.Context, realm string, file []byte, opts ImportFileOptions, progress func(done, total int)) (PartialImportReport, error) {
	op := fmt.Sprintf("import a file into realm %q", realm)
	if err := c.writable(op); err != nil {
		return PartialImportReport{}, err
	}
	if opts.IfExists != IfExistsFail && opts.IfExists != IfExistsSkip && opts.IfExists != IfExistsOverwrite {
		return PartialImportReport{}, &Error{Op: op, Message: fmt.Sprintf("if-exists policy %q is not FAIL, SKIP or OVERWRITE", opts.IfExists), Err: ErrInvalidInput}
	}
	f, err := parseRealmFile(file, opts.NewIDs)
	if err != nil {
		return PartialImportReport{}, invalidInput(op, err)
	}
	if len(f.plan.Problems) > 0 {
		return PartialImportReport{}, &Error{Op: op, Message: strings.Join(f.plan.Problems, "; "), Err: ErrInvalidInput}
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	rep := PartialImportReport{Entries: []PartialImportEntry{}}
	total := len(f.entities)
	progress(0, total)
	if opts.IfExists == IfExistsFail {
		if err := c.partialImportBatch(ctx, op, realm, f.entities, opts.IfExists, &rep); err != nil {
			return PartialImportReport{Entries: []PartialImportEntry{}}, err
		}
		progress(total, total)
		return rep, nil
	}
	done := 0
	for _, batch := range importBatches(f.entities) {
		if err := ctx.Err(); err != nil {
			return rep, &Error{Op: op, Message: fmt.Sprintf("stopped after %d of %d entities", done, total), Err: err}
		}
		err := c.partialImportBatch(ctx, op, realm, batch, opts.IfExists, &rep)
		if err != nil && refusedByKeycloak(err) {
			err = c.partialImportOneByOne(ctx, op, realm, batch, opts.IfExists, &rep)
		}
		if err != nil {
			return rep, err
		}
		done += len(batch)
		progress(done, total)
	}
	return rep, nil
}

// importBatches cuts the entities, in order, into batches of at most
// realmImportBatch. Identity providers and their mappers go one per batch:
// when a batch fails, Keycloak 26 rolls an identity provider back in its
// database but keeps it in its cache, where the next import finds it
// "existing" (SKIPPED) although it is not there. Alone, a provider is only
// ever rolled back when it is the one refused.
func importBatches(entities []importEntity) [][]importEntity {
	var out [][]importEntity
	var cur []importEntity
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, e := range entities {
		if e.typ == ResourceIDP || e.typ == ResourceIDPMapper {
			flush()
			out = append(out, []importEntity{e})
			continue
		}
		cur = append(cur, e)
		if len(cur) == realmImportBatch {
			flush()
		}
	}
	flush()
	return out
}

// partialImportOneByOne sends each entity of a refused batch alone, so the
// entity Keycloak refuses is named and the others are written.
func (c *Client) partialImportOneByOne(ctx context.Context, op, realm string, batch []importEntity, ifExists IfExists, rep *PartialImportReport) error {
	for _, e := range batch {
		err := c.partialImportBatch(ctx, op, realm, []importEntity{e}, ifExists, rep)
		if err == nil {
			continue
		}
		if !refusedByKeycloak(err) {
			return err
		}
		rep.Failed++
		rep.Entries = append(rep.Entries, PartialImportEntry{Action: ActionFailed, Type: e.typ, Name: e.displayName(), Error: refusalReason(err)})
	}
	return nil
}

func (e importEntity) displayName() string {
	if e.client != "" {
		// Keycloak's own results write a client role so.
		return e.client + "-->" + e.name
	}
	return e.name
}

// refusedByKeycloak tells an answer about the entities (a 4xx other than
// the admin's own authorisation, or Keycloak failing on them with a 500)
// from a failure to reach Keycloak at all, which retrying entity by entity
// would only repeat.
func refusedByKeycloak(err error) bool {
	var kcErr *Error
	if !asError(err, &kcErr) || kcErr.Status == 0 {
		return false
	}
	switch kcErr.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return false
	}
	return true
}

func refusalReason(err error) string {
	var kcErr *Error
	if asError(err, &kcErr) {
		if kcErr.Status >= 500 {
			// Keycloak's 500 for a bad entity says only "unknown_error";
			// the cause (a group or role that does not exist…) is in its log.
			return "Keycloak failed on it (HTTP " + fmt.Sprint(kcErr.Status) + "); its server log says why, often a group, role or client the entity refers to that does not exist"
		}
		if kcErr.Message != "" {
			return kcErr.Message
		}
	}
	return err.Error()
}

// partialImportBatch sends one PartialImportRepresentation and adds
// Keycloak's per-resource results to rep.
func (c *Client) partialImportBatch(ctx context.Context, op, realm string, batch []importEntity, ifExists IfExists, rep *PartialImportReport) error {
	var res struct {
		Results []struct {
			Action       string `json:"action"`
			ResourceType string `json:"resourceType"`
			ResourceName string `json:"resourceName"`
		} `json:"results"`
	}
	// raw: gocloak 13.9 has no partial-import call.
	err := c.do(ctx, op, request{
		method: http.MethodPost, path: adminPath("realms", realm, "partialImport"),
		body: partialImportBody(batch, ifExists), out: &res,
	})
	if err != nil {
		return err
	}
	for _, r := range res.Results {
		switch r.Action {
		case ActionAdded:
			rep.Added++
		case ActionOverwritten:
			rep.Overwritten++
		case ActionSkipped:
			rep.Skipped++
		}
		rep.Entries = append(rep.Entries, PartialImportEntry{Action: r.Action, Type: r.ResourceType, Name: r.ResourceName})
	}
	return nil
}
