package profile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tandemhq/tandem/backend/keycloak"

	"github.com/tandemhq/tandem/backend/routes"
	"github.com/tandemhq/tandem/backend/store"
)

// Re-exported so callers of this package need not import the store.
var (
	ErrNotFound      = store.ErrNotFound
	ErrAlreadyExists = store.ErrAlreadyExists
)

// ErrNoActiveProfile is returned by Active when no profile is chosen.
var ErrNoActiveProfile = errors.New("no active profile")

// ProxySettings are the per-profile settings of the embedded proxy that are
// not part of the route file.
type ProxySettings struct {
	// AutoStart starts the proxy when the profile becomes active.
	AutoStart bool `json:"autoStart"`
	// Listen is the address the proxy last started on for this profile,
	// offered again on the next start; empty: the route file's or the default.
	Listen string `json:"listen,omitempty"`
}

// Service manages profiles, their secrets and routes, and the active profile.
// It is safe for concurrent use; every multi-step write is one transaction.
type Service struct {
	db      Store
	secrets *Secrets
}

// NewService returns a Service over db that keeps secrets in secrets.
func NewService(db Store, secrets *Secrets) *Service {
	return &Service{db: db, secrets: secrets}
}

// SecretStoreInfo says where new secrets are kept and why.
func (s *Service) SecretStoreInfo() SecretStoreInfo { return s.secrets.Info() }

// List returns every profile ordered by name.
func (s *Service) List(ctx context.Context) ([]Profile, error) {
	rows, err := s.db.ListProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Profile, len(rows))
	for i, r := range rows {
		out[i] = fromRow(r)
	}
	return out, nil
}

// Get returns one profile, or an error wrapping ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (Profile, error) {
	r, err := s.db.GetProfile(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	return fromRow(r), nil
}

// GetByName returns the profile with that name, ignoring case.
func (s *Service) GetByName(ctx context.Context, name string) (Profile, error) {
	r, err := s.db.GetProfileByName(ctx, name)
	if err != nil {
		return Profile{}, err
	}
	return fromRow(r), nil
}

// Create validates the input, stores its secret and creates the profile with
// a starter route file. Every problem is reported at once as *ValidationError.
func (s *Service) Create(ctx context.Context, in ProfileInput) (Profile, error) {
	in = in.normalize()
	problems := in.validate(true)
	problems = append(problems, s.nameTaken(ctx, in.Name, 0)...)
	if len(problems) > 0 {
		return Profile{}, &ValidationError{Problems: problems}
	}
	cfg, err := json.Marshal(starterRoutes(in))
	if err != nil {
		return Profile{}, err
	}
	row := toRow(in)
	staged, err := s.stageSecret(ctx, &row, in.Secret)
	if err != nil {
		return Profile{}, fmt.Errorf("create profile %q: %w", in.Name, err)
	}
	created, err := s.db.CreateProfiles(ctx, []store.NewProfile{{Profile: row, Config: cfg, Proxy: mustJSON(ProxySettings{}), Secret: staged}})
	if err != nil {
		s.unstage(ctx, row, staged)
		return Profile{}, s.uniqueAsProblem(err, in.Name)
	}
	return fromRow(created[0]), nil
}

// Update replaces the profile's settings with in. An empty Secret keeps the
// stored secret, unless the login method changed (the old secret would be for
// the other method).
func (s *Service) Update(ctx context.Context, id int64, in ProfileInput) (Profile, error) {
	old, err := s.db.GetProfile(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	in = in.normalize()
	problems := in.validate(false)
	problems = append(problems, s.nameTaken(ctx, in.Name, id)...)
	if in.Secret == "" && string(in.AuthMethod) != old.AuthMethod && in.AuthMethod.valid() {
		problems = append(problems, Problem{Field: "secret", Code: CodeSecretNeeded, Message: "enter the secret for the new login method"})
	}
	if in.Secret == "" && old.SecretStore == "" && in.AuthMethod.valid() {
		problems = append(problems, Problem{Field: "secret", Code: CodeRequired, Message: "is required: this profile has no stored secret yet"})
	}
	if len(problems) > 0 {
		return Profile{}, &ValidationError{Problems: problems}
	}

	row := toRow(in)
	newSecret := in.Secret != ""
	var staged store.StagedSecret
	if newSecret {
		if staged, err = s.stageSecret(ctx, &row, in.Secret); err != nil {
			return Profile{}, fmt.Errorf("update profile %q: %w", in.Name, err)
		}
	}
	var replaced store.Profile
	updated, err := s.db.UpdateProfileWithSecret(ctx, id, staged, func(cur store.Profile) (store.Profile, error) {
		replaced = cur
		if !newSecret {
			row.SecretStore, row.SecretRef = cur.SecretStore, cur.SecretRef
		}
		return row, nil
	})
	if err != nil {
		if newSecret {
			s.unstage(ctx, row, staged)
		}
		return Profile{}, s.uniqueAsProblem(err, in.Name)
	}
	if newSecret {
		// The transaction retired the old secret; an outside one goes now.
		s.removeSecret(ctx, replaced.SecretStore, replaced.SecretRef)
	}
	return fromRow(updated), nil
}

// Delete removes the profile, its routes and saved tester cases, then its
// secrets (its login secret and sign-in's).
func (s *Service) Delete(ctx context.Context, id int64) error {
	old, others, err := s.db.DeleteProfileWithSecrets(ctx, id)
	if err != nil {
		return err
	}
	s.removeSecret(ctx, old.SecretStore, old.SecretRef)
	for _, ps := range others {
		s.removeSecret(ctx, ps.Store, ps.Ref)
	}
	return nil
}

// Duplicate copies a profile (settings, secret, routes, proxy settings) under
// a new name. The copy's secret is stored separately, so editing one profile
// never changes the other.
func (s *Service) Duplicate(ctx context.Context, id int64, newName string) (Profile, error) {
	src, err := s.db.GetProfile(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	rts, err := s.db.GetProfileRoutes(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	in := inputFromRow(src)
	in.Name = newName
	in = in.normalize()
	var problems []Problem
	for _, p := range in.validate(false) {
		if p.Field == "name" {
			problems = append(problems, p)
		}
	}
	problems = append(problems, s.nameTaken(ctx, in.Name, 0)...)
	if len(problems) > 0 {
		return Profile{}, &ValidationError{Problems: problems}
	}
	row := src
	row.ID, row.Name, row.SecretStore, row.SecretRef = 0, in.Name, "", ""
	var staged store.StagedSecret
	if src.SecretStore != "" {
		secret, err := s.secretOf(ctx, src)
		if err != nil {
			return Profile{}, fmt.Errorf("duplicate profile %q: %w", src.Name, err)
		}
		if staged, err = s.stageSecret(ctx, &row, secret); err != nil {
			return Profile{}, fmt.Errorf("duplicate profile %q: %w", src.Name, err)
		}
	}
	created, err := s.db.CreateProfiles(ctx, []store.NewProfile{{Profile: row, Config: rts.Config, Proxy: rts.Proxy, Secret: staged}})
	if err != nil {
		s.unstage(ctx, row, staged)
		return Profile{}, s.uniqueAsProblem(err, in.Name)
	}
	return fromRow(created[0]), nil
}

// Active returns the active profile, or ErrNoActiveProfile.
func (s *Service) Active(ctx context.Context) (Profile, error) {
	id, err := s.db.ActiveProfileID(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return Profile{}, ErrNoActiveProfile
	}
	if err != nil {
		return Profile{}, err
	}
	return s.Get(ctx, id)
}

// SetActive records id as the profile the app opens with.
func (s *Service) SetActive(ctx context.Context, id int64) error {
	return s.db.SetActiveProfileID(ctx, id)
}

// Secret returns the profile's password or client secret. Callers must not
// log or return it to the UI.
func (s *Service) Secret(ctx context.Context, id int64) (string, error) {
	p, err := s.db.GetProfile(ctx, id)
	if err != nil {
		return "", err
	}
	return s.secretOf(ctx, p)
}

func (s *Service) secretOf(ctx context.Context, p store.Profile) (string, error) {
	if p.SecretStore == "" {
		return "", fmt.Errorf("profile %q: %w", p.Name, ErrNoSecret)
	}
	st, err := s.secrets.store(p.SecretStore)
	if err != nil {
		return "", fmt.Errorf("profile %q: %w", p.Name, err)
	}
	v, err := st.Get(ctx, p.SecretRef)
	if err != nil {
		return "", fmt.Errorf("secret of profile %q: %w", p.Name, err)
	}
	return v, nil
}

// Routes returns the profile's route file.
func (s *Service) Routes(ctx context.Context, id int64) (routes.Config, error) {
	r, err := s.db.GetProfileRoutes(ctx, id)
	if err != nil {
		return routes.Config{}, err
	}
	var cfg routes.Config
	if err := json.Unmarshal(r.Config, &cfg); err != nil {
		return routes.Config{}, fmt.Errorf("read routes of profile %d: %w", id, err)
	}
	return cfg, nil
}

// SaveRoutes validates cfg (every problem at once, as *routes.ValidationError)
// and stores it. A read-only profile refuses with ErrReadOnly.
func (s *Service) SaveRoutes(ctx context.Context, id int64, cfg routes.Config) error {
	if cfg.Version == 0 {
		cfg.Version = routes.Version
	}
	if err := routes.Validate(cfg); err != nil {
		return err
	}
	body, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	_, err = s.db.UpdateProfileRoutes(ctx, id, func(p store.Profile, _ store.ProfileRoutes) (store.ProfileRoutes, error) {
		if p.ReadOnly {
			return store.ProfileRoutes{}, fmt.Errorf("save routes of profile %q: %w", p.Name, ErrReadOnly)
		}
		return store.ProfileRoutes{Config: body}, nil
	})
	return err
}

// ProxySettings returns the profile's proxy settings.
func (s *Service) ProxySettings(ctx context.Context, id int64) (ProxySettings, error) {
	r, err := s.db.GetProfileRoutes(ctx, id)
	if err != nil {
		return ProxySettings{}, err
	}
	var ps ProxySettings
	if err := json.Unmarshal(r.Proxy, &ps); err != nil {
		return ProxySettings{}, fmt.Errorf("read proxy settings of profile %d: %w", id, err)
	}
	return ps, nil
}

// SaveProxySettings stores the profile's proxy settings. They only affect the
// local proxy, so read-only profiles accept them.
func (s *Service) SaveProxySettings(ctx context.Context, id int64, ps ProxySettings) error {
	_, err := s.db.UpdateProfileRoutes(ctx, id, func(store.Profile, store.ProfileRoutes) (store.ProfileRoutes, error) {
		return store.ProfileRoutes{Proxy: mustJSON(ps)}, nil
	})
	return err
}

// nameTaken reports a problem when another profile (not except) has name.
func (s *Service) nameTaken(ctx context.Context, name string, except int64) []Problem {
	if name == "" {
		return nil
	}
	other, err := s.db.GetProfileByName(ctx, name)
	if err != nil || other.ID == except {
		return nil
	}
	return []Problem{{Field: "name", Code: CodeNameTaken, Message: fmt.Sprintf("a profile named %q already exists", other.Name)}}
}

// uniqueAsProblem turns a unique-name race lost in the database into the same
// validation error the pre-check gives.
func (s *Service) uniqueAsProblem(err error, name string) error {
	if errors.Is(err, store.ErrAlreadyExists) {
		return &ValidationError{Problems: []Problem{{Field: "name", Code: CodeNameTaken, Message: fmt.Sprintf("a profile named %q already exists", name)}}}
	}
	return err
}

func (m AuthMethod) valid() bool { return m == AuthPassword || m == AuthClient }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// starterRoutes is the route file of a new profile: no routes yet, the demo
// listen address, and the issuer of its default realm when one is set.
func starterRoutes(in ProfileInput) routes.Config {
	cfg := routes.Config{Version: routes.Version, Listen: routes.DefaultListen, Routes: []routes.Route{}}
	if in.DefaultRealm != "" {
		cfg.Issuer = keycloak.IssuerURL(in.KeycloakURL, in.DefaultRealm)
	}
	return cfg
}

func fromRow(r store.Profile) Profile {
	return Profile{ID: r.ID, Details: detailsOf(r), SecretStore: r.SecretStore, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// detailsOf reads the details of a stored profile.
func detailsOf(r store.Profile) Details {
	return Details{
		Name: r.Name, Kind: Kind(r.Kind), Color: r.Color, KeycloakURL: r.KeycloakURL, AdminRealm: r.AdminRealm,
		AuthMethod: AuthMethod(r.AuthMethod), Username: r.Username, ClientID: r.ClientID, DefaultRealm: r.DefaultRealm,
		ReadOnly: r.ReadOnly, Notes: r.Notes,
	}
}

func toRow(in ProfileInput) store.Profile {
	return store.Profile{
		Name: in.Name, Kind: string(in.Kind), Color: in.Color, KeycloakURL: in.KeycloakURL, AdminRealm: in.AdminRealm,
		AuthMethod: string(in.AuthMethod), Username: in.Username, ClientID: in.ClientID, DefaultRealm: in.DefaultRealm,
		ReadOnly: in.ReadOnly, Notes: in.Notes,
	}
}

func inputFromRow(r store.Profile) ProfileInput {
	return ProfileInput{Details: detailsOf(r)}
}
