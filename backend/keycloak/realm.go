package keycloak

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/Nerzal/gocloak/v13"
)

// RealmSummary is one row of the realm list.
type RealmSummary struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Enabled     bool   `json:"enabled"`
}

// RealmSettings are the main settings of a realm that Tandem edits. Times are
// in seconds, as Keycloak stores them.
type RealmSettings struct {
	DisplayName           string `json:"displayName"`
	Enabled               bool   `json:"enabled"`
	RegistrationAllowed   bool   `json:"registrationAllowed"`
	LoginWithEmailAllowed bool   `json:"loginWithEmailAllowed"`
	VerifyEmail           bool   `json:"verifyEmail"`
	AccessTokenLifespan   int    `json:"accessTokenLifespan"`
	SSOSessionIdleTimeout int    `json:"ssoSessionIdleTimeout"`
	SSOSessionMaxLifespan int    `json:"ssoSessionMaxLifespan"`
	BruteForceProtected   bool   `json:"bruteForceProtected"`
	// UnmanagedAttributes is the user profile's policy for attributes it does
	// not declare: one of the Unmanaged* constants. Custom user attributes
	// need UnmanagedAdminEdit or UnmanagedEnabled.
	UnmanagedAttributes string `json:"unmanagedAttributes"`
}

// Realm is one realm with its main settings.
type Realm struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Settings RealmSettings `json:"settings"`
}

// NewRealm is what creating a realm needs.
type NewRealm struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Enabled     bool   `json:"enabled"`
}

func realmFrom(r gocloak.RealmRepresentation) Realm {
	return Realm{ID: gocloak.PString(r.ID), Name: gocloak.PString(r.Realm), Settings: RealmSettings{
		DisplayName:           gocloak.PString(r.DisplayName),
		Enabled:               gocloak.PBool(r.Enabled),
		RegistrationAllowed:   gocloak.PBool(r.RegistrationAllowed),
		LoginWithEmailAllowed: gocloak.PBool(r.LoginWithEmailAllowed),
		VerifyEmail:           gocloak.PBool(r.VerifyEmail),
		AccessTokenLifespan:   gocloak.PInt(r.AccessTokenLifespan),
		SSOSessionIdleTimeout: gocloak.PInt(r.SsoSessionIdleTimeout),
		SSOSessionMaxLifespan: gocloak.PInt(r.SsoSessionMaxLifespan),
		BruteForceProtected:   gocloak.PBool(r.BruteForceProtected),
	}}
}

// realmRep reads a realm's representation as gocloak types it, which holds
// every field Tandem reads from it.
func (c *Client) realmRep(ctx context.Context, op, realm string) (gocloak.RealmRepresentation, error) {
	rep, err := typed(ctx, c, op, func(ctx context.Context, token string) (*gocloak.RealmRepresentation, error) {
		return c.gc.GetRealm(ctx, token, esc(realm))
	})
	if err != nil {
		return gocloak.RealmRepresentation{}, err
	}
	return *rep, nil
}

// ListRealms returns the realms the account can see, sorted by name.
func (c *Client) ListRealms(ctx context.Context) ([]RealmSummary, error) {
	// raw: gocloak.GetRealms has no briefRepresentation; a full realm list
	// carries every realm's whole configuration.
	reps, err := getJSON[[]gocloak.RealmRepresentation](ctx, c, "list realms", "/realms", url.Values{"briefRepresentation": {"true"}})
	if err != nil {
		return nil, err
	}
	out := make([]RealmSummary, 0, len(reps))
	for _, r := range reps {
		out = append(out, RealmSummary{Name: gocloak.PString(r.Realm), DisplayName: gocloak.PString(r.DisplayName), Enabled: gocloak.PBool(r.Enabled)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// GetRealm returns one realm with its main settings.
func (c *Client) GetRealm(ctx context.Context, realm string) (Realm, error) {
	op := fmt.Sprintf("get realm %q", realm)
	rep, err := c.realmRep(ctx, op, realm)
	if err != nil {
		return Realm{}, err
	}
	up, err := c.readUserProfile(ctx, op, realm)
	if err != nil {
		return Realm{}, err
	}
	r := realmFrom(rep)
	r.Settings.UnmanagedAttributes = up.policy
	return r, nil
}

// UpdateRealmSettings writes the main settings. Keycloak updates only the
// fields sent, so everything else about the realm stays as it is.
func (c *Client) UpdateRealmSettings(ctx context.Context, realm string, s RealmSettings) error {
	op := fmt.Sprintf("update realm %q", realm)
	if err := c.writableInput(op, s.validate()); err != nil {
		return err
	}
	err := c.updateRealmFields(ctx, op, realm, map[string]any{
		"displayName":           s.DisplayName,
		"enabled":               s.Enabled,
		"registrationAllowed":   s.RegistrationAllowed,
		"loginWithEmailAllowed": s.LoginWithEmailAllowed,
		"verifyEmail":           s.VerifyEmail,
		"accessTokenLifespan":   s.AccessTokenLifespan,
		"ssoSessionIdleTimeout": s.SSOSessionIdleTimeout,
		"ssoSessionMaxLifespan": s.SSOSessionMaxLifespan,
		"bruteForceProtected":   s.BruteForceProtected,
	})
	if err != nil || s.UnmanagedAttributes == "" {
		return err
	}
	return c.setUnmanagedPolicy(ctx, op, realm, s.UnmanagedAttributes)
}

func (s RealmSettings) validate() error {
	var problems []string
	if s.AccessTokenLifespan <= 0 {
		problems = append(problems, "access token lifespan must be positive")
	}
	if s.SSOSessionIdleTimeout <= 0 {
		problems = append(problems, "SSO session idle timeout must be positive")
	}
	if s.SSOSessionMaxLifespan <= 0 {
		problems = append(problems, "SSO session max lifespan must be positive")
	}
	if s.UnmanagedAttributes != "" && !validUnmanagedPolicy(s.UnmanagedAttributes) {
		problems = append(problems, fmt.Sprintf("unmanaged attribute policy %q is not one of %s, %s, %s, %s",
			s.UnmanagedAttributes, UnmanagedDisabled, UnmanagedEnabled, UnmanagedAdminEdit, UnmanagedAdminView))
	}
	return problemsError(problems)
}

// CreateRealm creates an empty realm.
func (c *Client) CreateRealm(ctx context.Context, r NewRealm) error {
	op := fmt.Sprintf("create realm %q", r.Name)
	if err := c.writableInput(op, validRealmName(r.Name)); err != nil {
		return err
	}
	rep := gocloak.RealmRepresentation{Realm: gocloak.StringP(r.Name), DisplayName: gocloak.StringP(r.DisplayName), Enabled: gocloak.BoolP(r.Enabled)}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		_, err := c.gc.CreateRealm(ctx, token, rep)
		return err
	})
}

// DeleteRealm deletes a realm with everything in it.
func (c *Client) DeleteRealm(ctx context.Context, realm string) error {
	op := fmt.Sprintf("delete realm %q", realm)
	if err := c.writableInput(op, problemIf(realm == "master", "the master realm cannot be deleted")); err != nil {
		return err
	}
	return c.call(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteRealm(ctx, token, esc(realm))
	})
}

func validRealmName(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("the realm name is empty")
	}
	if strings.ContainsAny(name, "/\\ ") {
		return fmt.Errorf("the realm name %q contains a space or slash", name)
	}
	return nil
}
