package keycloak

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/Nerzal/gocloak/v13"
)

// Consent is what a user granted one client: the scopes it may ask for
// without asking the user again.
type Consent struct {
	ClientID      string   `json:"clientId"`
	Scopes        []string `json:"scopes"`
	CreatedAt     int64    `json:"createdAt"`     // milliseconds since the epoch
	LastUpdatedAt int64    `json:"lastUpdatedAt"` // milliseconds since the epoch
}

// ListConsents returns the clients the user gave consent to, by client id.
func (c *Client) ListConsents(ctx context.Context, realm, userID string) ([]Consent, error) {
	var reps []struct {
		ClientID            string   `json:"clientId"`
		GrantedClientScopes []string `json:"grantedClientScopes"`
		CreatedDate         int64    `json:"createdDate"`
		LastUpdatedDate     int64    `json:"lastUpdatedDate"`
	}
	// raw: gocloak 13.9 has no call listing a user's consents.
	err := c.do(ctx, fmt.Sprintf("list consents of user %s", userID), request{
		method: http.MethodGet, path: adminPath("realms", realm, "users", userID, "consents"), out: &reps,
	})
	if err != nil {
		return nil, err
	}
	out := make([]Consent, 0, len(reps))
	for _, r := range reps {
		scopes := r.GrantedClientScopes
		if scopes == nil {
			scopes = []string{}
		}
		sort.Strings(scopes)
		out = append(out, Consent{ClientID: r.ClientID, Scopes: scopes, CreatedAt: r.CreatedDate, LastUpdatedAt: r.LastUpdatedDate})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ClientID < out[j].ClientID })
	return out, nil
}

// RemoveConsent revokes the user's consent to a client (and the client's
// offline tokens for the user): the client must ask again.
func (c *Client) RemoveConsent(ctx context.Context, realm, userID, clientID string) error {
	op := fmt.Sprintf("revoke consent of user %s to client %q", userID, clientID)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.RevokeUserConsents(ctx, token, esc(realm), esc(userID), esc(clientID))
	})
}

// LinkedAccount is the user's account at an identity provider.
type LinkedAccount struct {
	IdentityProvider string `json:"identityProvider"` // the provider's alias
	UserID           string `json:"userId"`           // the user's id at the provider
	UserName         string `json:"userName"`         // the user's name at the provider
}

// ListLinkedAccounts returns the user's linked identity-provider accounts.
func (c *Client) ListLinkedAccounts(ctx context.Context, realm, userID string) ([]LinkedAccount, error) {
	out, err := typedList(ctx, c, fmt.Sprintf("list linked accounts of user %s", userID),
		func(ctx context.Context, token string) ([]*gocloak.FederatedIdentityRepresentation, error) {
			return c.gc.GetUserFederatedIdentities(ctx, token, esc(realm), esc(userID))
		},
		func(r gocloak.FederatedIdentityRepresentation) LinkedAccount {
			return LinkedAccount{IdentityProvider: gocloak.PString(r.IdentityProvider), UserID: gocloak.PString(r.UserID), UserName: gocloak.PString(r.UserName)}
		})
	return sortedBy(out, err, func(v LinkedAccount) string { return v.IdentityProvider })
}

// RemoveLinkedAccount unlinks the user from an identity provider: signing
// in there no longer reaches this user (a new first login may link or
// create one again).
func (c *Client) RemoveLinkedAccount(ctx context.Context, realm, userID, provider string) error {
	op := fmt.Sprintf("unlink user %s from identity provider %q", userID, provider)
	return c.write(ctx, op, func(ctx context.Context, token string) error {
		return c.gc.DeleteUserFederatedIdentity(ctx, token, esc(realm), esc(userID), esc(provider))
	})
}

// Impersonation is Keycloak's answer to an impersonation.
type Impersonation struct {
	// RedirectURL is the account console of the user's realm.
	RedirectURL string `json:"redirectUrl"`
	// SameRealm is set when the admin and the user share a realm.
	SameRealm bool `json:"sameRealm"`
}

// ImpersonateUser starts a session as the user (POST
// /users/{id}/impersonation) and returns where Keycloak sends the admin.
// Keycloak hands that session over as cookies on its answer to this
// client: a browser that opens RedirectURL does not have them, and shows
// the realm's sign-in page unless it already holds a session there.
func (c *Client) ImpersonateUser(ctx context.Context, realm, userID string) (Impersonation, error) {
	op := fmt.Sprintf("impersonate user %s", userID)
	if err := c.writable(op); err != nil {
		return Impersonation{}, err
	}
	var rep struct {
		Redirect  string `json:"redirect"`
		SameRealm bool   `json:"sameRealm"`
	}
	// raw: gocloak 13.9 has no impersonation call.
	err := c.do(ctx, op, request{method: http.MethodPost, path: adminPath("realms", realm, "users", userID, "impersonation"), out: &rep})
	if err != nil {
		return Impersonation{}, err
	}
	if !isHTTPURL(rep.Redirect) {
		return Impersonation{}, &Error{Op: op, Message: fmt.Sprintf("Keycloak answered with no usable redirect (%q)", rep.Redirect), Err: ErrServer}
	}
	return Impersonation{RedirectURL: rep.Redirect, SameRealm: rep.SameRealm}, nil
}
