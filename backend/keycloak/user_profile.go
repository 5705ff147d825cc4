package keycloak

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Unmanaged attribute policies of a realm's user profile. Attributes that the
// user profile does not declare are dropped silently by Keycloak unless the
// policy lets admins edit them.
const (
	UnmanagedDisabled  = "DISABLED"
	UnmanagedEnabled   = "ENABLED"
	UnmanagedAdminEdit = "ADMIN_EDIT"
	UnmanagedAdminView = "ADMIN_VIEW"
)

// userProfile is the part of the realm's user profile config Tandem needs.
type userProfile struct {
	managed map[string]bool
	policy  string
	raw     map[string]json.RawMessage
}

func (c *Client) readUserProfile(ctx context.Context, op, realm string) (userProfile, error) {
	// raw: gocloak 13.9 has no user-profile calls.
	raw, err := getJSON[map[string]json.RawMessage](ctx, c, op, adminPath("realms", realm, "users", "profile"), nil)
	if err != nil {
		return userProfile{}, err
	}
	up := userProfile{managed: map[string]bool{}, policy: UnmanagedDisabled, raw: raw}
	var attrs []struct {
		Name string `json:"name"`
	}
	if a, ok := raw["attributes"]; ok {
		if err := json.Unmarshal(a, &attrs); err != nil {
			return userProfile{}, &Error{Op: op, Message: "unreadable user profile: " + err.Error(), Err: ErrServer}
		}
	}
	for _, a := range attrs {
		up.managed[a.Name] = true
	}
	if p, ok := raw["unmanagedAttributePolicy"]; ok {
		_ = json.Unmarshal(p, &up.policy)
	}
	return up, nil
}

// checkAttributesAllowed refuses attributes Keycloak would drop without a
// word, and says which realm setting lets them through.
func (c *Client) checkAttributesAllowed(ctx context.Context, op, realm string, attrs map[string][]string) error {
	if len(attrs) == 0 {
		return nil
	}
	up, err := c.readUserProfile(ctx, op, realm)
	if err != nil {
		return err
	}
	if up.policy == UnmanagedEnabled || up.policy == UnmanagedAdminEdit {
		return nil
	}
	var dropped []string
	for k := range attrs {
		if !up.managed[k] {
			dropped = append(dropped, k)
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	sort.Strings(dropped)
	return &Error{Op: op, Err: ErrInvalidInput, Message: fmt.Sprintf(
		"realm %q does not accept attributes outside its user profile (%s): set unmanaged attributes to %q in the realm settings",
		realm, strings.Join(dropped, ", "), UnmanagedAdminEdit)}
}

// setUnmanagedPolicy writes the policy into the user profile config, keeping
// the rest of the config as it is.
func (c *Client) setUnmanagedPolicy(ctx context.Context, op, realm, policy string) error {
	up, err := c.readUserProfile(ctx, op, realm)
	if err != nil {
		return err
	}
	if up.policy == policy {
		return nil
	}
	body := make(map[string]any, len(up.raw))
	for k, v := range up.raw {
		body[k] = v
	}
	if policy == UnmanagedDisabled {
		delete(body, "unmanagedAttributePolicy")
	} else {
		body["unmanagedAttributePolicy"] = policy
	}
	// raw: gocloak 13.9 has no user-profile calls.
	return c.do(ctx, op, request{method: http.MethodPut, path: adminPath("realms", realm, "users", "profile"), body: body})
}

func validUnmanagedPolicy(p string) bool {
	switch p {
	case UnmanagedDisabled, UnmanagedEnabled, UnmanagedAdminEdit, UnmanagedAdminView:
		return true
	}
	return false
}
