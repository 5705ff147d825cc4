package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// PartialImportResult counts what a partial import did.
type PartialImportResult struct {
	Added       int `json:"added"`
	Overwritten int `json:"overwritten"`
	Skipped     int `json:"skipped"`
}

// PartialImport posts a PartialImportRepresentation (users, groups, roles,
// clients… plus "ifResourceExists": FAIL, SKIP or OVERWRITE) to the realm.
// Keycloak applies it in one transaction, which makes it the fast way to
// seed many users. Groups need their "path" as well as their name.
func (c *Client) PartialImport(ctx context.Context, realm string, rep []byte) (PartialImportResult, error) {
	op := fmt.Sprintf("partial import into realm %q", realm)
	if err := c.writableInput(op, problemIf(!json.Valid(rep), "the import is not valid JSON")); err != nil {
		return PartialImportResult{}, err
	}
	var res PartialImportResult
	// raw: gocloak 13.9 has no partial-import call.
	err := c.do(ctx, op, request{method: http.MethodPost, path: adminPath("realms", realm, "partialImport"), body: json.RawMessage(rep), out: &res})
	return res, err
}
