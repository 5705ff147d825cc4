package app

import (
	"context"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/proxy"
)

// Config returns whether the realm records login and admin events.
func (s *RealmEventService) Config(realm string) (keycloak.EventsConfig, error) {
	return value1(&s.keycloakBase, (*keycloak.Client).GetEventsConfig, realm)
}

// UpdateConfig writes the realm's events configuration and returns it as
// Keycloak now holds it.
func (s *RealmEventService) UpdateConfig(realm string, cfg keycloak.EventsConfig) (keycloak.EventsConfig, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (keycloak.EventsConfig, error) {
		if err := c.UpdateEventsConfig(ctx, realm, cfg); err != nil {
			return keycloak.EventsConfig{}, err
		}
		return c.GetEventsConfig(ctx, realm)
	})
}

// LoginEvents returns one page of login events, newest first.
func (s *RealmEventService) LoginEvents(realm string, q keycloak.EventQuery) (keycloak.LoginEventPage, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListLoginEvents, realm, q)
}

// AdminEvents returns one page of admin events, newest first.
func (s *RealmEventService) AdminEvents(realm string, q keycloak.AdminEventQuery) (keycloak.AdminEventPage, error) {
	return value2(&s.keycloakBase, (*keycloak.Client).ListAdminEvents, realm, q)
}

// TimelineEvents is how many of a user's newest login events the timeline
// shows.
const TimelineEvents = 100

// UserTimeline is what a user's timeline merges: the user's newest login
// events and the proxy's records for the same subject (Keycloak's user id is
// the sub of the user's tokens). The screen merges them, newest first.
type UserTimeline struct {
	LoginEvents []keycloak.LoginEvent `json:"loginEvents"`
	// EventsEnabled is false when the realm records no login events: the
	// timeline then has only the proxy's side.
	EventsEnabled bool `json:"eventsEnabled"`
	// ProxyRunning and ProxyIssuer say which proxy the records come from;
	// ProxyRecords holds the records of its log still in memory.
	ProxyRunning bool           `json:"proxyRunning"`
	ProxyIssuer  string         `json:"proxyIssuer"`
	ProxyRecords []proxy.Record `json:"proxyRecords"`
}

// Timeline returns a user's login events and the proxy's decisions for them.
func (s *RealmEventService) Timeline(realm, userID string) (UserTimeline, error) {
	return withValue(&s.keycloakBase, func(ctx context.Context, c *keycloak.Client) (UserTimeline, error) {
		cfg, err := c.GetEventsConfig(ctx, realm)
		if err != nil {
			return UserTimeline{}, err
		}
		page, err := c.ListLoginEvents(ctx, realm, keycloak.EventQuery{UserID: userID, Max: TimelineEvents})
		if err != nil {
			return UserTimeline{}, err
		}
		st := s.proxy.State()
		return UserTimeline{
			LoginEvents: page.Items, EventsEnabled: cfg.EventsEnabled,
			ProxyRunning: st.Running, ProxyIssuer: st.Status.Issuer, ProxyRecords: s.proxy.recentFor(userID),
		}, nil
	})
}
