package app

import (
	"context"
	"time"

	"github.com/tandemhq/tandem/backend/keycloak"
)

// KeysView is the Keys tab: the realm's side and the proxy's side.
type KeysView struct {
	Realm keycloak.RealmKeys `json:"realm"`
	// NextPriority is the priority a new RS256 provider needs to sign.
	NextPriority int64     `json:"nextPriority"`
	Proxy        ProxyKeys `json:"proxy"`
}

// ProxyKeys is what the running proxy knows of its issuer's keys. The proxy
// fetches the JWKS at start and again only when a token names a kid it lacks,
// so a key added to the realm appears here with the first token it signed.
type ProxyKeys struct {
	Running bool   `json:"running"`
	Issuer  string `json:"issuer"`
	// ServesRealm is true when the proxy verifies this realm's tokens.
	ServesRealm bool      `json:"servesRealm"`
	Keys        []string  `json:"keys"` // kids loaded
	JWKSFetches int64     `json:"jwksFetches"`
	LastRefresh time.Time `json:"lastRefresh" ts_type:"string"`
	LastError   string    `json:"lastError"`
}

// Keys returns the realm's keys and the proxy's.
func (s *KeyService) Keys(realm string) (KeysView, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (KeysView, error) {
		return s.view(ctx, c, realm)
	})
}

// AddRSAProvider adds an rsa-generated provider (step 1 of a rotation: with
// the highest priority it signs new tokens; the old key still verifies).
// A priority of 0 takes NextPriority.
func (s *KeyService) AddRSAProvider(realm string, in keycloak.NewRSAKeyProvider) (KeysView, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (KeysView, error) {
		if in.Priority == 0 {
			ks, err := c.ListRealmKeys(ctx, realm)
			if err != nil {
				return KeysView{}, err
			}
			in.Priority = ks.NextPriority("RS256")
		}
		if _, err := c.CreateRSAKeyProvider(ctx, realm, in); err != nil {
			return KeysView{}, err
		}
		return s.view(ctx, c, realm)
	})
}

// SetProviderActive makes a provider active or passive (step 2: the old key
// stops signing but is still published, so tokens it signed still verify).
func (s *KeyService) SetProviderActive(realm, id string, active bool) (KeysView, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (KeysView, error) {
		if err := c.SetKeyProviderActive(ctx, realm, id, active); err != nil {
			return KeysView{}, err
		}
		return s.view(ctx, c, realm)
	})
}

// DeleteProvider removes a provider and its keys (step 3: tokens the old key
// signed stop verifying wherever the JWKS is fetched anew).
func (s *KeyService) DeleteProvider(realm, id string) (KeysView, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (KeysView, error) {
		if err := c.DeleteKeyProvider(ctx, realm, id); err != nil {
			return KeysView{}, err
		}
		return s.view(ctx, c, realm)
	})
}

func (s *KeyService) view(ctx context.Context, c *keycloak.Client, realm string) (KeysView, error) {
	ks, err := c.ListRealmKeys(ctx, realm)
	if err != nil {
		return KeysView{}, err
	}
	st := s.proxy.State()
	served, ok := keycloak.RealmOfIssuer(c.BaseURL(), st.Status.Issuer)
	return KeysView{
		Realm:        ks,
		NextPriority: ks.NextPriority("RS256"),
		Proxy: ProxyKeys{
			Running: st.Running, Issuer: st.Status.Issuer, ServesRealm: ok && served == realm,
			Keys: st.Status.Keys, JWKSFetches: st.Status.JWKSFetches, LastRefresh: st.Status.LastRefresh, LastError: st.Status.LastError,
		},
	}, nil
}
