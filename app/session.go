package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/tandemhq/tandem/backend/keycloak"
	"github.com/tandemhq/tandem/backend/profile"
	"github.com/tandemhq/tandem/backend/routes"
)

// Session is the running app's view of "which environment am I working
// on": the active profile and an admin client for it. Every service that
// talks to Keycloak or needs the profile's routes goes through it, so a
// switch takes effect everywhere at once.
//
// The active profile lives in memory: another process (tandemctl profiles
// use) changes what the app opens with next time, not what a running window
// is pointed at. Its settings are read fresh from the store on each call, so
// edits made anywhere are seen, and the Keycloak client is rebuilt when the
// profile changed.
type Session struct {
	profiles *profile.Service
	emitter  Emitter
	// newClient builds the admin client; tests substitute it.
	newClient func(keycloak.Config) (*keycloak.Client, error)

	mu        sync.Mutex
	activeID  int64 // 0: no active profile
	client    *keycloak.Client
	clientKey string // which profile version the client was built for
	listeners []func(profile.Profile)
	// routesSaved are told of every route file saved (see routes_saved.go).
	routesSaved savedRoutesHooks
}

// NewSession returns a session with no active profile; call Start.
func NewSession(profiles *profile.Service, emitter Emitter) *Session {
	return &Session{profiles: profiles, emitter: emitter, newClient: keycloak.New}
}

// Start picks up the profile recorded as active. With none recorded it
// takes the first profile, so a window never opens on nothing when profiles exist.
func (s *Session) Start(ctx context.Context) error {
	p, err := s.profiles.Active(ctx)
	if errors.Is(err, profile.ErrNoActiveProfile) {
		list, lerr := s.profiles.List(ctx)
		if lerr != nil || len(list) == 0 {
			return lerr
		}
		p, err = list[0], s.profiles.SetActive(ctx, list[0].ID)
	}
	if err != nil {
		return fmt.Errorf("load the active profile: %w", err)
	}
	s.mu.Lock()
	s.activeID = p.ID
	s.mu.Unlock()
	return nil
}

// Profiles is the profile service behind the session.
func (s *Session) Profiles() *profile.Service { return s.profiles }

// Profile returns the active profile as currently stored, or an error
// wrapping profile.ErrNoActiveProfile (UI code no_profile).
func (s *Session) Profile(ctx context.Context) (profile.Profile, error) {
	s.mu.Lock()
	id := s.activeID
	s.mu.Unlock()
	if id == 0 {
		return profile.Profile{}, profile.ErrNoActiveProfile
	}
	p, err := s.profiles.Get(ctx, id)
	if errors.Is(err, profile.ErrNotFound) {
		// Deleted elsewhere (tandemctl): nothing is active any more.
		s.mu.Lock()
		if s.activeID == id {
			s.activeID, s.client, s.clientKey = 0, nil, ""
		}
		s.mu.Unlock()
		return profile.Profile{}, profile.ErrNoActiveProfile
	}
	return p, err
}

// RouteFile returns the active profile and its route file as stored. The
// profile comes back with an error reading the file, for the message.
func (s *Session) RouteFile(ctx context.Context) (profile.Profile, routes.Config, error) {
	p, err := s.Profile(ctx)
	if err != nil {
		return profile.Profile{}, routes.Config{}, err
	}
	cfg, err := s.profiles.Routes(ctx, p.ID)
	if err != nil {
		return p, routes.Config{}, fmt.Errorf("read the routes of profile %q: %w", p.Name, err)
	}
	return p, cfg, nil
}

// RunnableRoutes returns the active profile and its route file as a proxy
// runs it (an empty issuer means the profile's realm).
func (s *Session) RunnableRoutes(ctx context.Context) (profile.Profile, routes.Config, error) {
	p, cfg, err := s.RouteFile(ctx)
	if err != nil {
		return p, cfg, err
	}
	return p, p.RunnableRoutes(cfg), nil
}

// ActiveID is the active profile's id, 0 when none.
func (s *Session) ActiveID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.activeID
}

// Keycloak returns an admin client for the active profile, built on first
// use and rebuilt after a switch or an edit of the profile. A read-only
// profile's client refuses every mutating call.
func (s *Session) Keycloak(ctx context.Context) (*keycloak.Client, error) {
	p, err := s.Profile(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d@%d", p.ID, p.UpdatedAt.UnixNano())
	s.mu.Lock()
	if s.client != nil && s.clientKey == key {
		c := s.client
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()
	// Reading the secret may wait on the OS keychain (which can prompt the
	// user), so no lock is held meanwhile: two first calls may both build a
	// client, and the second simply replaces the first.
	secret, err := s.profiles.Secret(ctx, p.ID)
	if err != nil {
		return nil, fmt.Errorf("log in to profile %q: %w", p.Name, err)
	}
	c, err := s.newClient(profile.KeycloakConfig(p, secret))
	if err != nil {
		return nil, fmt.Errorf("connect profile %q: %w", p.Name, err)
	}
	s.mu.Lock()
	s.client, s.clientKey = c, key
	s.mu.Unlock()
	return c, nil
}

// Switch makes id the active profile (and the one the app opens with next
// time), tells every OnSwitch listener, then emits profile:switched with the
// profile so the UI reloads.
func (s *Session) Switch(ctx context.Context, id int64) (profile.Profile, error) {
	if s.profiles == nil {
		return profile.Profile{}, profile.ErrNoActiveProfile
	}
	p, err := s.profiles.Get(ctx, id)
	if err != nil {
		return profile.Profile{}, err
	}
	if err := s.profiles.SetActive(ctx, id); err != nil {
		return profile.Profile{}, err
	}
	s.announce(&p)
	return p, nil
}

// edited tells the UI that the active profile's settings changed (name,
// colour, read-only...), without the OnSwitch listeners: nothing needs to
// stop for an edit, and the Keycloak client is rebuilt on next use anyway.
func (s *Session) edited(p profile.Profile) {
	if s.ActiveID() == p.ID {
		s.emitter.Emit(EventProfileSwitched, p)
	}
}

// forget is called after a profile is deleted. If it was the active one,
// the session moves to the first remaining profile, or to none.
func (s *Session) forget(ctx context.Context, id int64) error {
	if s.ActiveID() != id {
		return nil
	}
	list, err := s.profiles.List(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		s.announce(nil)
		return nil
	}
	_, err = s.Switch(ctx, list[0].ID)
	return err
}

func (s *Session) announce(p *profile.Profile) {
	s.mu.Lock()
	s.activeID, s.client, s.clientKey = 0, nil, ""
	if p != nil {
		s.activeID = p.ID
	}
	listeners := append([]func(profile.Profile){}, s.listeners...)
	s.mu.Unlock()
	if p != nil {
		for _, fn := range listeners {
			fn(*p)
		}
		s.emitter.Emit(EventProfileSwitched, *p)
		return
	}
	for _, fn := range listeners {
		fn(profile.Profile{})
	}
	s.emitter.Emit(EventProfileSwitched, nil)
}

// OnSwitch registers fn to run after every switch, before the UI hears of
// it (the proxy stops, caches drop). fn gets the zero Profile when no
// profile is left. Register during start-up.
func (s *Session) OnSwitch(fn func(profile.Profile)) {
	s.mu.Lock()
	s.listeners = append(s.listeners, fn)
	s.mu.Unlock()
}
